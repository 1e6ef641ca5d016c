import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { fieldErrors } from "@/lib/validation/field-errors";
import { notificationQuerySchema } from "@/lib/reminder/schema";
import { listNotifications, notificationUserOf, unreadCount } from "@/lib/reminder/notifications";
import { toNotificationDto } from "@/lib/reminder/dto";

export const dynamic = "force-dynamic";

/**
 * The in-app notifications of the user who made this token, newest first. A token made with the
 * admin CLI belongs to no user: its list is empty, and `userId` is null.
 */
export const GET = apiRoute("viewer", async ({ req, db, actor }) => {
  const parsed = notificationQuerySchema.safeParse(
    Object.fromEntries(new URL(req.url).searchParams),
  );
  if (!parsed.success)
    return apiError(422, "invalid_query", "The query is not valid.", {
      fields: fieldErrors(parsed.error),
    });
  const userId = await notificationUserOf(db, actor);
  if (!userId) return Response.json({ userId: null, unread: 0, notifications: [] });
  const [rows, unread] = await Promise.all([
    listNotifications(db, userId, { unreadOnly: parsed.data.unread, limit: parsed.data.limit }),
    unreadCount(db, userId),
  ]);
  return Response.json({ userId, unread, notifications: rows.map(toNotificationDto) });
});
