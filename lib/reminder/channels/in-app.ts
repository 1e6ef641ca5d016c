import "server-only";
import type { Tx } from "@/lib/db/client";
import type { ReminderMessage } from "../message";
import type { DeliveryRef, SendResult } from "./types";

/**
 * The bell: one notification per user (every role may read every certificate), written in the
 * same transaction that marks the delivery sent, so it is all or nothing. (userId, deliveryId)
 * is unique, so a repeat writes nothing.
 */
export async function deliverInApp(
  tx: Tx,
  ctx: DeliveryRef,
  message: ReminderMessage,
  now: Date,
  only: string[] | null = null,
): Promise<SendResult> {
  // `only`: the reminder's own people (the yearly review: admins and custodians), else every user.
  const users = await tx.user.findMany({
    where: only ? { id: { in: only } } : undefined,
    select: { id: true },
  });
  const created = await tx.notification.createMany({
    data: users.map((user) => ({
      userId: user.id,
      deliveryId: ctx.deliveryId,
      title: message.title,
      body: message.text,
      link: message.path,
      createdAt: now,
    })),
    skipDuplicates: true,
  });
  return {
    ok: true,
    detail: `in-app: ${created.count} notification(s) for ${users.length} user(s)`,
  };
}
