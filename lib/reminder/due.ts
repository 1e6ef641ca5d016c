import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { dueThreshold, startRenewalBy } from "@/lib/renewal/dates";
import type { ReminderSubject } from "./subjects";
import { neverGiveWay, type GiveWay } from "@/lib/db/give-way";
import { EFFECTIVE_LEAD_DAYS_SQL } from "@/lib/renewal/data";

/** One reminder due now and not created yet: which certificate, which date, which threshold. */
export type DuePair = {
  certificateId: string;
  subject: ReminderSubject;
  /** "30d", or "overdue:2031-04-02" once the date has passed (lib/renewal/dates.ts). */
  threshold: string;
  /** Channels the gateway has set up (in-app is always there). */
  hasEmail: boolean;
  hasWebhook: boolean;
};

export type EnvironmentSettings = {
  id: string;
  leadDays: number;
  thresholds: number[];
  hasEmail: boolean;
  hasWebhook: boolean;
};
/**
 * The certificates whose notAfter is after `after` (exclusive) up to `upTo` (inclusive), each the
 * column's own text; null: no edge on that side.
 */
export type Slice = { after: string | null; upTo: string | null };

type CandidateRow = {
  certificateId: string;
  environmentId: string;
  subject: ReminderSubject;
  threshold: string;
  notAfterMs: number;
};

// Timestamps go in as ISO text cast to `timestamp` and come out as epoch milliseconds: the
// columns are `timestamp` (UTC, no zone), and PGlite would read a returned `timestamp` in the
// process's local zone (the tests run in Asia/Kathmandu).
const sqlTime = (date: Date) => date.toISOString();
const DAY_MS = 86_400_000;

/**
 * Each environment's lead time, thresholds and channels (a handful of rows). Email goes to the
 * gateway's addresses and to the environment's active custodians (lib/reminder/recipients.ts).
 */
export function environmentSettings(db: Db): Promise<EnvironmentSettings[]> {
  return db.$queryRaw<EnvironmentSettings[]>`
    SELECT e.id, ${EFFECTIVE_LEAD_DAYS_SQL} AS "leadDays", g."reminderThresholds" AS thresholds,
           (cardinality(g."reminderEmails") > 0
            OR EXISTS (SELECT 1 FROM environment_custodian ec JOIN "user" u ON u.id = ec."userId"
                       WHERE ec."environmentId" = e.id AND ec."removedAt" IS NULL AND u."disabledAt" IS NULL)) AS "hasEmail",
           coalesce(g."webhookUrl", '') <> '' AS "hasWebhook"
    FROM environment e JOIN gateway g ON g.id = e."gatewayId"`;
}

/** The widest reminder window of any environment: lead days + its largest threshold. */
export const widestWindowDays = (settings: EnvironmentSettings[]) =>
  Math.max(0, ...settings.map((s) => s.leadDays + Math.max(0, ...s.thresholds)));

/**
 * The (certificate, subject, threshold) triples due at `now` whose delivery does not exist yet.
 * The database does the filtering: a range scan of the notAfter index up to `bound` (the widest
 * window, a constant so that the index is usable), then the certificates in service, the
 * threshold each date has crossed (the rule of dueThreshold, in SQL), acknowledged and snoozed
 * subjects, and the deliveries already created (unique-key index). A steady-state sweep thus
 * returns almost nothing. `OFFSET 0` keeps the delivery check a lookup of each pair in that
 * index: as an anti-join the planner merged every slice with all the certificates' deliveries
 * (47,000 index entries per slice on the 100,000 fleet, about 10 ms each time on PGlite).
 * lib/reminder/due.test.ts holds the SQL rule and dueThreshold together.
 * `slice` narrows it to a range of expiry dates (selectDuePairs).
 */
export function dueCandidatesSql(
  now: Date,
  bound: Date,
  limit = MAX_NEW_PAIRS_PER_SWEEP,
  slice: Slice = { after: null, upTo: null },
): Prisma.Sql {
  const at = sqlTime(now);
  const overdue = `overdue:${at.slice(0, 10)}`;
  return Prisma.sql`
    SELECT c.id AS "certificateId", c."environmentId", s.subject, d.threshold,
           (extract(epoch FROM c."notAfter") * 1000)::float8 AS "notAfterMs"
    FROM certificate c
    JOIN environment e ON e.id = c."environmentId"
    JOIN gateway g ON g.id = e."gatewayId"
    CROSS JOIN LATERAL (VALUES
        ('start-renewal-by', c."notAfter" - make_interval(days => ${EFFECTIVE_LEAD_DAYS_SQL})),
        ('expiry', c."notAfter")) AS s(subject, date)
    CROSS JOIN LATERAL (SELECT CASE
        WHEN s.date <= ${at}::timestamp THEN ${overdue}
        ELSE (SELECT min(t) || 'd' FROM unnest(g."reminderThresholds") AS t WHERE s.date - make_interval(days => t) <= ${at}::timestamp)
        END AS threshold) AS d
    WHERE c."notAfter" <= ${sqlTime(bound)}::timestamp
      ${sliceCondition(slice)}
      AND c."revokedAt" IS NULL
      AND c."supersededById" IS NULL
      AND d.threshold IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM renewal r
                      WHERE r."oldCertificateId" = c.id AND (r.status = 'completed' OR r."deployedAt" IS NOT NULL))
      AND NOT EXISTS (SELECT 1 FROM reminder_state rs
                      WHERE rs."certificateId" = c.id AND rs.subject = s.subject
                        AND (rs."acknowledgedAt" IS NOT NULL OR rs."snoozedUntil" > ${at}::timestamp))
      AND NOT EXISTS (SELECT 1 FROM reminder_delivery rd
                      WHERE rd."targetKind" = 'certificate' AND rd."targetKey" = c.id AND rd.subject = s.subject AND rd.threshold = d.threshold
                      OFFSET 0)
    ORDER BY c."notAfter", c.id, s.subject
    LIMIT ${limit}::int`;
}

