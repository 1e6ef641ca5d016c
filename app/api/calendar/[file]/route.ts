import { CALENDAR_HEADERS } from "@/lib/calendar/feed";
import { calendarForToken } from "@/lib/calendar/data";
import { reminderConfigFromEnv } from "@/lib/reminder/config";

export const dynamic = "force-dynamic";

/**
 * A user's calendar feed at its secret URL, /api/calendar/<token>.ics. Calendar apps cannot send
 * a header, so the 256-bit token in the path is the credential (only its SHA-256 is stored; a new
 * feed or a revocation ends it). Any unknown, revoked or malformed token gets the same 404.
 */
export async function GET(_req: Request, context: { params: Promise<{ file: string }> }) {
  const { file } = await context.params;
  const notFound = () =>
    new Response("Not found\n", {
      status: 404,
      headers: { "content-type": "text/plain", "cache-control": "no-store" },
    });
  if (!file.endsWith(".ics")) return notFound();
  try {
    const ics = await calendarForToken(file.slice(0, -4), reminderConfigFromEnv().appUrl);
    if (ics === null) return notFound();
    return new Response(ics, { headers: CALENDAR_HEADERS });
  } catch (error) {
    // Never log the path: it holds the token.
    console.error("[calendar] feed failed:", (error as Error).message);
    return new Response("Server error\n", {
      status: 500,
      headers: { "content-type": "text/plain" },
    });
  }
}
