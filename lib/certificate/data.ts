import "server-only";
import type { Db } from "@/lib/db/client";

export const CERTIFICATE_PAGE_SIZE = 50;
const DAY_MS = 86_400_000;

export type CertificateFilter = { environmentIds?: string[]; expiringWithinDays?: number; now?: Date };

/** Sorted by expiry, soonest first: what needs attention comes first. Filtering is done in SQL. */
export async function listCertificates(db: Db, filter: CertificateFilter, page = 1, pageSize = CERTIFICATE_PAGE_SIZE) {
  const now = filter.now ?? new Date();
  const where = {
    environmentId: filter.environmentIds ? { in: filter.environmentIds } : undefined,
    // daysLeft ≤ N exactly when notAfter < now + (N + 1) days (see lib/renewal/dates.ts).
    notAfter: filter.expiringWithinDays != null ? { lt: new Date(now.getTime() + (filter.expiringWithinDays + 1) * DAY_MS) } : undefined,
  };
  const [rows, total] = await Promise.all([
    db.certificate.findMany({
      where,
      orderBy: [{ notAfter: "asc" }, { id: "asc" }],
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
