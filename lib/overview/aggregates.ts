import "server-only";
import type { Db } from "@/lib/db/client";

export type TrustCountRow = {
  environmentId: string;
  kind: string;
  total: number;
  expiringCas: number;
};

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
export async function openReminders(
  db: Db,
  now: Date,
): Promise<{ environmentId: string; open: number }[]> {
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
