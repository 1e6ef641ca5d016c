import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { neverGiveWay, type GiveWay } from "@/lib/db/give-way";
import { CLAIM_LEASE_MS, nextAttemptAfterFailure } from "./backoff";
import type { ReminderConfig } from "./config";
import { emailChannel } from "./channels/email";
import { deliverInApp } from "./channels/in-app";
import type { OutboundChannel, Recipient, SendResult } from "./channels/types";
import { webhookChannel } from "./channels/webhook";
import { renderReminder, type ReminderContext, type ReminderMessage } from "./message";
import {
  renderFindingMessage,
  renderReviewReminder,
  renderTrustEntryReminder,
  type FindingContent,
} from "./message-targets";
import { activeAdmins, activeCustodians, mergeAddresses } from "./recipients";
import { scrub } from "./redact";
import { effectiveLeadDays } from "@/lib/renewal/dates";
import type { Channel, ReminderSubject } from "./subjects";
import { lastReviews, reviewDueOn } from "./due-targets";
import { TRUST_ENTRY_RULES, type TargetKind, type TrustEntrySubject } from "./targets";
import { slugOf } from "@/lib/trust-store/kinds";
import type { PlannedDelivery } from "./enqueue";

/** A planned delivery this sweep claimed: the row's id and how many attempts it has had. */
type Claimed = PlannedDelivery & { id: string; attempts: number };

export type DeliveryOutcome = {
  id: string;
  channel: Channel;
  targetKind: TargetKind;
  targetKey: string;
  /** The certificate's id for a certificate's reminder, else null. */
  certificateId: string | null;
  subject: string;
  threshold: string;
  status: "sent" | "retry" | "dead";
  detail: string;
};

const CLAIM_BATCH = 50;
export const MAX_DELIVERIES_PER_SWEEP = 2_000;
const PARALLEL_SENDS = 4;

const sqlTime = (date: Date) => date.toISOString();

/**
 * Pending deliveries that should no longer go out: the reminder was acknowledged or snoozed, or
 * the certificate was revoked, superseded or has a deployed successor. Marked "cancelled".
 */
export async function cancelSuppressed(db: Db, now: Date): Promise<number> {
  return (await cancelSuppressedCertificates(db, now)) + (await cancelSuppressedTargets(db));
}

/**
 * The other kinds (ADR 0023): a trust-store entry's pending reminders once it left its store (it
 * was replaced), and a review's once a review covering its environment was recorded after it was
 * created. A finding is sent as it was found.
 */
function cancelSuppressedTargets(db: Db): Promise<number> {
  return db.$executeRaw`
    UPDATE reminder_delivery d
    SET status = 'cancelled', "lastError" = 'not sent: ' || x.reason
    FROM (
      SELECT p.id, CASE WHEN p."targetKind" = 'trust-store-entry' THEN 'the entry was removed from its trust store'
                        ELSE 'a review was recorded since' END AS reason
      FROM reminder_delivery p
      WHERE p.status IN ('pending', 'retry')
        AND ((p."targetKind" = 'trust-store-entry' AND NOT EXISTS (SELECT 1 FROM trust_store_entry e WHERE e.id = p."targetKey"))
          OR (p."targetKind" = 'review' AND EXISTS (SELECT 1 FROM inventory_review r
                                                    WHERE (r."environmentId" = p."targetKey" OR r."environmentId" IS NULL) AND r."createdAt" > p."createdAt")))
    ) AS x
    WHERE d.id = x.id AND d.status IN ('pending', 'retry')`;
}

