import "server-only";
import type { Db } from "@/lib/db/client";
import type { DuePair } from "./due";
import type { Channel } from "./subjects";

export type PlannedDelivery = { certificateId: string; subject: string; threshold: string; channel: Channel };

/** Each due pair fans out to the channels its gateway has; email only when SMTP is configured. */
export function planDeliveries(pairs: DuePair[], smtpConfigured: boolean): PlannedDelivery[] {
  const out: PlannedDelivery[] = [];
  for (const { certificateId, subject, threshold, hasEmail, hasWebhook } of pairs) {
    if (hasEmail && smtpConfigured) out.push({ certificateId, subject, threshold, channel: "email" });
    if (hasWebhook) out.push({ certificateId, subject, threshold, channel: "webhook" });
    out.push({ certificateId, subject, threshold, channel: "in-app" });
  }
  return out;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
// One statement per chunk keeps each parameter and transaction bounded.
const CHUNK = 20_000;

/**
 * Inserts the deliveries that do not exist yet. The unique key (certificate, subject, threshold,
 * channel) and ON CONFLICT DO NOTHING make this the one place where "exactly once" is decided:
 * however many sweeps or instances run it at once, each row is created once. Returns how many
 * were new.
 */
export async function insertDeliveries(db: Db, planned: PlannedDelivery[], now: Date): Promise<number> {
  // Every instance inserts in one key order, so that two concurrent sweeps wait on each other
  // instead of deadlocking (each holding a key the other needs).
  const rows = [...planned].sort((a, b) => compare(a.certificateId, b.certificateId) || compare(a.subject, b.subject) || compare(a.threshold, b.threshold) || compare(a.channel, b.channel));
  let created = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const column = (key: keyof PlannedDelivery) => chunk.map((row) => row[key]);
    created += await db.$executeRaw`
      INSERT INTO reminder_delivery (id, "certificateId", subject, threshold, channel, status, attempts, "nextAttemptAt", "createdAt")
      SELECT gen_random_uuid()::text, x.certificate, x.subject, x.threshold, x.channel, 'pending', 0,
             ${now.toISOString()}::timestamp, ${now.toISOString()}::timestamp
      FROM unnest(${column("certificateId")}::text[], ${column("subject")}::text[], ${column("threshold")}::text[], ${column("channel")}::text[])
           WITH ORDINALITY AS x(certificate, subject, threshold, channel, n)
      ORDER BY x.n
      ON CONFLICT ("certificateId", subject, threshold, channel) DO NOTHING`;
  }
  return created;
}
