/**
 * A client certificate still in service: not revoked, not superseded, and no successor deployed
 * (a completed renewal, or one whose deployment was confirmed). Reminders, the calendar and the
 * metrics all follow this rule; lib/reminder/due.ts and lib/metrics/certificates.ts state it
 * again in SQL, and lib/reminder/mutations.test.ts and lib/metrics/metrics.test.ts hold each to it.
 */
export const inServiceWhere = {
  revokedAt: null,
  supersededById: null,
  renewalsFrom: { none: { OR: [{ status: "completed" as const }, { deployedAt: { not: null } }] } },
};
