import { requireUser } from "@/lib/auth/session";
import { calendarFeedOf } from "@/lib/calendar/data";
import { Card, PageHeader } from "@/components/ui/card";
import { CalendarFeed } from "@/components/reminder/calendar-feed";
import { isoDay } from "@/lib/dates";

export const metadata = { title: "Calendar feed" };

export default async function CalendarPage() {
  const user = await requireUser();
  const feed = await calendarFeedOf(user.id);
  return (
    <>
      <PageHeader
        title="Calendar feed"
        description="Start-renewal-by and expiry dates of every client certificate, in your calendar (iCalendar)."
      />
      <Card>
        {feed && (
          <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
            You have a feed since {isoDay(feed.createdAt)}.
          </p>
        )}
        <CalendarFeed hasFeed={Boolean(feed)} />
      </Card>
    </>
  );
}