async function cancelSuppressedCertificates(db: Db, now: Date): Promise<number> {
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
export async function claimDue(
  db: Db,
  now: Date,
  channels: Channel[],
  limit: number,
): Promise<Claimed[]> {
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
    RETURNING d.id, d."targetKind", d."targetKey", d."certificateId", d."environmentId", d.content, d.subject, d.threshold, d.channel, d.attempts`;
}

/** Writes one attempt and the delivery's new status, in the caller's transaction. */
async function recordAttempt(
  tx: Tx,
  row: Claimed,
  result: SendResult,
  now: Date,
): Promise<DeliveryOutcome> {
  const retryAt = result.ok || result.final ? null : nextAttemptAfterFailure(row.attempts, now);
  const status = result.ok ? "sent" : retryAt ? "retry" : "dead";
  await tx.reminderDelivery.updateMany({
    where: { id: row.id, status: "sending" },
    data: result.ok
      ? { status, sentAt: now, lastError: null }
      : { status, nextAttemptAt: retryAt ?? now, lastError: result.detail },
  });
  await tx.deliveryAttempt.create({
    data: { deliveryId: row.id, at: now, ok: result.ok, detail: result.detail },
  });
  return {
    id: row.id,
    channel: row.channel,
    targetKind: row.targetKind,
    targetKey: row.targetKey,
    certificateId: row.certificateId,
    subject: row.subject,
    threshold: row.threshold,
    status,
    detail: result.detail,
  };
}

/**
 * A claimed delivery, ready to send: its message, its addresses, and for the bell who gets it
 * (null: every user, as for certificates; the review goes to admins and custodians only).
 */
type Loaded = {
  deliveryId: string;
  render: (now: Date, appUrl: string) => ReminderMessage;
  to: Recipient;
  bellUsers: string[] | null;
};

const gatewaySelect = {
  merchantGatewayId: true,
  name: true,
  renewalLeadDays: true,
  reminderEmails: true,
  webhookUrl: true,
  webhookFormat: true,
} as const;

async function loadContexts(db: Db, rows: Claimed[]): Promise<Map<string, Loaded>> {
  const ids = (kind: TargetKind) => [
    ...new Set(rows.filter((r) => r.targetKind === kind).map((r) => r.targetKey)),
  ];
  const certificates = await db.certificate.findMany({
    where: { id: { in: ids("certificate") } },
    select: {
      id: true,
      commonName: true,
      serialNumber: true,
      notAfter: true,
      environmentId: true,
      environment: {
        select: { code: true, renewalLeadDaysOverride: true, gateway: { select: gatewaySelect } },
      },
    },
  });
  const entries = await db.trustStoreEntry.findMany({
    where: { id: { in: ids("trust-store-entry") } },
    select: {
      id: true,
      kind: true,
      subjectDn: true,
      issuerDn: true,
      sha256: true,
      notAfter: true,
      isCa: true,
      environmentId: true,
    },
  });
  const environmentIds = [
    ...new Set([
      ...certificates.map((c) => c.environmentId),
      ...entries.map((e) => e.environmentId),
      ...rows.flatMap((r) => (r.environmentId ? [r.environmentId] : [])),
    ]),
  ];
  const environments = new Map(
    (
      await db.environment.findMany({
        where: { id: { in: environmentIds } },
        select: {
          id: true,
          code: true,
          createdAt: true,
          renewalLeadDaysOverride: true,
          gateway: { select: gatewaySelect },
        },
      })
    ).map((e) => [e.id, e]),
  );
  const custodians = await activeCustodians(db, environmentIds);
  const needsAdmins = rows.some((r) => r.targetKind === "review");
  const admins = needsAdmins ? await activeAdmins(db) : [];
  const reviews = needsAdmins ? await lastReviews(db) : null;
  const custodianEmails = (environmentId: string) =>
    (custodians.get(environmentId) ?? []).map((c) => c.email);
  const gatewayRecipient = (
    environmentId: string,
    gateway: { reminderEmails: string[]; webhookUrl: string | null; webhookFormat: string },
  ): Recipient => ({
    reminderEmails: mergeAddresses(gateway.reminderEmails, custodianEmails(environmentId)),
    webhookUrl: gateway.webhookUrl,
    webhookFormat: gateway.webhookFormat,
  });
  const certificateById = new Map(certificates.map((c) => [c.id, c]));
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const out = new Map<string, Loaded>();
  for (const row of rows) {
    if (row.targetKind === "certificate") {
      const cert = certificateById.get(row.targetKey);
      if (!cert) continue;
      const { gateway } = cert.environment;
      const ctx: ReminderContext = {
        deliveryId: row.id,
        subject: row.subject as ReminderSubject,
        threshold: row.threshold,
        certificate: {
          id: cert.id,
          commonName: cert.commonName,
          serialNumber: cert.serialNumber,
          notAfter: cert.notAfter,
        },
        gateway: { merchantGatewayId: gateway.merchantGatewayId, name: gateway.name },
        environmentCode: cert.environment.code,
        leadDays: effectiveLeadDays(cert.environment, gateway),
      };
      out.set(row.id, {
        deliveryId: row.id,
        render: (now, appUrl) => renderReminder(ctx, now, appUrl),
        to: gatewayRecipient(cert.environmentId, gateway),
        bellUsers: null,
      });
    } else if (row.targetKind === "trust-store-entry") {
      const entry = entryById.get(row.targetKey);
      const env = entry && environments.get(entry.environmentId);
      if (!entry || !env) continue;
      const slug = slugOf(entry.kind);
      const ctx = {
        deliveryId: row.id,
        subject: row.subject as TrustEntrySubject,
        threshold: row.threshold,
        entry: {
          id: entry.id,
          slug,
          subjectDn: entry.subjectDn,
          issuerDn: entry.issuerDn,
          sha256: entry.sha256,
          notAfter: entry.notAfter,
          isCa: entry.isCa,
        },
        leadDays: TRUST_ENTRY_RULES[slug].lead(effectiveLeadDays(env, env.gateway)),
        gateway: { merchantGatewayId: env.gateway.merchantGatewayId, name: env.gateway.name },
        environmentCode: env.code,
      };
      out.set(row.id, {
        deliveryId: row.id,
        render: (now, appUrl) => renderTrustEntryReminder(ctx, now, appUrl),
        to: gatewayRecipient(env.id, env.gateway),
        bellUsers: null,
      });
    } else if (row.targetKind === "finding") {
      const env = row.environmentId ? environments.get(row.environmentId) : undefined;
      if (!env || !row.content) continue;
      const finding = JSON.parse(row.content) as FindingContent;
      const place = {
        gateway: { merchantGatewayId: env.gateway.merchantGatewayId, name: env.gateway.name },
        environmentCode: env.code,
      };
      out.set(row.id, {
        deliveryId: row.id,
        render: (_now, appUrl) =>
          renderFindingMessage({ ...place, deliveryId: row.id, finding }, appUrl),
        to: gatewayRecipient(env.id, env.gateway),
        bellUsers: null,
      });
    } else if (row.targetKind === "review") {
      const env = environments.get(row.targetKey);
      if (!env || !reviews) continue;
      const own = reviews.byEnvironment.get(env.id) ?? null;
      const last = !own
        ? reviews.global
        : !reviews.global
          ? own
          : own.getTime() >= reviews.global.getTime()
            ? own
            : reviews.global;
      const people = [
        ...admins.map((a) => ({ userId: a.id, email: a.email })),
        ...(custodians.get(env.id) ?? []),
      ];
      const ctx = {
        deliveryId: row.id,
        threshold: row.threshold,
        dueOn: reviewDueOn(last, env.createdAt),
        lastReviewedOn: last,
        gateway: { merchantGatewayId: env.gateway.merchantGatewayId, name: env.gateway.name },
        environmentCode: env.code,
      };
      out.set(row.id, {
        deliveryId: row.id,
        render: (now, appUrl) => renderReviewReminder(ctx, now, appUrl),
        to: { reminderEmails: mergeAddresses(people.map((p) => p.email)), webhookUrl: null },
        bellUsers: [...new Set(people.map((p) => p.userId))],
      });
    }
  }
  return out;
}

/**
 * Runs `work` over `items`, at most `parallel` at a time. Once `signal` is aborted no item is
 * started (those under way finish); returns the items never started.
 */
async function pool<T>(
  items: T[],
  parallel: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<T[]> {
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
 * `giveWay` runs before each delivery (lib/db/give-way.ts).
 */
export async function deliverDue(
  db: Db,
  config: ReminderConfig,
  now: Date,
  signal?: AbortSignal,
  giveWay: GiveWay = neverGiveWay,
): Promise<DeliveryOutcome[]> {
  const outcomes: DeliveryOutcome[] = [];
  const outbound: Partial<Record<Channel, OutboundChannel>> = {};
  const channel = (name: "email" | "webhook"): OutboundChannel => {
    try {
      const open =
        outbound[name] ?? (name === "email" ? emailChannel(config.smtp!) : webhookChannel());
      outbound[name] = open;
      return open;
    } catch (error) {
      return {
        send: async () => {
          throw error;
        },
        close: () => {},
      };
    }
  };
  try {
    while (outcomes.length < MAX_DELIVERIES_PER_SWEEP && !signal?.aborted) {
      const claimed = await claimDue(db, now, availableChannels(config), CLAIM_BATCH);
      if (claimed.length === 0) break;
      const contexts = await loadContexts(db, claimed);
      const unsent = await pool(
        claimed,
        PARALLEL_SENDS,
        async (row) => {
          await giveWay();
          const loaded = contexts.get(row.id);
          if (!loaded) {
            const gone =
              row.targetKind === "certificate"
                ? "the certificate no longer exists"
                : row.targetKind === "trust-store-entry"
                  ? "the trust-store entry was removed"
                  : `its ${row.targetKind} can no longer be read`;
            outcomes.push(
              await db.$transaction((tx) =>
                recordAttempt(tx, row, { ok: false, final: true, detail: gone }, now),
              ),
            );
            return;
          }
          const message = loaded.render(now, config.appUrl);
          const ctx = { deliveryId: loaded.deliveryId };
          if (row.channel === "in-app") {
            outcomes.push(
              await db.$transaction(async (tx) =>
                recordAttempt(
                  tx,
                  row,
                  await deliverInApp(tx, ctx, message, now, loaded.bellUsers),
                  now,
                ),
              ),
            );
            return;
          }
          const result = await channel(row.channel)
            .send(ctx, message, loaded.to)
            // A broken SMTP_URL (or any bug in a channel) fails this delivery, not the whole sweep.
            .catch(
              (error: Error): SendResult => ({
                ok: false,
                detail: `${row.channel}: ${scrub(error.message, [config.smtp?.url])}`,
              }),
            );
          outcomes.push(await db.$transaction((tx) => recordAttempt(tx, row, result, now)));
        },
        signal,
      );
      await releaseClaims(db, unsent, now);
      if (claimed.length < CLAIM_BATCH) break;
    }
  } finally {
    for (const sender of Object.values(outbound)) sender?.close();
  }
  return outcomes;
}