/**
 * A sweep creates at most this many reminders, soonest expiry first, so that it stays well under
 * a second even on PGlite; the rest are simply still due at the next sweep, which the scheduler
 * runs at once when one was left over (lib/reminder/scheduler.ts). Delivery has its own bound.
 */
export const MAX_NEW_PAIRS_PER_SWEEP = 2_000;

/**
 * Certificates one statement of the selection looks at. On PGlite a statement holds the process:
 * over the whole window in one (about 25,000 certificates on the 100,000 fleet, most of them with
 * every reminder already sent) it kept every request waiting for about a second. A slice of this
 * size takes about 10 ms there, and that is what a request arriving during one waits for: the
 * sweep starts each slice only when no request is in flight (lib/db/give-way.ts, ADR 0035).
 */
export const DUE_SLICE_CERTIFICATES = 500;

function sliceCondition({ after, upTo }: Slice): Prisma.Sql {
  const lower = after ? Prisma.sql`AND c."notAfter" > ${after}::timestamp` : Prisma.empty;
  const upper = upTo ? Prisma.sql`AND c."notAfter" <= ${upTo}::timestamp` : Prisma.empty;
  return Prisma.sql`${lower} ${upper}`;
}

/**
 * The end of the next slice: the expiry date of the `size`-th certificate after `after` within
 * the window, or null when fewer are left (the slice then runs to the window's end). A slice holds
 * every certificate of its last date, so it can pass `size` where dates are equal. Every
 * certificate counts, in service or not: the notAfter index alone answers (an index-only scan;
 * with the id too, the walk read a table page per certificate, about 15 ms a slice at 100,000).
 */
async function sliceEnd(
  db: Db,
  bound: Date,
  after: string | null,
  size: number,
): Promise<string | null> {
  const rows = await db.$queryRaw<{ notAfter: string }[]>`
    SELECT c."notAfter"::text AS "notAfter" FROM certificate c
    WHERE c."notAfter" <= ${sqlTime(bound)}::timestamp
      ${sliceCondition({ after, upTo: null })}
    ORDER BY c."notAfter"
    OFFSET ${size - 1}::int LIMIT 1`;
  return rows[0]?.notAfter ?? null;
}

/** `giveWay` runs between slices, so that requests are served (lib/db/give-way.ts). */
export type SliceOptions = { sliceSize?: number; giveWay?: GiveWay };

/**
 * The candidates of dueCandidatesSql, in its order and up to `limit`, read slice by slice. The
 * slices are consecutive ranges of expiry dates, so their rows put end to end are the
 * single statement's rows; due.test.ts compares the two on tied expiry dates.
 */
async function slicedCandidates(
  db: Db,
  now: Date,
  bound: Date,
  limit: number,
  { sliceSize, giveWay }: Required<SliceOptions>,
): Promise<CandidateRow[]> {
  const rows: CandidateRow[] = [];
  let after: string | null = null;
  for (;;) {
    const upTo = await sliceEnd(db, bound, after, sliceSize);
    const slice = { after, upTo };
    rows.push(
      ...(await db.$queryRaw<CandidateRow[]>(
        dueCandidatesSql(now, bound, limit - rows.length, slice),
      )),
    );
    if (!upTo || rows.length >= limit) return rows;
    after = upTo;
    await giveWay();
  }
}

let warnedMismatch = false;

/**
 * Due pairs at `now`: the SQL candidates, each threshold named again by lib/renewal/dates (the one
 * rule that pages and APIs use too), which wins if the two ever disagree.
 */
export async function selectDuePairs(
  db: Db,
  now: Date,
  limit = MAX_NEW_PAIRS_PER_SWEEP,
  { sliceSize = DUE_SLICE_CERTIFICATES, giveWay = neverGiveWay }: SliceOptions = {},
): Promise<{ pairs: DuePair[]; more: boolean }> {
  const settings = await environmentSettings(db);
  const byEnvironment = new Map(settings.map((s) => [s.id, s]));
  const bound = new Date(now.getTime() + widestWindowDays(settings) * DAY_MS);
  const rows = await slicedCandidates(db, now, bound, limit, { sliceSize, giveWay });
  const pairs: DuePair[] = [];
  for (const row of rows) {
    const env = byEnvironment.get(row.environmentId);
    if (!env) continue; // created after the settings were read: the next sweep has it
    const notAfter = new Date(row.notAfterMs);
    const date = row.subject === "expiry" ? notAfter : startRenewalBy(notAfter, env.leadDays);
    const threshold = dueThreshold(date, env.thresholds, now);
    if (threshold !== row.threshold && !warnedMismatch) {
      warnedMismatch = true;
      console.error(
        `[reminders] SQL named threshold ${row.threshold} but dueThreshold says ${threshold} (certificate ${row.certificateId}, ${row.subject}); using dueThreshold`,
      );
    }
    if (threshold)
      pairs.push({
        certificateId: row.certificateId,
        subject: row.subject,
        threshold,
        hasEmail: env.hasEmail,
        hasWebhook: env.hasWebhook,
      });
  }
  return { pairs, more: rows.length === limit };
}
