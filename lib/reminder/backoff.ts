/** Retry policy of a failed delivery: 1 min, 2, 4, … doubling, at most 6 h apart, then give up. */
export const MAX_ATTEMPTS = 12;
const BASE_MS = 60_000;
const CAP_MS = 6 * 3_600_000;

/** When to try again after the `attempts`-th failed attempt (1-based), or null: give up ("dead"). */
export function nextAttemptAfterFailure(attempts: number, now: Date): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const delay = Math.min(BASE_MS * 2 ** Math.max(0, attempts - 1), CAP_MS);
  return new Date(now.getTime() + delay);
}

/**
 * How long a claimed delivery stays ours. A process that dies between claiming and recording
 * leaves the row in "sending"; after this lease another sweep may take it again. That trades
 * a rare duplicate (crash right after sending) for never losing a reminder.
 */
export const CLAIM_LEASE_MS = 15 * 60_000;
