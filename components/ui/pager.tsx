import Link from "next/link";

const linkClass = "text-blue-700 hover:underline dark:text-blue-300";

/**
 * Previous/next links for a server-paginated table; `href(page)` keeps the other URL state.
 * `more`: pages follow beyond `pages` (a count that stopped at a cap): "Page 3 of 40+".
 */
export function Pager({
  page,
  pages,
  more = false,
  href,
  previous = "← Previous",
  next = "Next →",
}: {
  page: number;
  pages: number;
  more?: boolean;
  href: (page: number) => string;
  previous?: string;
  next?: string;
}) {
  if (pages <= 1 && !more) return null;
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center gap-4 text-sm">
      {page > 1 && (
        <Link href={href(page - 1)} className={linkClass}>
          {previous}
        </Link>
      )}
      <span>
        Page {page} of {pages}
        {more ? "+" : ""}
      </span>
      {(page < pages || more) && (
        <Link href={href(page + 1)} className={linkClass}>
          {next}
        </Link>
      )}
    </nav>
  );
}
