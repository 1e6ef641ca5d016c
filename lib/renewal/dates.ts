/**
 * Days left and lifecycle states: derived from dates and the clock, never stored. Every page,
 * API and sweep computes them here, so they cannot disagree.
 */
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
