import "server-only";
import type { Db } from "@/lib/db/client";
import type { DeliverableFinding } from "./deliverable";

/** The bell's key of a finding: the same finding reaches each user once ((userId, deliveryId) is unique). */
export const findingNotificationId = (f: Pick<DeliverableFinding, "environmentId" | "key">) =>
  `finding:${f.environmentId}:${f.key}`.slice(0, 500);

/**
 * Puts findings on every user's bell (every role reads every environment), each once per user
 * however many sweeps or instances run. Email and webhook go through the reminder deliveries
 * (lib/reminder/findings.ts). Returns how many notifications were new.
 */
export async function announceOnBell(
  db: Db,
  findings: DeliverableFinding[],
  now: Date,
): Promise<number> {
  if (findings.length === 0) return 0;
  const users = await db.user.findMany({ select: { id: true } });
  if (users.length === 0) return 0;
  const result = await db.notification.createMany({
    data: findings.flatMap((f) =>
      users.map((u) => ({
        userId: u.id,
        deliveryId: findingNotificationId(f),
        title: f.title,
        body: f.detail,
        link: f.link,
        createdAt: now,
      })),
    ),
    skipDuplicates: true,
  });
  return result.count;
}
