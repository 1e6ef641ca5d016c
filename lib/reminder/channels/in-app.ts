import "server-only";
import type { Tx } from "@/lib/db/client";
import type { ReminderContext, ReminderMessage } from "../message";
import type { SendResult } from "./types";

/**
 * The bell: one notification per user (every role may read every certificate), written in the
 * same transaction that marks the delivery sent, so it is all or nothing. (userId, deliveryId)
 * is unique, so a repeat writes nothing.
 */
export async function deliverInApp(tx: Tx, ctx: ReminderContext, message: ReminderMessage, now: Date): Promise<SendResult> {
  const users = await tx.user.findMany({ select: { id: true } });
  const created = await tx.notification.createMany({
    data: users.map((user) => ({ userId: user.id, deliveryId: ctx.deliveryId, title: message.title, body: message.text, link: message.path, createdAt: now })),
    skipDuplicates: true,
  });
  return { ok: true, detail: `in-app: ${created.count} notification(s) for ${users.length} user(s)` };
}
