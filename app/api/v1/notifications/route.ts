import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { fieldErrors } from "@/lib/validation/field-errors";
import { notificationQuerySchema } from "@/lib/reminder/schema";
import {
  listNotifications,
  NOTIFICATION_PAGE_SIZE,
  notificationUserOf,
  unreadCount,
} from "@/lib/reminder/notifications";
import { toNotificationDto } from "@/lib/reminder/dto";

export const dynamic = "force-dynamic";

/**
 * The in-app notifications of the user who made this token, newest first, `limit` (50) a `page`
 * (1); `total`: how many the filter matches in all. A token made with the admin CLI belongs to
 * no user: its list is empty, and `userId` is null.
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
  if (!userId) return Response.json({ userId: null, unread: 0, total: 0, notifications: [] });
  const { unread: unreadOnly, limit = NOTIFICATION_PAGE_SIZE, page = 1 } = parsed.data;
  const [rows, unread, total] = await Promise.all([
    listNotifications(db, userId, { unreadOnly, limit, skip: (page - 1) * limit }),
    unreadCount(db, userId),
    db.notification.count({ where: { userId, readAt: unreadOnly ? null : undefined } }),
  ]);
  return Response.json({ userId, unread, total, notifications: rows.map(toNotificationDto) });
});
