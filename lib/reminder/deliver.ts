import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { CLAIM_LEASE_MS, nextAttemptAfterFailure } from "./backoff";
import type { ReminderConfig } from "./config";
import { emailChannel } from "./channels/email";
import { deliverInApp } from "./channels/in-app";
import type { OutboundChannel, Recipient, SendResult } from "./channels/types";
import { webhookChannel } from "./channels/webhook";
import { renderReminder, type ReminderContext } from "./message";
import { scrub } from "./redact";
import { effectiveLeadDays, type Channel, type ReminderSubject } from "./subjects";

type Claimed = { id: string; certificateId: string; subject: ReminderSubject; threshold: string; channel: Channel; attempts: number };

export type DeliveryOutcome = { id: string; channel: Channel; certificateId: string; subject: string; threshold: string; status: "sent" | "retry" | "dead"; detail: string };

const CLAIM_BATCH = 50;
export const MAX_DELIVERIES_PER_SWEEP = 2_000;
const PARALLEL_SENDS = 4;

const sqlTime = (date: Date) => date.toISOString();

/**
 * Pending deliveries that should no longer go out: the reminder was acknowledged or snoozed, or
 * the certificate was revoked, superseded or has a deployed successor. Marked "cancelled".
 */
export async function cancelSuppressed(db: Db, now: Date): Promise<number> {
  const at = sqlTime(now);
  return db.$executeRaw`
    UPDATE reminder_delivery d
    SET status = 'cancelled', "lastError" = 'not sent: ' || x.reason
    FROM (
      SELECT p.id, CASE
               WHEN c."revokedAt" IS NOT NULL THEN 'the certificate was revoked'
               WHEN c."supersededById" IS NOT NULL THEN 'the certificate was superseded'
               WHEN rs."acknowledgedAt" IS NOT NULL THEN 'the reminder was acknowledged'
               WHEN rs."snoozedUntil" > ${at}::timestamp THEN 'the reminder was snoozed'
               ELSE 'its successor is deployed' END AS reason
      FROM reminder_delivery p
      JOIN certificate c ON c.id = p."certificateId"
      LEFT JOIN reminder_state rs ON rs."certificateId" = p."certificateId" AND rs.subject = p.subject
      WHERE p.status IN ('pending', 'retry')
        AND (c."revokedAt" IS NOT NULL OR c."supersededById" IS NOT NULL
             OR rs."acknowledgedAt" IS NOT NULL OR rs."snoozedUntil" > ${at}::timestamp
             OR EXISTS (SELECT 1 FROM renewal r
                        WHERE r."oldCertificateId" = c.id AND (r.status = 'completed' OR r."deployedAt" IS NOT NULL)))
    ) AS x
    -- re-checked after the row lock: a delivery claimed meanwhile is left to its sender
    WHERE d.id = x.id AND d.status IN ('pending', 'retry')`;
}

/**
 * Takes up to `limit` deliveries that are due, atomically: the row lock (SKIP LOCKED) and the
 * status change mean two sweeps, on any instances, never take the same row. The claim is a
 * lease: nextAttemptAt moves CLAIM_LEASE_MS ahead, after which a crashed claim is retried.
 */
export async function claimDue(db: Db, now: Date, channels: Channel[], limit: number): Promise<Claimed[]> {
  const lease = new Date(now.getTime() + CLAIM_LEASE_MS);
  return db.$queryRaw<Claimed[]>`
    UPDATE reminder_delivery d
    SET status = 'sending', attempts = d.attempts + 1, "nextAttemptAt" = ${sqlTime(lease)}::timestamp
    WHERE d.id IN (
        SELECT id FROM reminder_delivery
        WHERE status IN ('pending', 'retry', 'sending') AND "nextAttemptAt" <= ${sqlTime(now)}::timestamp
          AND channel = ANY(${channels}::text[])
        ORDER BY "nextAttemptAt", id
        LIMIT ${limit}::int
        FOR UPDATE SKIP LOCKED)
      AND d.status IN ('pending', 'retry', 'sending') AND d."nextAttemptAt" <= ${sqlTime(now)}::timestamp
    RETURNING d.id, d."certificateId", d.subject, d.threshold, d.channel, d.attempts`;
}

/** Writes one attempt and the delivery's new status, in the caller's transaction. */
async function recordAttempt(tx: Tx, row: Claimed, result: SendResult, now: Date): Promise<DeliveryOutcome> {
  const retryAt = result.ok || result.final ? null : nextAttemptAfterFailure(row.attempts, now);
  const status = result.ok ? "sent" : retryAt ? "retry" : "dead";
  await tx.reminderDelivery.updateMany({
    where: { id: row.id, status: "sending" },
    data: result.ok
      ? { status, sentAt: now, lastError: null }
      : { status, nextAttemptAt: retryAt ?? now, lastError: result.detail },
  });
  await tx.deliveryAttempt.create({ data: { deliveryId: row.id, at: now, ok: result.ok, detail: result.detail } });
  return { id: row.id, channel: row.channel, certificateId: row.certificateId, subject: row.subject, threshold: row.threshold, status, detail: result.detail };
}

