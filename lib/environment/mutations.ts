import "server-only";
import type { Db } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import type { RenewalLeadOverrideInput } from "./schema";
import { effectiveLeadDays } from "@/lib/renewal/dates";

export type LeadOverrideResult =
  | { ok: true; value: { renewalLeadDaysOverride: number | null; effectiveLeadDays: number } }
  | { ok: false; code: "not_found"; message: string };

/**
 * Sets (or clears, with null) this environment's renewal lead time. The start-renewal-by date of
 * its certificates moves at once (it is derived), and so do the reminders the next sweep sends.
 */
export async function setRenewalLeadOverride(
  db: Db,
  actor: Actor,
  environmentId: string,
  input: RenewalLeadOverrideInput,
): Promise<LeadOverrideResult> {
  return db.$transaction(async (tx) => {
    const before = await tx.environment.findUnique({
      where: { id: environmentId },
      include: {
        gateway: { select: { id: true, merchantGatewayId: true, renewalLeadDays: true } },
      },
    });
    if (!before)
      return { ok: false, code: "not_found", message: "This environment does not exist." } as const;
    const value = input.renewalLeadDaysOverride;
    await tx.environment.update({
      where: { id: environmentId },
      data: { renewalLeadDaysOverride: value },
    });
    if (before.renewalLeadDaysOverride !== value) {
      await appendAudit(tx, actor, {
        action: "environment.renewal-lead.update",
        objectType: "environment",
        objectId: environmentId,
        gatewayId: before.gateway.id,
        environmentId,
        summary: {
          merchantGatewayId: before.gateway.merchantGatewayId,
          env: before.code,
          from: before.renewalLeadDaysOverride,
          to: value,
          gatewayDefault: before.gateway.renewalLeadDays,
        },
      });
    }
    return {
      ok: true,
      value: {
        renewalLeadDaysOverride: value,
        effectiveLeadDays: effectiveLeadDays({ renewalLeadDaysOverride: value }, before.gateway),
      },
    } as const;
  });
}
