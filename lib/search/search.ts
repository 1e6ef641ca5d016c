import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { containsText } from "@/lib/db/contains";
import { environmentSummaries } from "@/lib/environment/data";

export const SEARCH_TYPES = ["certificates", "csrs", "trust-entries", "gateways"] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];
export const SEARCH_PAGE_SIZE = 25;
/**
 * Without a type, each kind is counted up to this many: a fragment that matches a whole gateway
 * would otherwise have every row of it counted just to print "2,000". With a type the count is
 * exact, for the pager.
 */
export const SEARCH_SUMMARY_COUNT_CAP = 100;

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


/**
 * One search box over what ops paste: a Common Name, a serial, a SHA-256 fingerprint (of a
 * certificate, a CSR's key or a trust-store entry), or a merchantGatewayId. Each type is counted
 * and paged by the database. Fragments of a CN or DN are found through trigram indexes; a
 * gateway match is resolved first (a handful of rows) into its environments, so that every
 * condition of a type's query can use an index.
 */
export async function search(db: Db, query: SearchQuery) {
  const { q, env } = query;
  const hex = hexOf(q);
  const gatewayMatch = { merchantGatewayId: containsText(q) };
  const environments = await environmentSummaries(db);
  const inScope = environments.filter((e) => !env || e.code === env);
  const scope: { environmentId?: { in: string[] } } = env ? { environmentId: { in: inScope.map((e) => e.id) } } : {};
  const needle = q.toLowerCase();
  const ofMatchingGateway = inScope.filter((e) => e.merchantGatewayId.toLowerCase().includes(needle)).map((e) => e.id);
  const byGateway = ofMatchingGateway.length ? [{ environmentId: { in: ofMatchingGateway } }] : [];
  // Serials are stored in upper case without a leading zero byte (lib/pki/certificate.ts), as
  // openssl prints them; fingerprints in lower case. Prefix matches, so they use no case folding.
  const serial = hex ? [{ serialNumber: { startsWith: hex.toUpperCase().replace(/^00(?=[0-9A-F]{2})/, "") } }] : [];
  const fingerprint = (field: "sha256" | "publicKeySha256") => (hex ? [{ [field]: { startsWith: hex.toLowerCase() } }] : []);
  const where = {
    certificates: {
      ...scope,
      OR: [{ commonName: containsText(q) }, ...byGateway, ...serial, ...fingerprint("sha256"), ...fingerprint("publicKeySha256")],
    } satisfies Prisma.CertificateWhereInput,
    csrs: {
      ...scope,
      OR: [{ commonName: containsText(q) }, ...byGateway, ...fingerprint("publicKeySha256")],
    } satisfies Prisma.CsrWhereInput,
    "trust-entries": {
      ...scope,
      OR: [{ subjectDn: containsText(q) }, ...byGateway, ...fingerprint("sha256")],
    } satisfies Prisma.TrustStoreEntryWhereInput,
    gateways: { OR: [gatewayMatch, { name: containsText(q) }] } satisfies Prisma.GatewayWhereInput,
  };
  const wanted = (type: SearchType) => !query.type || query.type === type;
  const skip = query.type ? (query.page - 1) * SEARCH_PAGE_SIZE : 0;
  // Each row's environment and gateway come from the environments already at hand, not from two
  // more queries per kind.
  const byId = new Map(environments.map((e) => [e.id, { code: e.code, gateway: { merchantGatewayId: e.merchantGatewayId } }]));
  const withEnvironment = <T extends { environmentId: string }>(rows: T[]) => rows.map((r) => ({ ...r, environment: byId.get(r.environmentId)! }));
  // The same order as the queries' orderBy, for a summary sorted here.
  const byDate = <F extends "notAfter" | "createdAt">(field: F, direction: 1 | -1) => (a: { id: string } & Record<F, Date>, b: { id: string } & Record<F, Date>) =>
    direction * (a[field].getTime() - b[field].getTime()) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  const certificateSelect = { id: true, commonName: true, serialNumber: true, sha256: true, notAfter: true, revokedAt: true, supersededById: true, environmentId: true } as const;
  const csrSelect = { id: true, commonName: true, status: true, publicKeySha256: true, createdAt: true, environmentId: true } as const;
  const entrySelect = { id: true, kind: true, subjectDn: true, sha256: true, notAfter: true, environmentId: true } as const;
  const [certificates, csrs, entries, gateways] = await Promise.all([
    wanted("certificates")
      ? kindPage(query, {
          find: (take: number, skip: number, ordered: boolean) => db.certificate.findMany({ where: where.certificates, ...(ordered ? { orderBy: [{ notAfter: "asc" }, { id: "asc" }] } : {}), take, skip, select: certificateSelect }).then(withEnvironment),
          count: () => db.certificate.count({ where: where.certificates }),
          compare: byDate("notAfter", 1),
        }, skip)
      : none,
    wanted("csrs")
      ? kindPage(query, {
          find: (take: number, skip: number, ordered: boolean) => db.csr.findMany({ where: where.csrs, ...(ordered ? { orderBy: [{ createdAt: "desc" }, { id: "asc" }] } : {}), take, skip, select: csrSelect }).then(withEnvironment),
          count: () => db.csr.count({ where: where.csrs }),
          compare: byDate("createdAt", -1),
        }, skip)
      : none,
    wanted("trust-entries")
      ? kindPage(query, {
          find: (take: number, skip: number, ordered: boolean) => db.trustStoreEntry.findMany({ where: where["trust-entries"], ...(ordered ? { orderBy: [{ notAfter: "asc" }, { id: "asc" }] } : {}), take, skip, select: entrySelect }).then(withEnvironment),
          count: () => db.trustStoreEntry.count({ where: where["trust-entries"] }),
          compare: byDate("notAfter", 1),
        }, skip)
      : none,
    wanted("gateways") && !env
      ? kindPage(query, {
          find: (take: number, skip: number) => db.gateway.findMany({ where: where.gateways, orderBy: { merchantGatewayId: "asc" }, take, skip, select: { id: true, merchantGatewayId: true, name: true } }),
          count: () => db.gateway.count({ where: where.gateways }),
          compare: (a, b) => (a.merchantGatewayId < b.merchantGatewayId ? -1 : a.merchantGatewayId > b.merchantGatewayId ? 1 : 0),
        }, skip)
      : none,
  ]);
  return { certificates, csrs, "trust-entries": entries, gateways };
}

