import type { Db } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import { hasRole } from "@/lib/auth/actor";
import { nextReviewDue } from "./due";
import type { ReviewInput } from "./schema";
import { isoDay } from "@/lib/dates";
import type { Refusal } from "@/lib/refusal";

export type RecordReviewResult =
  | { ok: true; id: string }
  | Refusal<403 | 404, "forbidden" | "not_found">;

/**
 * An admin records the yearly review (PCI DSS 12.3.3), audited in the same transaction. The
 * reviewer is named as given (the person who did it), the recorder is the audit record's actor.
 */
export async function recordReview(
  db: Db,
  actor: Actor,
  input: ReviewInput,
): Promise<RecordReviewResult> {
  if (!hasRole(actor.role, "admin"))
    return {
      ok: false,
      status: 403,
      code: "forbidden",
      message: "Only an admin records the yearly review.",
    };
  let place: { gatewayId: string; code: string; merchantGatewayId: string } | null = null;
  if (input.environmentId) {
    const environment = await db.environment.findUnique({
      where: { id: input.environmentId },
      select: { gatewayId: true, code: true, gateway: { select: { merchantGatewayId: true } } },
    });
    if (!environment)
      return { ok: false, status: 404, code: "not_found", message: "No environment with this id." };
    place = {
      gatewayId: environment.gatewayId,
      code: environment.code,
      merchantGatewayId: environment.gateway.merchantGatewayId,
    };
  }
  const id = await db.$transaction(async (tx) => {
    const review = await tx.inventoryReview.create({
      data: {
        environmentId: input.environmentId,
        reviewedOn: input.reviewedOn,
        reviewerId: actor.type === "user" ? actor.id : null,
        reviewerLabel: input.reviewer,
        notes: input.notes,
        changes: input.changes,
      },
    });
    await appendAudit(tx, actor, {
      action: "review.record",
      objectType: "inventory-review",
      objectId: review.id,
      gatewayId: place?.gatewayId ?? null,
      environmentId: input.environmentId,
      summary: {
        scope: place ? `${place.merchantGatewayId}/${place.code}` : "everything",
        reviewedOn: isoDay(input.reviewedOn),
        reviewer: input.reviewer,
        notes: input.notes,
        changes: input.changes,
        nextDue: isoDay(nextReviewDue(input.reviewedOn)!),
      },
    });
    return review.id;
  });
  return { ok: true, id };
}