type Loaded = { ctx: ReminderContext; to: Recipient };

async function loadContexts(db: Db, rows: Claimed[]): Promise<Map<string, Loaded>> {
  const certificates = await db.certificate.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.certificateId))] } },
    select: {
      id: true,
      commonName: true,
      serialNumber: true,
      notAfter: true,
      environment: {
        select: {
          code: true,
          renewalLeadDaysOverride: true,
          gateway: { select: { merchantGatewayId: true, name: true, renewalLeadDays: true, reminderEmails: true, webhookUrl: true, webhookFormat: true } },
        },
      },
    },
  });
  const byId = new Map(certificates.map((c) => [c.id, c]));
  const out = new Map<string, Loaded>();
  for (const row of rows) {
    const cert = byId.get(row.certificateId);
    if (!cert) continue;
    const { gateway } = cert.environment;
    out.set(row.id, {
      ctx: {
        deliveryId: row.id,
        subject: row.subject,
        threshold: row.threshold,
        certificate: { id: cert.id, commonName: cert.commonName, serialNumber: cert.serialNumber, notAfter: cert.notAfter },
        gateway: { merchantGatewayId: gateway.merchantGatewayId, name: gateway.name },
        environmentCode: cert.environment.code,
        leadDays: effectiveLeadDays(cert.environment, gateway),
      },
      to: { reminderEmails: gateway.reminderEmails, webhookUrl: gateway.webhookUrl, webhookFormat: gateway.webhookFormat },
    });
  }
  return out;
}

/**
 * Runs `work` over `items`, at most `parallel` at a time. Once `signal` is aborted no item is
 * started (those under way finish); returns the items never started.
 */
async function pool<T>(items: T[], parallel: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<T[]> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return items.slice(next);
}

/**
 * Gives back claims a stopping sweep will not send (shutdown, lib/shutdown): due again at once,
 * the attempt not counted, instead of waiting out the claim's lease. Never sent, so never twice.
 */
async function releaseClaims(db: Db, rows: Claimed[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRaw`
    UPDATE reminder_delivery
    SET status = CASE WHEN attempts <= 1 THEN 'pending' ELSE 'retry' END, attempts = attempts - 1, "nextAttemptAt" = ${sqlTime(now)}::timestamp
    WHERE id = ANY(${rows.map((r) => r.id)}::text[]) AND status = 'sending'`;
}

/** The channels this instance can send on: email only with SMTP_URL set. */
export function availableChannels(config: ReminderConfig): Channel[] {
  return config.smtp ? ["email", "webhook", "in-app"] : ["webhook", "in-app"];
}

/**
 * Sends every delivery that is due (new, or whose retry time has come), and records each attempt.
 * An aborted `signal` stops it between deliveries: each one started is sent and recorded.
 */
export async function deliverDue(db: Db, config: ReminderConfig, now: Date, signal?: AbortSignal): Promise<DeliveryOutcome[]> {
  const outcomes: DeliveryOutcome[] = [];
  const outbound: Partial<Record<Channel, OutboundChannel>> = {};
  const channel = (name: "email" | "webhook"): OutboundChannel => {
    try {
      return (outbound[name] ??= name === "email" ? emailChannel(config.smtp!) : webhookChannel());
    } catch (error) {
      return { send: async () => { throw error; }, close: () => {} };
    }
  };
  try {
    while (outcomes.length < MAX_DELIVERIES_PER_SWEEP && !signal?.aborted) {
      const claimed = await claimDue(db, now, availableChannels(config), CLAIM_BATCH);
      if (claimed.length === 0) break;
      const contexts = await loadContexts(db, claimed);
      const unsent = await pool(claimed, PARALLEL_SENDS, async (row) => {
        const loaded = contexts.get(row.id);
        if (!loaded) {
          outcomes.push(await db.$transaction((tx) => recordAttempt(tx, row, { ok: false, final: true, detail: "the certificate no longer exists" }, now)));
          return;
        }
        const message = renderReminder(loaded.ctx, now, config.appUrl);
        if (row.channel === "in-app") {
          outcomes.push(await db.$transaction(async (tx) => recordAttempt(tx, row, await deliverInApp(tx, loaded.ctx, message, now), now)));
          return;
        }
        const result = await channel(row.channel)
          .send(loaded.ctx, message, loaded.to)
          // A broken SMTP_URL (or any bug in a channel) fails this delivery, not the whole sweep.
          .catch((error: Error): SendResult => ({ ok: false, detail: `${row.channel}: ${scrub(error.message, [config.smtp?.url])}` }));
        outcomes.push(await db.$transaction((tx) => recordAttempt(tx, row, result, now)));
      }, signal);
      await releaseClaims(db, unsent, now);
      if (claimed.length < CLAIM_BATCH) break;
    }
  } finally {
    for (const sender of Object.values(outbound)) sender?.close();
  }
  return outcomes;
}
