import Link from "next/link";

/** The in-app reminders: a bell with the unread count, leading to the list. */
export function Bell({ unread }: { unread: number }) {
  return (
    <Link href="/notifications" className="relative rounded-md px-2 py-1.5 text-sm hover:bg-slate-100 dark:hover:bg-slate-800" aria-label={unread ? `Notifications: ${unread} unread` : "Notifications"}>
      <span aria-hidden>🔔</span>
      {unread > 0 && (
        <span className="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-700 px-1 text-center text-xs font-semibold text-white" data-testid="unread-count">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}
