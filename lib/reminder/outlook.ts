import { nextReminderAt, startRenewalBy } from "@/lib/renewal/dates";
import type { ReminderSubject } from "./subjects";
import { isoDay } from "@/lib/dates";

export type ReminderOutlook =
  | { kind: "stopped"; why: string }
  | { kind: "acknowledged"; by: string | null; at: Date }
  | { kind: "snoozed"; until: Date; reason: string | null }
  | { kind: "next"; at: Date; threshold: string };

type Input = {
  subject: ReminderSubject;
  notAfter: Date;
  leadDays: number;
  thresholds: readonly number[];
  revokedAt: Date | null;
  supersededById: string | null;
  /** The renewal of this certificate whose successor is deployed, if any. */
  successorDeployedAt: Date | null;
  state: {
    acknowledgedAt: Date | null;
    acknowledgedBy: string | null;
    snoozedUntil: Date | null;
    snoozeReason: string | null;
  } | null;
};

/**
 * What a person can expect from the reminders about one date of one certificate: the same rules
 * as the sweep (lib/reminder/due.ts), told in words on the certificate page.
 */
export function reminderOutlook(input: Input, now: Date = new Date()): ReminderOutlook {
  if (input.revokedAt) return { kind: "stopped", why: "the certificate is revoked" };
  if (input.supersededById)
    return { kind: "stopped", why: "the certificate is superseded by its successor" };
  if (input.successorDeployedAt)
    return {
      kind: "stopped",
      why: `its successor was deployed on ${isoDay(input.successorDeployedAt)}`,
    };
  if (input.state?.acknowledgedAt)
    return { kind: "acknowledged", by: input.state.acknowledgedBy, at: input.state.acknowledgedAt };
  if (input.state?.snoozedUntil && input.state.snoozedUntil.getTime() > now.getTime()) {
    return { kind: "snoozed", until: input.state.snoozedUntil, reason: input.state.snoozeReason };
  }
  const date =
    input.subject === "expiry" ? input.notAfter : startRenewalBy(input.notAfter, input.leadDays);
  return { kind: "next", ...nextReminderAt(date, input.thresholds, now) };
}

export function describeOutlook(outlook: ReminderOutlook): string {
  switch (outlook.kind) {
    case "stopped":
      return `No more reminders: ${outlook.why}.`;
    case "acknowledged":
      return `Acknowledged by ${outlook.by ?? "someone"} on ${isoDay(outlook.at)}: no more reminders.`;
    case "snoozed":
      return `Snoozed until ${isoDay(outlook.until)}${outlook.reason ? `: ${outlook.reason}` : ""}.`;
    case "next":
      return outlook.threshold.startsWith("overdue:")
        ? `Next reminder ${isoDay(outlook.at)}, then daily while overdue.`
        : `Next reminder ${isoDay(outlook.at)} (${outlook.threshold.replace("d", " days")} before).`;
  }
}
