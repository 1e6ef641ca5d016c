import "server-only";
import type { Db } from "@/lib/db/client";
import { neverGiveWay, type GiveWay } from "@/lib/db/give-way";
import { dueThreshold } from "@/lib/renewal/dates";
import { nextReviewDue } from "@/lib/review/due";
import { slugOf } from "@/lib/trust-store/kinds";
import type { TrustStoreKind } from "@/lib/db/generated/enums";
import type { EnvironmentSettings } from "./due";
import type { TargetPair } from "./enqueue";
import { activeAdmins } from "./recipients";
import {
  REVIEW_SUBJECT,
  TRUST_ENTRY_RULES,
  widestTrustLead,
  type TrustEntrySubject,
} from "./targets";

const DAY_MS = 86_400_000;

/** Drops the pairs whose deliveries already exist (any channel), so that `due` counts only new ones. */
async function withoutExisting(
  db: Db,
  kind: TargetPair["targetKind"],
  pairs: TargetPair[],
): Promise<TargetPair[]> {
  if (pairs.length === 0) return pairs;
  const existing = await db.reminderDelivery.findMany({
    where: { targetKind: kind, targetKey: { in: [...new Set(pairs.map((p) => p.targetKey))] } },
    select: { targetKey: true, subject: true, threshold: true },
    distinct: ["targetKey", "subject", "threshold"],
  });
  const seen = new Set(existing.map((e) => `${e.targetKey}\n${e.subject}\n${e.threshold}`));
  return pairs.filter((p) => !seen.has(`${p.targetKey}\n${p.subject}\n${p.threshold}`));
}

/**
 * The trust-store entries (every store: thales-client-ca, client-cert-issuers, d1-server-roots,
 * our-server-chain) with a reminder due now: a start-by date (expiry minus the store's lead,
 * lib/reminder/targets.ts) and the expiry, at the gateway's thresholds, daily once passed, like a
 * certificate's. An entry is watched as long as it is in its store: removing it (replaced) stops
 * its reminders. A handful of entries per environment, read through the notAfter index.
 */
export async function selectTrustEntryPairs(
  db: Db,
  settings: EnvironmentSettings[],
  now: Date,
  {
    giveWay = neverGiveWay,
    pageSize = TRUST_ENTRY_PAGE,
  }: { giveWay?: GiveWay; pageSize?: number } = {},
): Promise<TargetPair[]> {
  if (settings.length === 0) return [];
  const byEnvironment = new Map(settings.map((s) => [s.id, s]));
  const widest = Math.max(
    0,
    ...settings.map((s) => widestTrustLead(s.leadDays) + Math.max(0, ...s.thresholds)),
  );
  const bound = new Date(now.getTime() + widest * DAY_MS);
  const pairs: TargetPair[] = [];
  // In pages, with giveWay between them: 20,000 entries at once held PGlite for about 230 ms; a
  // page of TRUST_ENTRY_PAGE, a few milliseconds.
  let last: { notAfter: Date; id: string } | null = null;
  do {
    const entries: TrustEntryRow[] = await db.trustStoreEntry.findMany({
      where: {
        notAfter: { lte: bound },
        ...(last && {
          OR: [
            { notAfter: { gt: last.notAfter } },
            { notAfter: last.notAfter, id: { gt: last.id } },
          ],
        }),
      },
      select: { id: true, environmentId: true, kind: true, notAfter: true },
      orderBy: [{ notAfter: "asc" }, { id: "asc" }],
      take: pageSize,
    });
    const page = duePairsOf(entries, byEnvironment, now);
    pairs.push(...(await withoutExisting(db, "trust-store-entry", page)));
    last = entries.length === pageSize ? entries.at(-1)! : null;
    if (last) await giveWay();
  } while (last);
  return pairs;
}

const TRUST_ENTRY_PAGE = 500;

type TrustEntryRow = { id: string; environmentId: string; kind: TrustStoreKind; notAfter: Date };

