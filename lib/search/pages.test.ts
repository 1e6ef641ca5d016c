// The typed search list's pager: exact counts give their pages; a count stopped at its cap
// gives "of 40+" and a next page while the search says one follows.
import { describe, expect, it } from "vitest";
import { typedPages } from "./pages";
import { SEARCH_TYPED_COUNT_CAP } from "./search";

describe("typedPages", () => {
  it("gives an exact count's pages, and at least one", () => {
    expect(typedPages({ total: 0, exact: true, more: false }, 1)).toEqual({
      pages: 1,
      more: false,
    });
    expect(typedPages({ total: 51, exact: true, more: true }, 1)).toEqual({
      pages: 3,
      more: false,
    });
  });
  it("past the cap: the counted pages and more, then the page shown while another follows", () => {
    const capped = { total: SEARCH_TYPED_COUNT_CAP, exact: false };
    expect(typedPages({ ...capped, more: true }, 3)).toEqual({ pages: 40, more: true });
    expect(typedPages({ ...capped, more: true }, 40)).toEqual({ pages: 40, more: true });
    expect(typedPages({ ...capped, more: true }, 45)).toEqual({ pages: 45, more: true });
    expect(typedPages({ ...capped, more: false }, 45)).toEqual({ pages: 45, more: false });
  });
});
