import "server-only";
import type { Db } from "@/lib/db/client";
import type { DuePair } from "./due";
import type { Channel } from "./subjects";
import type { TargetKind } from "./targets";

/**
 * One delivery to create. (targetKind, targetKey, subject, threshold, channel) is its unique key
 * (ADR 0023); certificateId is set for certificates only, environmentId and content for the others.
 */
export type PlannedDelivery = {
  targetKind: TargetKind;
  targetKey: string;
  certificateId: string | null;
  environmentId: string | null;
  content: string | null;
  subject: string;
  threshold: string;
  channel: Channel;
};

/** A reminder about something other than a certificate, due now, with the channels it has. */
export type TargetPair = {
  targetKind: Exclude<TargetKind, "certificate">;
  targetKey: string;
  environmentId: string;
  content?: string | null;
  subject: string;
  threshold: string;
  hasEmail: boolean;
  hasWebhook: boolean;
  /** The bell: false when nobody would get it (the review goes to admins and custodians only). */
  hasInApp?: boolean;
};

/** Each due pair fans out to the channels its gateway has; email only when SMTP is configured. */
export function planDeliveries(pairs: DuePair[], smtpConfigured: boolean): PlannedDelivery[] {
  return planTargetDeliveries(
    pairs.map(({ certificateId, subject, threshold, hasEmail, hasWebhook }) => ({
      targetKind: "certificate" as const,
      targetKey: certificateId,
      certificateId,
      environmentId: null,
      subject,
      threshold,
      hasEmail,
      hasWebhook,
    })),
    smtpConfigured,
  );
}

/** The same fan-out for every kind of target. */
export function planTargetDeliveries(
  pairs: (Omit<TargetPair, "targetKind" | "environmentId"> & {
    targetKind: TargetKind;
    environmentId: string | null;
    certificateId?: string | null;
  })[],
  smtpConfigured: boolean,
): PlannedDelivery[] {
  const out: PlannedDelivery[] = [];
  for (const pair of pairs) {
    const base = {
      targetKind: pair.targetKind,
      targetKey: pair.targetKey,
      certificateId: pair.certificateId ?? null,
      environmentId: pair.environmentId,
      content: pair.content ?? null,
      subject: pair.subject,
      threshold: pair.threshold,
    };
    if (pair.hasEmail && smtpConfigured) out.push({ ...base, channel: "email" });
    if (pair.hasWebhook) out.push({ ...base, channel: "webhook" });
    if (pair.hasInApp !== false) out.push({ ...base, channel: "in-app" });
  }
  return out;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
// One statement per chunk keeps each parameter and transaction bounded.
const CHUNK = 20_000;

/**
 * Inserts the deliveries that do not exist yet. The unique key (target kind and key, subject,
 * threshold, channel) and ON CONFLICT DO NOTHING make this the one place where "exactly once" is
 * decided: however many sweeps or instances run it at once, each row is created once. Returns how
 * many were new.
 */
export async function insertDeliveries(
  db: Db,
  planned: PlannedDelivery[],
  now: Date,
): Promise<number> {
  // Every instance inserts in one key order, so that two concurrent sweeps wait on each other
  // instead of deadlocking (each holding a key the other needs).
  const rows = [...planned].sort(
    (a, b) =>
      compare(a.targetKind, b.targetKind) ||
      compare(a.targetKey, b.targetKey) ||
      compare(a.subject, b.subject) ||
      compare(a.threshold, b.threshold) ||
      compare(a.channel, b.channel),
  );
  let created = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const column = <K extends keyof PlannedDelivery>(key: K) => chunk.map((row) => row[key]);
    created += await db.$executeRaw`
      INSERT INTO reminder_delivery (id, "targetKind", "targetKey", "certificateId", "environmentId", content, subject, threshold, channel, status, attempts, "nextAttemptAt", "createdAt")
      SELECT gen_random_uuid()::text, x.kind, x.key, x.certificate, x.environment, x.content, x.subject, x.threshold, x.channel, 'pending', 0,
             ${now.toISOString()}::timestamp, ${now.toISOString()}::timestamp
      FROM unnest(${column("targetKind")}::text[], ${column("targetKey")}::text[], ${column("certificateId")}::text[], ${column("environmentId")}::text[],
                  ${column("content")}::text[], ${column("subject")}::text[], ${column("threshold")}::text[], ${column("channel")}::text[])
           WITH ORDINALITY AS x(kind, key, certificate, environment, content, subject, threshold, channel, n)
      ORDER BY x.n
      ON CONFLICT ("targetKind", "targetKey", subject, threshold, channel) DO NOTHING`;
  }
  return created;
}
