import "server-only";
import type { Db } from "@/lib/db/client";
import type { StateCounts } from "./data";
import { fillTimeline, timelineBounds, type Timeline, type TimelineRow } from "./timeline";

const DAY_MS = 86_400_000;

/**
 * The overview's certificate figures (counts by state, the expiry timeline) from expiry_bucket,
 * the per-day counts that triggers keep in the writing transaction (ADR 0021), instead of reading
 * every certificate. A day's certificates all land in the same state and the same timeline
 * bucket unless the day holds one of the instants where a state or a bucket changes (now, now +
 * 31 days, now + the lead time, the timeline's ends); for those few days per environment the
 * certificates themselves are read (index on environmentId, notAfter). Every other day counts as
 * its midnight, with the bucket's weight. The SQL is loadTimeline's and stateCounts', over
 * these weighted points: lib/overview/aggregates.test.ts compares the two after random changes.
 */
export async function certificateFigures(db: Db, now: Date): Promise<{ counts: StateCounts; timeline: Timeline }> {
  const { from, to } = timelineBounds(now);
  const expiringBound = new Date(now.getTime() + 31 * DAY_MS).toISOString();
  const rows = await db.$queryRaw<(Omit<TimelineRow, "unit" | "kind"> & { unit: TimelineRow["unit"] | "state"; kind: string })[]>`
    WITH env AS (
      SELECT e.id, coalesce(e."renewalLeadDaysOverride", g."renewalLeadDays") AS lead
      FROM environment e JOIN gateway g ON g.id = e."gatewayId"
    ), cut AS (
      SELECT DISTINCT env.id, v.day FROM env CROSS JOIN LATERAL (VALUES
        (${from}::timestamp::date),
        (${expiringBound}::timestamp::date),
        ((${from}::timestamp + make_interval(days => env.lead))::date),
        (${to}::timestamp::date),
        ((${to}::timestamp + make_interval(days => env.lead))::date),
        ((${from}::timestamp + interval '12 months')::date),
        ((${from}::timestamp + interval '12 months' + make_interval(days => env.lead))::date)) v(day)
    ), point AS (
      SELECT b."environmentId" AS env, b.category, b.day::timestamp AS at, b.n
      FROM expiry_bucket b
      WHERE b.source = 'certificate'
        AND (b.category <> 'live' OR NOT EXISTS (SELECT 1 FROM cut WHERE cut.id = b."environmentId" AND cut.day = b.day))
      UNION ALL
      -- LATERAL: one index range scan per boundary day (a hash join read the whole table).
      SELECT cut.id, 'live', c."notAfter", 1
      FROM cut CROSS JOIN LATERAL (
        SELECT "notAfter" FROM certificate
        WHERE "environmentId" = cut.id AND "notAfter" >= cut.day::timestamp AND "notAfter" < (cut.day + 1)::timestamp
          AND "revokedAt" IS NULL AND "supersededById" IS NULL) c
    ), weighted AS (
      SELECT p.category, p.at, p.at - make_interval(days => env.lead) AS start, p.n FROM point p JOIN env ON env.id = p.env
    ), live AS (
      SELECT at AS expiry, start, n FROM weighted WHERE category = 'live' AND at > ${from}::timestamp
    ), dated AS (
      SELECT 'expiry' AS kind, expiry AS at, n FROM live WHERE expiry <= ${to}::timestamp
      UNION ALL SELECT 'start', start, n FROM live WHERE start > ${from}::timestamp AND start <= ${to}::timestamp
    )
    SELECT unit, to_char(bucket, 'YYYY-MM-DD') AS start, kind, n FROM (
      SELECT 'month' AS unit, date_trunc('month', at) AS bucket, kind, sum(n)::int AS n FROM dated GROUP BY 2, 3
      UNION ALL
      SELECT 'week', date_trunc('week', at), kind, sum(n)::int FROM dated
        WHERE at <= ${from}::timestamp + interval '12 months' GROUP BY 2, 3) counted
    UNION ALL
    SELECT 'state', state, 'state', sum(n)::int FROM (
      SELECT CASE WHEN category <> 'live' THEN category
                  WHEN at <= ${from}::timestamp THEN 'expired'
                  WHEN at < ${expiringBound}::timestamp THEN 'expiring'
                  WHEN start <= ${from}::timestamp THEN 'renewal-due'
                  ELSE 'ok' END AS state, n
      FROM weighted) s
    GROUP BY state`;
  const counts: StateCounts = { revoked: 0, superseded: 0, expired: 0, expiring: 0, "renewal-due": 0, ok: 0 };
  for (const r of rows) if (r.unit === "state") counts[r.start as keyof StateCounts] = r.n;
  return { counts, timeline: fillTimeline(rows.filter((r) => r.unit !== "state") as TimelineRow[], now) };
}

export type TrustCountRow = { environmentId: string; kind: string; total: number; expiringCas: number };

/**
 * Trust-store entries per environment and kind, and how many of them are CAs expiring before
 * `before` (kinds named as Prisma names them: thales_client_ca), from expiry_bucket: whole days before that day's start from the buckets, that day's
 * entries from the table (index on notAfter).
 */
export async function trustStoreCounts(db: Db, before: Date): Promise<TrustCountRow[]> {
  const at = before.toISOString();
  return db.$queryRaw<TrustCountRow[]>`
    SELECT env AS "environmentId", kind, sum(total)::int AS total, sum(expiring)::int AS "expiringCas" FROM (
      SELECT "environmentId" AS env, replace(split_part(category, ':', 1), '-', '_') AS kind, n AS total,
             CASE WHEN category LIKE '%:ca' AND day < ${at}::timestamp::date THEN n ELSE 0 END AS expiring
      FROM expiry_bucket WHERE source = 'trust'
      UNION ALL
      SELECT "environmentId", replace(kind::text, '-', '_'), 0, 1 FROM trust_store_entry
      WHERE "isCa" AND "notAfter" >= ${at}::timestamp::date AND "notAfter" < ${at}::timestamp) x
    GROUP BY 1, 2`;
}

/**
 * Unacknowledged reminders per environment: reminder_open (kept by triggers: per certificate in
 * service, its subjects sent and not acknowledged) less those snoozed at `now`, which depend on
 * the clock and are few.
 */
export async function openReminders(db: Db, now: Date): Promise<{ environmentId: string; open: number }[]> {
  const at = now.toISOString();
  return db.$queryRaw<{ environmentId: string; open: number }[]>`
    SELECT "environmentId", sum(open)::int AS open FROM (
      SELECT "environmentId", open FROM reminder_open
      UNION ALL
      SELECT c."environmentId", -1 FROM reminder_state rs JOIN certificate c ON c.id = rs."certificateId"
      WHERE rs."acknowledgedAt" IS NULL AND rs."snoozedUntil" > ${at}::timestamp
        AND c."revokedAt" IS NULL AND c."supersededById" IS NULL
        AND EXISTS (SELECT 1 FROM reminder_delivery rd WHERE rd."certificateId" = rs."certificateId" AND rd.subject = rs.subject AND rd.status = 'sent')) x
    GROUP BY 1 HAVING sum(open) > 0`;
}
