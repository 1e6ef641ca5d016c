import "server-only";
import type { Db } from "@/lib/db/client";
import { reconcileClientCa } from "./findings";

/**
 * Feeds the reconciliation findings to the bell: each finding (by its key) reaches each user
 * once, however many sweeps or instances run ((userId, deliveryId) is unique). Runs with every
 * reminder sweep; a handful of environments, so a handful of small queries.
 */
export async function announceFindings(db: Db, now: Date = new Date()): Promise<number> {
  const environments = await db.environment.findMany({ select: { id: true, code: true, gateway: { select: { merchantGatewayId: true } } } });
  const users = await db.user.findMany({ select: { id: true } });
  if (users.length === 0) return 0;
  let created = 0;
  for (const env of environments) {
    const findings = await reconcileClientCa(db, env.id, now);
    if (findings.length === 0) continue;
    const result = await db.notification.createMany({
      data: findings.flatMap((f) =>
        users.map((u) => ({
          userId: u.id,
          deliveryId: `finding:${env.id}:${f.key}`.slice(0, 500),
          title: `${f.severity === "critical" ? "Critical" : "Warning"}: Thales Client CA · ${env.gateway.merchantGatewayId} ${env.code}`,
          body: f.message,
          link: `/gateways/${encodeURIComponent(env.gateway.merchantGatewayId)}/${env.code}/${f.section}`,
          createdAt: now,
        })),
      ),
      skipDuplicates: true,
    });
    created += result.count;
  }
  return created;
}
