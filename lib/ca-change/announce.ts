import "server-only";
import type { Db } from "@/lib/db/client";
import type { DeliverableFinding } from "@/lib/finding/deliverable";
import { announceOnBell } from "@/lib/finding/bell";
import { neverGiveWay, type GiveWay } from "@/lib/db/give-way";
import { reconcileClientCa } from "./findings";

/**
 * The Thales Client CA reconciliation findings of every environment, as deliverable findings (the
 * bell, email and webhook: lib/reminder/findings.ts). The key is the reconciliation's own, so the
 * bell's notifications keep the ids they always had (`finding:<environmentId>:<key>`).
 *
 * `giveWay` runs between environments: each one's reconciliation is a few statements, and all of
 * them back to back held PGlite for about 70 ms at 100,000 certificates (docs/benchmarks.md).
 */
export async function caChangeFindings(
  db: Db,
  now: Date = new Date(),
  giveWay: GiveWay = neverGiveWay,
): Promise<DeliverableFinding[]> {
  const environments = await db.environment.findMany({
    select: { id: true, code: true, gateway: { select: { merchantGatewayId: true } } },
    orderBy: { id: "asc" },
  });
  const out: DeliverableFinding[] = [];
  for (const [i, env] of environments.entries()) {
    if (i > 0) await giveWay();
    for (const f of await reconcileClientCa(db, env.id, now)) {
      out.push({
        key: f.key,
        environmentId: env.id,
        severity: f.severity,
        title: `${f.severity === "critical" ? "Critical" : "Warning"}: Thales Client CA · ${env.gateway.merchantGatewayId} ${env.code}`,
        detail: f.message,
        link: `/gateways/${encodeURIComponent(env.gateway.merchantGatewayId)}/${env.code}/${f.section}`,
      });
    }
  }
  return out;
}

/**
 * Feeds the reconciliation findings to the bell: each finding (by its key) reaches each user
 * once, however many sweeps or instances run ((userId, deliveryId) is unique). The sweep does this
 * for every finding source at once (lib/reminder/findings.ts).
 */
export async function announceFindings(db: Db, now: Date = new Date()): Promise<number> {
  return announceOnBell(db, await caChangeFindings(db, now), now);
}
