/**
 * A client certificate still in service: not revoked, not superseded, and no successor deployed
 * (a completed renewal, or one whose deployment was confirmed). Reminders, the calendar and the
 * metrics all follow this rule; lib/reminder/due.ts states it again in SQL, and
 * lib/reminder/in-service.test.ts holds the two together.
 */
export const inServiceWhere = {
  revokedAt: null,
  supersededById: null,
  renewalsFrom: { none: { OR: [{ status: "completed" as const }, { deployedAt: { not: null } }] } },
};
