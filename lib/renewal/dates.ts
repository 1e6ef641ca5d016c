/**
 * Days left and lifecycle states: derived from dates and the clock, never stored. Every page,
 * API and sweep computes them here, so they cannot disagree.
 */
import { isoDay } from "@/lib/dates";
const DAY_MS = 86_400_000;
export const EXPIRING_WITHIN_DAYS = 30;

/** Whole days until `notAfter` (negative once expired); a certificate expiring later today has 0. */
export function daysLeft(notAfter: Date, now: Date = new Date()): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
}

export type CertificateState = "active" | "expiring" | "expired" | "superseded" | "revoked";

/** The inventory state of a certificate: set-by-hand facts first, then the clock. */
export function certificateState(
  cert: { notAfter: Date; revokedAt?: Date | null; supersededById?: string | null },
  now: Date = new Date(),
): CertificateState {
  if (cert.revokedAt) return "revoked";
  if (cert.supersededById) return "superseded";
  if (cert.notAfter.getTime() <= now.getTime()) return "expired";
  if (daysLeft(cert.notAfter, now) <= EXPIRING_WITHIN_DAYS) return "expiring";
  return "active";
}

/** The date by which the renewal must start: expiry minus the lead time (Thales signs by hand). */
export function startRenewalBy(notAfter: Date, leadDays: number): Date {
  return new Date(notAfter.getTime() - leadDays * DAY_MS);
}

export type LifecycleState = "ok" | "renewal-due" | "expiring" | "expired";

/** What ops must do about a client certificate, from the clock alone (issue #5's states). */
export function lifecycleState(
  notAfter: Date,
  leadDays: number,
  now: Date = new Date(),
): LifecycleState {
  if (notAfter.getTime() <= now.getTime()) return "expired";
  if (daysLeft(notAfter, now) <= EXPIRING_WITHIN_DAYS) return "expiring";
  if (startRenewalBy(notAfter, leadDays).getTime() <= now.getTime()) return "renewal-due";
  return "ok";
}

export const DEFAULT_REMINDER_THRESHOLDS = [120, 90, 60, 30, 14, 7, 3, 1] as const;

/**
 * The reminder due now for one date: the most recent threshold crossed ("30d"), or once the date
 * has passed, one a day ("overdue:2031-04-02", UTC day). Null when none is due yet. Only the most
 * recent crossing counts, so an instance that was down does not send a burst of stale ones.
 */
export function dueThreshold(
  date: Date,
  thresholds: readonly number[],
  now: Date = new Date(),
): string | null {
  if (date.getTime() <= now.getTime()) return `overdue:${isoDay(now)}`;
  const crossed = thresholds.filter((days) => date.getTime() - days * DAY_MS <= now.getTime());
  return crossed.length ? `${Math.min(...crossed)}d` : null;
}

/** The renewal lead time in force: the environment's override, else the gateway's setting. */
export function effectiveLeadDays(
  environment: { renewalLeadDaysOverride: number | null },
  gateway: { renewalLeadDays: number },
): number {
  return environment.renewalLeadDaysOverride ?? gateway.renewalLeadDays;
}

/**
 * When the next reminder about `date` falls due after `now`: the next threshold still ahead, else
 * the date itself, else (once it has passed) the next UTC midnight, for the daily reminder.
 */
export function nextReminderAt(
  date: Date,
  thresholds: readonly number[],
  now: Date = new Date(),
): { at: Date; threshold: string } {
  if (date.getTime() <= now.getTime()) {
    const midnight = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1),
    );
    return { at: midnight, threshold: `overdue:${isoDay(midnight)}` };
  }
  const ahead = thresholds
    .map((days) => ({ at: new Date(date.getTime() - days * DAY_MS), threshold: `${days}d` }))
    .filter((t) => t.at.getTime() > now.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  return ahead[0] ?? { at: date, threshold: `overdue:${isoDay(date)}` };
}
