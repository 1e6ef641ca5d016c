import { SEARCH_PAGE_SIZE } from "./search";

/**
 * A typed search list's pages, for the pager. Its count is exact up to SEARCH_TYPED_COUNT_CAP:
 * past it, the pages that count covers, or the page shown if it is further on, and "+" while
 * another page follows.
 */
export function typedPages(
  { total, exact, more }: { total: number; exact: boolean; more: boolean },
  page: number,
): { pages: number; more: boolean } {
  const counted = Math.max(1, Math.ceil(total / SEARCH_PAGE_SIZE));
  if (exact) return { pages: counted, more: false };
  return { pages: Math.max(page, counted), more: page < counted || more };
}
