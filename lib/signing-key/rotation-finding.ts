import "server-only";
import type { Db } from "@/lib/db/client";
import type { DeliverableFinding } from "@/lib/finding/deliverable";
import { currentSigningKey, rotateBy, rotationCountdown, rotationState } from "./rotation";
import { isoDay } from "@/lib/dates";

/**
 * "Rotation due" of each environment's OAuth signing key as a deliverable finding: bell, email
 * and webhook, once per key (the key's id is in the finding's key, so the next
 * key's rotation is a new finding).
 */
export async function signingKeyRotationFindings(
  db: Db,
  now: Date = new Date(),
): Promise<DeliverableFinding[]> {
  const environments = await db.environment.findMany({
    select: {
      id: true,
      code: true,
      gateway: { select: { merchantGatewayId: true, keyRotationDays: true } },
      signingKeys: {
        where: { retiredAt: null },
        select: { id: true, thumbprint: true, onboardedAt: true, retiredAt: true, createdAt: true },
      },
    },
    orderBy: { id: "asc" },
  });
  const out: DeliverableFinding[] = [];
  for (const env of environments) {
    const key = currentSigningKey(env.signingKeys);
    const days = env.gateway.keyRotationDays;
    if (!key || rotationState(key, days, now) !== "rotation-due") continue;
    const by = rotateBy(key, days);
    const countdown = rotationCountdown(key, days, now);
    const overdue = "daysOverdue" in countdown ? countdown.daysOverdue : 0;
    out.push({
      key: `signing-key.rotation-due:${key.id}`,
      environmentId: env.id,
      severity: "warning",
      title: `Warning: OAuth signing key rotation due · ${env.gateway.merchantGatewayId} ${env.code}`,
      detail:
        `The OAuth signing key ${key.thumbprint} was due for rotation on ${isoDay(by)}${overdue > 0 ? ` (${overdue} day${overdue === 1 ? "" : "s"} ago)` : ""}, ` +
        `${days} days after it was ${key.onboardedAt ? "onboarded with Thales" : "made"}. Make a new ES256 key, onboard its public key with Thales, then retire this one.`,
      link: `/gateways/${encodeURIComponent(env.gateway.merchantGatewayId)}/${env.code}/signing-keys`,
    });
  }
  return out;
}