const none = Promise.resolve({ rows: [] as never[], total: 0, exact: true });

type Kind<R> = { find: (take: number, skip: number, ordered: boolean) => Promise<R[]>; count: () => Promise<number>; compare: (a: NoInfer<R>, b: NoInfer<R>) => number };

/**
 * One kind's results. With a type: a page and the exact count, for the pager. Without: the first
 * 10 and a count up to the cap, from one read of at most CAP + 1 matches (sorted here), so that
 * a fragment matching a handful of rows reads them once; only past the cap does a second, ordered
 * query fetch the first 10.
 */
async function kindPage<R>(query: SearchQuery, kind: Kind<R>, skip: number): Promise<{ rows: R[]; total: number; exact: boolean }> {
  if (query.type) {
    const [rows, total] = await Promise.all([kind.find(SEARCH_PAGE_SIZE, skip, true), kind.count()]);
    return { rows, total, exact: true };
  }
  const candidates = await kind.find(SEARCH_SUMMARY_COUNT_CAP + 1, 0, false);
  if (candidates.length <= SEARCH_SUMMARY_COUNT_CAP) return { rows: candidates.sort(kind.compare).slice(0, SUMMARY_ROWS), total: candidates.length, exact: true };
  return { rows: await kind.find(SUMMARY_ROWS, 0, true), total: SEARCH_SUMMARY_COUNT_CAP, exact: false };
}
const SUMMARY_ROWS = 10;
export type SearchResults = Awaited<ReturnType<typeof search>>;
