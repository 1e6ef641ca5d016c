import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

export const SEARCH_TYPES = ["certificates", "csrs", "trust-entries", "gateways"] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];
export const SEARCH_PAGE_SIZE = 25;

export const searchQuerySchema = z.object({
  q: z.string().trim().min(2, "Type at least 2 characters.").max(200, "Keep the search under 200 characters."),
  type: z.enum(SEARCH_TYPES, { message: `type must be one of ${SEARCH_TYPES.join(", ")}.` }).optional(),
  env: z.enum(["PPR", "PRD"], { message: "env must be PPR or PRD." }).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

/** Fingerprints and serials are pasted with colons or spaces, in either case. */
const hexOf = (q: string) => {
  const hex = q.replace(/[\s:]/g, "");
  return /^[0-9a-fA-F]{4,}$/.test(hex) ? hex : null;
};

const contains = (q: string) => ({ contains: q, mode: "insensitive" as const });

/**
 * One search box over what ops paste: a Common Name, a serial, a SHA-256 fingerprint (of a
 * certificate, a CSR's key or a trust-store entry), or a merchantGatewayId. Each type is counted
 * and paged by the database.
 */
export async function search(db: Db, query: SearchQuery) {
  const { q, env } = query;
  const hex = hexOf(q);
  const environment: Prisma.EnvironmentWhereInput = env ? { code: env } : {};
  const gatewayMatch = { merchantGatewayId: contains(q) };
  const where = {
    certificates: {
      environment,
      OR: [
        { commonName: contains(q) },
        { environment: { gateway: gatewayMatch } },
        ...(hex ? [{ serialNumber: { startsWith: hex, mode: "insensitive" as const } }, { sha256: { startsWith: hex.toLowerCase() } }, { publicKeySha256: { startsWith: hex.toLowerCase() } }] : []),
      ],
    } satisfies Prisma.CertificateWhereInput,
    csrs: {
      environment,
      OR: [{ commonName: contains(q) }, { environment: { gateway: gatewayMatch } }, ...(hex ? [{ publicKeySha256: { startsWith: hex.toLowerCase() } }] : [])],
    } satisfies Prisma.CsrWhereInput,
    "trust-entries": {
      environment,
      OR: [{ subjectDn: contains(q) }, { environment: { gateway: gatewayMatch } }, ...(hex ? [{ sha256: { startsWith: hex.toLowerCase() } }] : [])],
    } satisfies Prisma.TrustStoreEntryWhereInput,
    gateways: { OR: [gatewayMatch, { name: contains(q) }] } satisfies Prisma.GatewayWhereInput,
  };
  const wanted = (type: SearchType) => !query.type || query.type === type;
  const take = query.type ? SEARCH_PAGE_SIZE : 10;
  const skip = query.type ? (query.page - 1) * SEARCH_PAGE_SIZE : 0;
  const envSelect = { select: { code: true, gateway: { select: { merchantGatewayId: true } } } } as const;
  const [certificates, certificateCount, csrs, csrCount, entries, entryCount, gateways, gatewayCount] = await Promise.all([
    wanted("certificates") ? db.certificate.findMany({ where: where.certificates, orderBy: [{ notAfter: "asc" }, { id: "asc" }], take, skip, select: { id: true, commonName: true, serialNumber: true, sha256: true, notAfter: true, revokedAt: true, supersededById: true, environment: envSelect } }) : [],
    wanted("certificates") ? db.certificate.count({ where: where.certificates }) : 0,
    wanted("csrs") ? db.csr.findMany({ where: where.csrs, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take, skip, select: { id: true, commonName: true, status: true, publicKeySha256: true, createdAt: true, environment: envSelect } }) : [],
    wanted("csrs") ? db.csr.count({ where: where.csrs }) : 0,
    wanted("trust-entries") ? db.trustStoreEntry.findMany({ where: where["trust-entries"], orderBy: [{ notAfter: "asc" }, { id: "asc" }], take, skip, select: { id: true, kind: true, subjectDn: true, sha256: true, notAfter: true, environment: envSelect } }) : [],
    wanted("trust-entries") ? db.trustStoreEntry.count({ where: where["trust-entries"] }) : 0,
    wanted("gateways") && !env ? db.gateway.findMany({ where: where.gateways, orderBy: { merchantGatewayId: "asc" }, take, skip, select: { id: true, merchantGatewayId: true, name: true } }) : [],
    wanted("gateways") && !env ? db.gateway.count({ where: where.gateways }) : 0,
  ]);
  return {
    certificates: { rows: certificates, total: certificateCount },
    csrs: { rows: csrs, total: csrCount },
    "trust-entries": { rows: entries, total: entryCount },
    gateways: { rows: gateways, total: gatewayCount },
  };
}
export type SearchResults = Awaited<ReturnType<typeof search>>;
