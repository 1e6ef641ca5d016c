import { db as database, type Db, type Tx } from "@/lib/db/client";
import { nextReviewDue, reviewOverdue } from "./due";
import { isoDay } from "@/lib/dates";
import { listEnvironmentScopes } from "@/lib/environment/data";

export type ReviewRow = {
  id: string;
  environmentId: string | null;
  reviewedOn: Date;
  reviewerLabel: string;
  notes: string;
  changes: string;
  createdAt: Date;
};

export type ReviewStatus = {
  /** The review that counts for this scope (its own, or a review of everything), or null. */
  last: (ReviewRow & { scope: string }) | null;
  nextDue: Date | null;
  overdue: boolean;
};

/** Past reviews, newest first: of one environment (with the reviews of everything), or all. */
export async function listReviews(
  db: Db | Tx,
  options: { environmentId?: string | null; take?: number } = {},
) {
  const rows = await db.inventoryReview.findMany({
    where: options.environmentId
      ? { OR: [{ environmentId: options.environmentId }, { environmentId: null }] }
      : {},
    orderBy: [{ reviewedOn: "desc" }, { createdAt: "desc" }],
    take: options.take ?? 200,
    include: {
      environment: { select: { code: true, gateway: { select: { merchantGatewayId: true } } } },
    },
  });
  return rows.map((r) => ({
    ...r,
    scope: r.environment
      ? `${r.environment.gateway.merchantGatewayId}/${r.environment.code}`
      : "everything",
  }));
}

/**
 * The last review that covers a scope. One environment: its own reviews and reviews of
 * everything. Everything (environmentId null): reviews of everything only: a review of one
 * environment does not cover the others.
 */
export async function reviewStatus(
  db: Db | Tx,
  environmentId: string | null,
  now: Date = new Date(),
): Promise<ReviewStatus> {
  const [last] = environmentId
    ? await listReviews(db, { environmentId, take: 1 })
    : await everythingReviews(db, 1);
  const reviewedOn = last?.reviewedOn ?? null;
  return {
    last: last ?? null,
    nextDue: nextReviewDue(reviewedOn),
    overdue: reviewOverdue(reviewedOn, now),
  };
}

async function everythingReviews(db: Db | Tx, take: number) {
  const rows = await db.inventoryReview.findMany({
    where: { environmentId: null },
    orderBy: [{ reviewedOn: "desc" }, { createdAt: "desc" }],
    take,
  });
  return rows.map((r) => ({ ...r, scope: "everything" }));
}

export function toReviewDto(r: ReviewRow & { scope: string }) {
  return {
    id: r.id,
    environmentId: r.environmentId,
    scope: r.scope,
    reviewedOn: isoDay(r.reviewedOn),
    reviewer: r.reviewerLabel,
    notes: r.notes,
    changes: r.changes,
    nextDue: isoDay(nextReviewDue(r.reviewedOn)!),
    recordedAt: r.createdAt.toISOString(),
  };
}

export function toReviewStatusDto(status: ReviewStatus) {
  return {
    last: status.last ? toReviewDto(status.last) : null,
    nextDue: status.nextDue ? isoDay(status.nextDue) : null,
    overdue: status.overdue,
  };
}

/** The reports page: the scopes to choose from, the one asked for, its review status and reviews. */
export async function reportsPageData(askedEnvironmentId: string) {
  const prisma = await database();
  const scopes = (await listEnvironmentScopes(prisma)).map((e) => ({
    id: e.id,
    label: `${e.gateway.merchantGatewayId} (${e.gateway.name}) / ${e.code}`,
  }));
  const selected = scopes.find((s) => s.id === askedEnvironmentId) ?? null;
  const [status, reviews] = await Promise.all([
    reviewStatus(prisma, selected?.id ?? null),
    listReviews(prisma, { environmentId: selected?.id ?? null }),
  ]);
  return { scopes, selected, status, reviews };
}
