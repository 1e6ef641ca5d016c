import "server-only";
import { db } from "@/lib/db/client";
import { certificateCalendar } from "./feed";
import { calendarFeedInfo, userForCalendarToken } from "./tokens";

/** Whether the user has a feed, and since when: the calendar page. */
export async function calendarFeedOf(userId: string) {
  return calendarFeedInfo(await db(), userId);
}

/** The feed behind a token, as iCalendar text; null for anything that is not a live feed. */
export async function calendarForToken(token: string, appUrl: string) {
  const prisma = await db();
  const userId = await userForCalendarToken(prisma, token);
  if (!userId) return null;
  return certificateCalendar(prisma, { appUrl });
}
