import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { readValidJson } from "@/lib/api/validated";
import {
  markAllRead,
  markRead,
  notificationUserOf,
  unreadCount,
} from "@/lib/reminder/notifications";

export const dynamic = "force-dynamic";

const readSchema = z
  .object({
    id: z
      .string()
      .trim()
      .min(1, { error: "id must name a notification, or be left out to mark all read." })
      .max(64)
      .optional(),
  })
  .strict();

/**
 * Marks one of the token's user's notifications read ({ id }), or all of them ({}), as the bell
 * does. A token made with the admin CLI belongs to no user: nothing to mark.
 */
export const POST = apiRoute("viewer", async ({ req, db, actor }) => {
  const body = await readValidJson(req, readSchema, "The request", 4 * 1024);
  if (!body.ok) return body.response;
  const userId = await notificationUserOf(db, actor);
  if (!userId) return Response.json({ userId: null, unread: 0 });
  if (body.data.id) await markRead(db, userId, [body.data.id]);
  else await markAllRead(db, userId);
  return Response.json({ userId, unread: await unreadCount(db, userId) });
});
