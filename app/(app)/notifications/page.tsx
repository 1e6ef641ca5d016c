import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { notificationsPageData } from "@/lib/reminder/data";
import { markReadAction } from "@/lib/reminder/actions";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Pager } from "@/components/ui/pager";
import { Button } from "@/components/ui/button";
import { utcMinute } from "@/lib/dates";

export const metadata = { title: "Notifications" };

export default async function NotificationsPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string }>;
}) {
  const user = await requireUser();
  const {
    rows: notifications,
    total,
    unread,
    page,
    pages,
  } = await notificationsPageData(user.id, Number((await searchParams).page) || 1);
  return (
    <>
      <PageHeader
        title="Notifications"
        description={`Renewal reminders delivered in the app, newest first${total > 0 ? `: ${total} in all, ${unread} unread` : ""}. Acknowledge or snooze them on the certificate's page.`}
        actions={
          unread > 0 ? (
            <form action={markReadAction}>
              <Button variant="secondary">Mark all read</Button>
            </form>
          ) : undefined
        }
      />
      {notifications.length === 0 ? (
        <EmptyState title="No notification">
          Reminders appear here as certificates approach their start-renewal-by date and expiry.
        </EmptyState>
      ) : (
        <ul className="space-y-2" aria-label="Notifications">
          {notifications.map((n) => (
            <li
              key={n.id}
              className={`rounded-md border p-3 ${n.readAt ? "border-slate-200 dark:border-slate-800" : "border-blue-400 bg-blue-50 dark:bg-blue-950"}`}
            >
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div>
                  <p className="font-medium">{n.title}</p>
                  {/* The body is the reminder's text, one fact per line. */}
                  <p className="whitespace-pre-line break-words text-sm text-slate-700 dark:text-slate-300">
                    {n.body}
                  </p>
                  <p className="text-xs text-slate-600 dark:text-slate-400">
                    {utcMinute(n.createdAt)}
                    {n.link && (
                      <>
                        {" "}
                        ·{" "}
                        <Link href={n.link} className="underline">
                          Open
                        </Link>
                      </>
                    )}
                  </p>
                </div>
                {!n.readAt && (
                  <form action={markReadAction}>
                    <input type="hidden" name="id" value={n.id} />
                    <Button variant="ghost" aria-label={`Mark read: ${n.title}`}>
                      Mark read
                    </Button>
                  </form>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pager
        page={page}
        pages={pages}
        href={(p) => `/notifications?page=${p}`}
        previous="← Newer"
        next="Older →"
      />
    </>
  );
}
