import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import { MAX_SNOOZE_DAYS, type AcknowledgeInput, type SnoozeInput } from "./schema";

export type ReminderStateResult =
  | {
      ok: true;
      state: {
        certificateId: string;
        subject: string;
        acknowledgedAt: Date | null;
        acknowledgedBy: string | null;
        snoozedUntil: Date | null;
        snoozeReason: string | null;
      };
    }
  | { ok: false; code: "not_found" | "invalid"; message: string; field?: string };

async function findCertificate(tx: Tx, id: string) {
  return tx.certificate.findUnique({
    where: { id },
    select: {
      id: true,
      commonName: true,
      serialNumber: true,
      environmentId: true,
      environment: { select: { gatewayId: true } },
    },
  });
}

/** The bell follows the decision: everyone's notifications about this reminder are marked read. */
async function markReminderRead(
  tx: Tx,
  certificateId: string,
  subject: string,
  now: Date,
): Promise<number> {
  const deliveries = await tx.reminderDelivery.findMany({
    where: { certificateId, subject, channel: "in-app" },
    select: { id: true },
  });
  if (deliveries.length === 0) return 0;
  const updated = await tx.notification.updateMany({
    where: { deliveryId: { in: deliveries.map((d) => d.id) }, readAt: null },
    data: { readAt: now },
  });
  return updated.count;
}

const stateSelect = {
  certificateId: true,
  subject: true,
  acknowledgedAt: true,
  acknowledgedBy: true,
  snoozedUntil: true,
  snoozeReason: true,
} as const;

/**
 * "We know, we're on it": no more reminders about this subject of this certificate (the other
 * subject still reminds). Clears any snooze. Audited.
 */
export async function acknowledge(
  db: Db,
  actor: Actor,
  input: AcknowledgeInput,
  now = new Date(),
): Promise<ReminderStateResult> {
  return db.$transaction((tx) => acknowledgeIn(tx, actor, input, now));
}

/** acknowledge, inside the caller's transaction (lib/reminder/bulk.ts acknowledges many in one). */
export async function acknowledgeIn(
  tx: Tx,
  actor: Actor,
  input: AcknowledgeInput,
  now: Date,
): Promise<ReminderStateResult> {
  const cert = await findCertificate(tx, input.certificateId);
  if (!cert)
    return { ok: false, code: "not_found", message: "No certificate has this id." } as const;
  const state = await tx.reminderState.upsert({
    where: { certificateId_subject: { certificateId: cert.id, subject: input.subject } },
    create: {
      certificateId: cert.id,
      subject: input.subject,
      acknowledgedAt: now,
      acknowledgedBy: actor.label,
    },
    update: {
      acknowledgedAt: now,
      acknowledgedBy: actor.label,
      snoozedUntil: null,
      snoozeReason: null,
    },
    select: stateSelect,
  });
  const read = await markReminderRead(tx, cert.id, input.subject, now);
  await appendAudit(tx, actor, {
    action: "reminder.acknowledge",
    objectType: "certificate",
    objectId: cert.id,
    gatewayId: cert.environment.gatewayId,
    environmentId: cert.environmentId,
    summary: {
      subject: input.subject,
      commonName: cert.commonName,
      serial: cert.serialNumber,
      notificationsMarkedRead: read,
    },
  });
  return { ok: true, state } as const;
}

/**
 * No reminders about this subject until `until` (at most a year ahead), with a reason. Replaces
 * an acknowledgement: a snooze means "remind us again then". Audited.
 */
export async function snooze(
  db: Db,
  actor: Actor,
  input: SnoozeInput,
  now = new Date(),
): Promise<ReminderStateResult> {
  const refused = snoozeUntilRefusal(input.until, now);
  if (refused) return refused;
  return db.$transaction((tx) => snoozeIn(tx, actor, input, now));
}

/** Why `until` cannot be a snooze's end (past, or more than a year ahead), or null. */
export function snoozeUntilRefusal(
  until: Date,
  now: Date,
): Extract<ReminderStateResult, { ok: false }> | null {
  if (until.getTime() <= now.getTime())
    return { ok: false, code: "invalid", field: "until", message: "until must be in the future." };
  if (until.getTime() > now.getTime() + MAX_SNOOZE_DAYS * 86_400_000) {
    return {
      ok: false,
      code: "invalid",
      field: "until",
      message: `A snooze lasts at most ${MAX_SNOOZE_DAYS} days.`,
    };
  }
  return null;
}

/** snooze, inside the caller's transaction, `until` already checked (snoozeUntilRefusal). */
export async function snoozeIn(
  tx: Tx,
  actor: Actor,
  input: SnoozeInput,
  now: Date,
): Promise<ReminderStateResult> {
  const cert = await findCertificate(tx, input.certificateId);
  if (!cert)
    return { ok: false, code: "not_found", message: "No certificate has this id." } as const;
  const state = await tx.reminderState.upsert({
    where: { certificateId_subject: { certificateId: cert.id, subject: input.subject } },
    create: {
      certificateId: cert.id,
      subject: input.subject,
      snoozedUntil: input.until,
      snoozeReason: input.reason,
    },
    update: {
      snoozedUntil: input.until,
      snoozeReason: input.reason,
      acknowledgedAt: null,
      acknowledgedBy: null,
    },
    select: stateSelect,
  });
  const read = await markReminderRead(tx, cert.id, input.subject, now);
  await appendAudit(tx, actor, {
    action: "reminder.snooze",
    objectType: "certificate",
    objectId: cert.id,
    gatewayId: cert.environment.gatewayId,
    environmentId: cert.environmentId,
    summary: {
      subject: input.subject,
      commonName: cert.commonName,
      serial: cert.serialNumber,
      until: input.until.toISOString(),
      reason: input.reason,
      notificationsMarkedRead: read,
    },
  });
  return { ok: true, state } as const;
}

/** The acknowledgement and snooze of each subject of a certificate, for its page. */
export function reminderStates(db: Db, certificateId: string) {
  return db.reminderState.findMany({
    where: { certificateId },
    select: stateSelect,
    orderBy: { subject: "asc" },
  });
}
