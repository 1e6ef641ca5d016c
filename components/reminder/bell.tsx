import Link from "next/link";

/**
 * The in-app reminders: a bell with the unread count, leading to the list. `unread` is counted up
 * to 100 (BELL_COUNT_CAP): from 100 on the bell says "99+".
 */
export function Bell({ unread }: { unread: number }) {
  return (
    <Link
      href="/notifications"
      className="relative inline-flex items-center rounded-md px-2 py-1.5 text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
      aria-label={
        unread > 99
          ? "Notifications: more than 99 unread"
          : unread
            ? `Notifications: ${unread} unread`
            : "Notifications"
      }
    >
      {/* An inline icon: an emoji needs a font that servers and kiosks often lack. */}
      <svg
        aria-hidden
        viewBox="0 0 24 24"
        className="h-5 w-5"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread > 0 && (
        <span
          className="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-700 px-1 text-center text-xs font-semibold text-white"
          data-testid="unread-count"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}
