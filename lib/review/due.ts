/** PCI DSS 12.3.3: the protocols and cipher suites in use are reviewed at least once every 12 months. */
export const REVIEW_INTERVAL_MONTHS = 12;

/**
 * When the next yearly review is due: twelve calendar months after the last one (a review on
 * 29 February is next due on 28 February). Null when no review was ever recorded: due now.
 */
export function nextReviewDue(lastReviewedOn: Date | null): Date | null {
  if (!lastReviewedOn) return null;
  const y = lastReviewedOn.getUTCFullYear();
  const m = lastReviewedOn.getUTCMonth() + REVIEW_INTERVAL_MONTHS;
  const lastDayOfTarget = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(lastReviewedOn.getUTCDate(), lastDayOfTarget)));
}

/** Whether the review is overdue on `now` (no review ever recorded counts as overdue). */
export function reviewOverdue(lastReviewedOn: Date | null, now: Date = new Date()): boolean {
  const due = nextReviewDue(lastReviewedOn);
  return due === null || due.getTime() < now.getTime();
}
