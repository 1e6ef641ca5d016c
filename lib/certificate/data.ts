import "server-only";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { EXPIRING_WITHIN_DAYS } from "@/lib/renewal/dates";

export const CERTIFICATE_PAGE_SIZE = 50;
const DAY_MS = 86_400_000;

export const CERTIFICATE_STATE_FILTERS = ["expired", "expiring", "renewal-due", "ok", "superseded", "revoked"] as const;
export type CertificateStateFilter = (typeof CERTIFICATE_STATE_FILTERS)[number];
export const CERTIFICATE_SORTS = { notAfter: "Expiry, soonest first", "-notAfter": "Expiry, latest first", commonName: "Common Name", "-createdAt": "Newest import first" } as const;
export type CertificateSort = keyof typeof CERTIFICATE_SORTS;

export type CertificateFilter = { environmentIds?: string[]; expiringWithinDays?: number; state?: CertificateStateFilter; now?: Date };

const ORDER: Record<CertificateSort, Prisma.CertificateOrderByWithRelationInput[]> = {
  notAfter: [{ notAfter: "asc" }, { id: "asc" }],
  "-notAfter": [{ notAfter: "desc" }, { id: "asc" }],
  commonName: [{ commonName: "asc" }, { id: "asc" }],
  "-createdAt": [{ createdAt: "desc" }, { id: "asc" }],
};

/**
 * The states of lib/renewal/dates.ts as SQL conditions, so that the database filters and counts:
 * renewal-due and ok depend on each environment's lead time, hence one range per environment.
 */
async function stateWhere(db: Db, state: CertificateStateFilter, now: Date): Promise<Prisma.CertificateWhereInput> {
  const live = { revokedAt: null, supersededById: null };
  const expiringBound = new Date(now.getTime() + (EXPIRING_WITHIN_DAYS + 1) * DAY_MS);
  switch (state) {
    case "revoked":
      return { revokedAt: { not: null } };
    case "superseded":
      return { revokedAt: null, supersededById: { not: null } };
    case "expired":
      return { ...live, notAfter: { lte: now } };
    case "expiring":
      return { ...live, notAfter: { gt: now, lt: expiringBound } };
    default: {
      const environments = await db.environment.findMany({ select: { id: true, renewalLeadDaysOverride: true, gateway: { select: { renewalLeadDays: true } } } });
      return {
        ...live,
        OR: environments.map((e) => {
          const startBound = new Date(now.getTime() + (e.renewalLeadDaysOverride ?? e.gateway.renewalLeadDays) * DAY_MS);
          return { environmentId: e.id, notAfter: state === "renewal-due" ? { gte: expiringBound, lte: startBound } : { gte: expiringBound, gt: startBound } };
        }),
      };
    }
  }
}

/** Sorted by expiry, soonest first by default: what needs attention comes first. Filtering is done in SQL. */
export async function listCertificates(db: Db, filter: CertificateFilter, page = 1, pageSize = CERTIFICATE_PAGE_SIZE, sort: CertificateSort = "notAfter") {
  const now = filter.now ?? new Date();
  const where: Prisma.CertificateWhereInput = {
    AND: [
      filter.environmentIds ? { environmentId: { in: filter.environmentIds } } : {},
      // daysLeft ≤ N exactly when notAfter < now + (N + 1) days (see lib/renewal/dates.ts).
      filter.expiringWithinDays != null ? { notAfter: { lt: new Date(now.getTime() + (filter.expiringWithinDays + 1) * DAY_MS) } } : {},
      filter.state ? await stateWhere(db, filter.state, now) : {},
    ],
  };
  const [rows, total] = await Promise.all([
    db.certificate.findMany({
      where,
      orderBy: ORDER[sort],
      skip: (page - 1) * pageSize,
      take: pageSize,
      omit: { der: true, chainPem: true },
      include: { environment: { select: { code: true, gateway: { select: { merchantGatewayId: true } } } } },
    }),
    db.certificate.count({ where }),
  ]);
  return { rows, total, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

export function findCertificate(db: Db, environmentId: string, id: string) {
  return db.certificate.findFirst({ where: { id, environmentId }, include: { csr: { select: { id: true, commonName: true, status: true } } } });
}

/** The certificate in service: not revoked or superseded, latest expiry first. */
export function currentCertificate(db: Db, environmentId: string) {
  return db.certificate.findFirst({
    where: { environmentId, revokedAt: null, supersededById: null },
    orderBy: { notAfter: "desc" },
    omit: { der: true, chainPem: true },
  });
}
