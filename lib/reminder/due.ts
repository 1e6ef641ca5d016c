import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { dueThreshold, startRenewalBy } from "@/lib/renewal/dates";
import type { ReminderSubject } from "./subjects";

/** One reminder due now: which certificate, about which date, at which threshold ("30d", "overdue:…"). */
export type DuePair = {
  certificateId: string;
  subject: ReminderSubject;
  threshold: string;
  /** Channels the gateway has set up (in-app is always there). */
  hasEmail: boolean;
  hasWebhook: boolean;
};

type CandidateRow = {
  certificateId: string;
  subject: ReminderSubject;
  notAfterMs: number;
  leadDays: number;
  thresholds: number[];
  hasEmail: boolean;
  hasWebhook: boolean;
};

// Timestamps go in as ISO text cast to `timestamp` and come out as epoch milliseconds: the
// columns are `timestamp` (UTC, no zone), and PGlite would read a returned `timestamp` in the
// process's local zone (the tests run in Asia/Kathmandu).
const sqlTime = (date: Date) => date.toISOString();

/**
 * The widest reminder window of any environment: lead days + largest threshold. Asked first, so
 * that the main query gets a constant bound on "notAfter" and PostgreSQL uses its index.
 */
export async function widestWindowDays(db: Db): Promise<number> {
  const [row] = await db.$queryRaw<{ days: number }[]>`
    SELECT coalesce(max(coalesce(e."renewalLeadDaysOverride", g."renewalLeadDays")
             + coalesce((SELECT max(t) FROM unnest(g."reminderThresholds") AS t), 0)), 0)::int AS days
    FROM environment e JOIN gateway g ON g.id = e."gatewayId"`;
  return row?.days ?? 0;
}

/**
 * The certificates (and subjects) inside their reminder window, or past their date, that still
 * need reminding: not revoked, not superseded, no deployed successor, not acknowledged, not
 * snoozed. The database filters; the constant `bound` lets it range-scan the notAfter index.
 * JS then only names the exact threshold.
 */
export function candidatesSql(now: Date, bound: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT c.id AS "certificateId", s.subject,
           (extract(epoch FROM c."notAfter") * 1000)::float8 AS "notAfterMs",
           coalesce(e."renewalLeadDaysOverride", g."renewalLeadDays") AS "leadDays",
           g."reminderThresholds" AS thresholds,
           cardinality(g."reminderEmails") > 0 AS "hasEmail",
           g."webhookUrl" IS NOT NULL AND g."webhookUrl" <> '' AS "hasWebhook"
    FROM certificate c
    JOIN environment e ON e.id = c."environmentId"
    JOIN gateway g ON g.id = e."gatewayId"
    CROSS JOIN (VALUES ('start-renewal-by'), ('expiry')) AS s(subject)
    LEFT JOIN reminder_state rs ON rs."certificateId" = c.id AND rs.subject = s.subject
    WHERE c."notAfter" <= ${sqlTime(bound)}::timestamp
      AND c."revokedAt" IS NULL
      AND c."supersededById" IS NULL
      AND NOT EXISTS (
        SELECT 1 FROM renewal r
        WHERE r."oldCertificateId" = c.id AND (r.status = 'completed' OR r."deployedAt" IS NOT NULL))
      -- this row's own window: lead days (start-renewal-by only) + its gateway's largest threshold
      AND c."notAfter" <= ${sqlTime(now)}::timestamp + make_interval(days =>
            CASE WHEN s.subject = 'start-renewal-by' THEN coalesce(e."renewalLeadDaysOverride", g."renewalLeadDays") ELSE 0 END
            + coalesce((SELECT max(t) FROM unnest(g."reminderThresholds") AS t), 0))
      AND rs."acknowledgedAt" IS NULL
      AND (rs."snoozedUntil" IS NULL OR rs."snoozedUntil" <= ${sqlTime(now)}::timestamp)`;
}

export async function selectCandidates(db: Db, now: Date): Promise<CandidateRow[]> {
  const widest = await widestWindowDays(db);
  const bound = new Date(now.getTime() + widest * 86_400_000);
  return db.$queryRaw<CandidateRow[]>(candidatesSql(now, bound));
}

/** Due pairs at `now`: the SQL candidates, each with the threshold lib/renewal/dates names. */
export async function selectDuePairs(db: Db, now: Date): Promise<DuePair[]> {
  const rows = await selectCandidates(db, now);
  const pairs: DuePair[] = [];
  for (const row of rows) {
    const notAfter = new Date(row.notAfterMs);
    const date = row.subject === "expiry" ? notAfter : startRenewalBy(notAfter, row.leadDays);
    const threshold = dueThreshold(date, row.thresholds, now);
    if (threshold) pairs.push({ certificateId: row.certificateId, subject: row.subject, threshold, hasEmail: row.hasEmail, hasWebhook: row.hasWebhook });
  }
  return pairs;
}