function duePairsOf(
  entries: TrustEntryRow[],
  byEnvironment: Map<string, EnvironmentSettings>,
  now: Date,
): TargetPair[] {
  const pairs: TargetPair[] = [];
  for (const entry of entries) {
    const env = byEnvironment.get(entry.environmentId);
    if (!env) continue;
    const lead = TRUST_ENTRY_RULES[slugOf(entry.kind)].lead(env.leadDays);
    const dates: [TrustEntrySubject, Date][] = [
      ["start-by", new Date(entry.notAfter.getTime() - lead * DAY_MS)],
      ["expiry", entry.notAfter],
    ];
    // One reminder per entry and sweep: its start-by message also states the expiry, so while the
    // entry is still valid the start-by one goes when due; once expired, the expiry one.
    const due = dates
      .map(([subject, date]) => ({ subject, threshold: dueThreshold(date, env.thresholds, now) }))
      .filter(
        (d): d is { subject: TrustEntrySubject; threshold: string } =>
          d.threshold !== null && d.threshold !== undefined,
      );
    const expired = entry.notAfter.getTime() <= now.getTime();
    const chosen = due.find((d) => d.subject === (expired ? "expiry" : "start-by")) ?? due[0];
    if (chosen)
      pairs.push({
        targetKind: "trust-store-entry",
        targetKey: entry.id,
        environmentId: entry.environmentId,
        subject: chosen.subject,
        threshold: chosen.threshold,
        hasEmail: env.hasEmail,
        hasWebhook: env.hasWebhook,
      });
  }
  return pairs;
}

/**
 * When an environment's yearly review (PCI DSS 12.3.3) is next due (ADR 0023): twelve months after
 * the latest review that covers it, its own or a global one (environmentId null covers every
 * environment), by lib/review/due.ts. An environment never reviewed is reminded from twelve months
 * after it was created: a new environment is not nagged daily from its first day, while the report
 * (lib/review/due.ts: reviewOverdue) already calls it overdue.
 */
export function reviewDueOn(lastReviewedOn: Date | null, environmentCreatedAt: Date): Date {
  return nextReviewDue(lastReviewedOn ?? environmentCreatedAt)!;
}

/** The latest review covering each environment (its own or a global one). */
export async function lastReviews(
  db: Db,
): Promise<{ global: Date | null; byEnvironment: Map<string, Date> }> {
  const rows = await db.inventoryReview.groupBy({
    by: ["environmentId"],
    _max: { reviewedOn: true },
  });
  const global = rows.find((r) => r.environmentId === null)?._max.reviewedOn ?? null;
  const byEnvironment = new Map<string, Date>();
  for (const row of rows)
    if (row.environmentId && row._max.reviewedOn)
      byEnvironment.set(row.environmentId, row._max.reviewedOn);
  return { global, byEnvironment };
}

const later = (a: Date | null | undefined, b: Date | null | undefined) =>
  !a ? (b ?? null) : !b ? a : a.getTime() >= b.getTime() ? a : b;

/**
 * The environments whose yearly review has a reminder due now, at the gateway's thresholds, daily
 * once overdue. Its people are the admins and the environment's custodians (email and bell); a
 * review is people's work, so no webhook. Nothing is planned when nobody would receive it.
 */
export async function selectReviewPairs(
  db: Db,
  settings: EnvironmentSettings[],
  now: Date,
): Promise<TargetPair[]> {
  if (settings.length === 0) return [];
  const [{ global, byEnvironment }, environments, admins, custodians] = await Promise.all([
    lastReviews(db),
    db.environment.findMany({ select: { id: true, createdAt: true } }),
    activeAdmins(db),
    db.environmentCustodian.findMany({
      where: { removedAt: null, user: { disabledAt: null } },
      select: { environmentId: true },
      distinct: ["environmentId"],
    }),
  ]);
  const withCustodians = new Set(custodians.map((c) => c.environmentId));
  const settingsOf = new Map(settings.map((s) => [s.id, s]));
  const pairs: TargetPair[] = [];
  for (const env of environments) {
    const s = settingsOf.get(env.id);
    if (!s) continue;
    const people = admins.length > 0 || withCustodians.has(env.id);
    if (!people) continue;
    const due = reviewDueOn(later(byEnvironment.get(env.id), global), env.createdAt);
    const threshold = dueThreshold(due, s.thresholds, now);
    if (threshold)
      pairs.push({
        targetKind: "review",
        targetKey: env.id,
        environmentId: env.id,
        subject: REVIEW_SUBJECT,
        threshold,
        hasEmail: true,
        hasWebhook: false,
        hasInApp: true,
      });
  }
  return withoutExisting(db, "review", pairs);
}
