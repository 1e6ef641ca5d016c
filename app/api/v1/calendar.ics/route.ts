import { apiRoute } from "@/lib/api/route";
import { CALENDAR_HEADERS, certificateCalendar } from "@/lib/calendar/feed";
import { reminderConfigFromEnv } from "@/lib/reminder/config";

export const dynamic = "force-dynamic";

/** The certificates' start-renewal-by and expiry dates as iCalendar, for a token holder. */
export const GET = apiRoute("viewer", async ({ db }) => {
  const ics = await certificateCalendar(db, { appUrl: reminderConfigFromEnv().appUrl });
  return new Response(ics, { headers: CALENDAR_HEADERS });
});
