import "server-only";
import { db as database, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { requestVersions, versionedEntriesPerDb } from "@/lib/cache/versioned";
import { environmentSummaries } from "@/lib/environment/data";
import { EXPIRING_WITHIN_DAYS, effectiveLeadDays } from "@/lib/renewal/dates";
import { openRenewalFor, successorDeployedAt } from "@/lib/renewal/data";
import { reminderStates } from "@/lib/reminder/mutations";
import { installationsForPage } from "@/lib/installation/page-data";

// 25 rows fit a screen, and the page renders in two thirds of the time 50 took.
export const CERTIFICATE_PAGE_SIZE = 25;
const DAY_MS = 86_400_000;

export const CERTIFICATE_STATE_FILTERS = [
  "expired",
  "expiring",
  "renewal-due",
  "ok",
  "superseded",
  "revoked",
] as const;
export type CertificateStateFilter = (typeof CERTIFICATE_STATE_FILTERS)[number];
export const CERTIFICATE_SORTS = {
  notAfter: "Expiry, soonest first",
  "-notAfter": "Expiry, latest first",
  commonName: "Common Name",
  "-createdAt": "Newest import first",
} as const;
export type CertificateSort = keyof typeof CERTIFICATE_SORTS;

export type CertificateFilter = {
  environmentIds?: string[];
  expiringWithinDays?: number;
  state?: CertificateStateFilter;
  now?: Date;
};

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
async function stateWhere(
  db: Db,
  state: CertificateStateFilter,
  now: Date,
): Promise<Prisma.CertificateWhereInput> {
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
      const environments = await db.environment.findMany({
        select: {
          id: true,
          renewalLeadDaysOverride: true,
          gateway: { select: { renewalLeadDays: true } },
        },
      });
      return {
        ...live,
        OR: environments.map((e) => {
          const startBound = new Date(now.getTime() + effectiveLeadDays(e, e.gateway) * DAY_MS);
          return {
            environmentId: e.id,
            notAfter:
              state === "renewal-due"
                ? { gte: expiringBound, lte: startBound }
                : { gte: expiringBound, gt: startBound },
          };
        }),
      };
    }
  }
}

async function certificateWhere(
  db: Db,
  filter: CertificateFilter,
  now: Date,
): Promise<Prisma.CertificateWhereInput> {
  return {
    AND: [
      filter.environmentIds ? { environmentId: { in: filter.environmentIds } } : {},
      // daysLeft ≤ N exactly when notAfter < now + (N + 1) days (see lib/renewal/dates.ts).
      filter.expiringWithinDays != null
        ? { notAfter: { lt: new Date(now.getTime() + (filter.expiringWithinDays + 1) * DAY_MS) } }
        : {},
      filter.state ? await stateWhere(db, filter.state, now) : {},
    ],
  };
}

const environmentOfRow = {
  select: { code: true, gateway: { select: { merchantGatewayId: true } } },
} as const;

/** Sorted by expiry, soonest first by default: what needs attention comes first. Filtering is done in SQL. */
export async function listCertificates(
  db: Db,
  filter: CertificateFilter,
  page = 1,
  pageSize = CERTIFICATE_PAGE_SIZE,
  sort: CertificateSort = "notAfter",
) {
  const where = await certificateWhere(db, filter, filter.now ?? new Date());
  const [rows, total] = await Promise.all([
    db.certificate.findMany({
      where,
      orderBy: ORDER[sort],
      skip: (page - 1) * pageSize,
      take: pageSize,
      omit: { der: true, chainPem: true },
      include: { environment: environmentOfRow },
    }),
    db.certificate.count({ where }),
  ]);
  return { rows, total, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

/**
 * The same page with only what an inventory table shows, for the inventory pages (the busiest in
 * the app): one SQL query with its joins instead of three, and a total remembered per data
 * version (lib/cache/versioned.ts) instead of counted on every page turn. The conditions are
 * the same as listCertificates' (lib/overview/overview.test.ts compares the two).
 */
export function listCertificateSummaries(
  db: Db,
  filter: CertificateFilter,
  page = 1,
  pageSize = CERTIFICATE_PAGE_SIZE,
  sort: CertificateSort = "notAfter",
) {
  return certificatePage<SummaryRow>(db, filter, page, pageSize, sort, SUMMARY_COLUMNS);
}

/**
 * listCertificates' page with what the API shows (lib/certificate/dto.ts), for
 * GET /api/v1/certificates: one SQL query, the total remembered as for the inventory pages, and
 * no certificate bytes or subject read.
 */
export async function listCertificatesForApi(
  db: Db,
  filter: CertificateFilter,
  page: number,
  pageSize: number,
) {
  const { rows, ...rest } = await certificatePage<ApiRow>(
    db,
    filter,
    page,
    pageSize,
    "notAfter",
    API_COLUMNS,
  );
  return {
    rows: rows.map(({ createdAtMs, ...row }) => ({ ...row, createdAt: new Date(createdAtMs) })),
    ...rest,
  };
}

/**
 * Pages of the inventory, shared by every request until the data changes or 30 s pass, as the
 * overview is (ADR 0011): twenty people on the same list cost one query, not twenty. A fixed
 * clock (tests) reads every time.
 */
const certificatePages = versionedEntriesPerDb<Promise<unknown>>(30_000, 500);
async function certificatePage<Row extends Joined>(
  db: Db,
  filter: CertificateFilter,
  page: number,
  pageSize: number,
  sort: CertificateSort,
  columns: Prisma.Sql,
) {
  const read = () => readCertificatePage<Row>(db, filter, page, pageSize, sort, columns);
  if (filter.now) return read();
  const pages = certificatePages(db);
  const key = JSON.stringify([
    columns.sql,
    filter.environmentIds ?? null,
    filter.expiringWithinDays ?? null,
    filter.state ?? null,
    page,
    pageSize,
    sort,
  ]);
  const { data: version } = await requestVersions(db);
  const cached = pages.get(key, version) as ReturnType<typeof read> | undefined;
  if (cached) return cached;
  const result = read();
  pages.set(key, version, result);
  result.catch(() => pages.delete(key));
  return result;
}

async function readCertificatePage<Row extends Joined>(
  db: Db,
  filter: CertificateFilter,
  page: number,
  pageSize: number,
  sort: CertificateSort,
  columns: Prisma.Sql,
) {
  const now = filter.now ?? new Date();
  const where = await summaryConditions(db, filter, now);
  const [rows, total] = await Promise.all([
    db.$queryRaw<Row[]>`
      SELECT ${columns}, e.code, g."merchantGatewayId",
             (extract(epoch FROM c."notBefore") * 1000)::float8 AS "notBeforeMs",
             (extract(epoch FROM c."notAfter") * 1000)::float8 AS "notAfterMs",
             (extract(epoch FROM c."revokedAt") * 1000)::float8 AS "revokedAtMs"
      FROM certificate c JOIN environment e ON e.id = c."environmentId" JOIN gateway g ON g.id = e."gatewayId"
      WHERE ${where}
      ORDER BY ${SQL_ORDER[sort]}
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    countCertificates(db, filter, where),
  ]);
  return {
    rows: rows.map(({ code, merchantGatewayId, notBeforeMs, notAfterMs, revokedAtMs, ...row }) => ({
      ...row,
      notBefore: new Date(notBeforeMs),
      notAfter: new Date(notAfterMs),
      revokedAt: revokedAtMs == null ? null : new Date(revokedAtMs),
      environment: { code, gateway: { merchantGatewayId } },
    })),
    total,
    pages: Math.max(1, Math.ceil(total / pageSize)),
  };
}

// Raw queries return epoch milliseconds: PGlite reads a returned `timestamp` in the process's zone.
type Joined = {
  code: "PPR" | "PRD";
  merchantGatewayId: string;
  notBeforeMs: number;
  notAfterMs: number;
  revokedAtMs: number | null;
};

// checks: a non-compliant row's badge tells unverified from non-compliant (lib/certificate/dto.ts verdictOf).
const SUMMARY_COLUMNS = Prisma.sql`c.id, c."commonName", c."serialNumber", c."issuerDn", c.sha256, c.compliant, c."supersededById", c."csrId",
             c."keyType", c."keySize", c.curve, c.checks`;
type SummaryRow = Joined & {
  id: string;
  commonName: string;
  serialNumber: string;
  issuerDn: string;
  sha256: string;
  compliant: boolean;
  supersededById: string | null;
  csrId: string | null;
  keyType: string;
  keySize: number | null;
  curve: string | null;
  checks: unknown;
};

const API_COLUMNS = Prisma.sql`${SUMMARY_COLUMNS}, c."environmentId", c."subjectDn", c."publicKeySha256", c."revokedReason", c."createdByLabel",
             (extract(epoch FROM c."createdAt") * 1000)::float8 AS "createdAtMs"`;
type ApiRow = SummaryRow & {
  environmentId: string;
  subjectDn: string;
  publicKeySha256: string;
  revokedReason: string | null;
  createdByLabel: string;
  createdAtMs: number;
};

const SQL_ORDER: Record<CertificateSort, Prisma.Sql> = {
  notAfter: Prisma.sql`c."notAfter" ASC, c.id ASC`,
  "-notAfter": Prisma.sql`c."notAfter" DESC, c.id ASC`,
  commonName: Prisma.sql`c."commonName" ASC, c.id ASC`,
  "-createdAt": Prisma.sql`c."createdAt" DESC, c.id ASC`,
};

/** listCertificates' conditions (certificateWhere, stateWhere) in SQL, on `c`. */
async function summaryConditions(
  db: Db,
  filter: CertificateFilter,
  now: Date,
): Promise<Prisma.Sql> {
  const at = (d: Date) => Prisma.sql`${d.toISOString()}::timestamp`;
  const conditions: Prisma.Sql[] = [Prisma.sql`true`];
  if (filter.environmentIds)
    conditions.push(
      filter.environmentIds.length
        ? Prisma.sql`c."environmentId" IN (${Prisma.join(filter.environmentIds)})`
        : Prisma.sql`false`,
    );
  if (filter.expiringWithinDays != null)
    conditions.push(
      Prisma.sql`c."notAfter" < ${at(new Date(now.getTime() + (filter.expiringWithinDays + 1) * DAY_MS))}`,
    );
  const live = Prisma.sql`c."revokedAt" IS NULL AND c."supersededById" IS NULL`;
  const expiringBound = new Date(now.getTime() + (EXPIRING_WITHIN_DAYS + 1) * DAY_MS);
  switch (filter.state) {
    case undefined:
      break;
    case "revoked":
      conditions.push(Prisma.sql`c."revokedAt" IS NOT NULL`);
      break;
    case "superseded":
      conditions.push(Prisma.sql`c."revokedAt" IS NULL AND c."supersededById" IS NOT NULL`);
      break;
    case "expired":
      conditions.push(Prisma.sql`${live} AND c."notAfter" <= ${at(now)}`);
      break;
    case "expiring":
      conditions.push(
        Prisma.sql`${live} AND c."notAfter" > ${at(now)} AND c."notAfter" < ${at(expiringBound)}`,
      );
      break;
    default: {
      // One range per environment, as in stateWhere: each uses the (environmentId, notAfter) index.
      const ranges = (await environmentSummaries(db)).map((e) => {
        const startBound = new Date(now.getTime() + e.leadDays * DAY_MS);
        return filter.state === "renewal-due"
          ? Prisma.sql`(c."environmentId" = ${e.id} AND c."notAfter" >= ${at(expiringBound)} AND c."notAfter" <= ${at(startBound)})`
          : Prisma.sql`(c."environmentId" = ${e.id} AND c."notAfter" >= ${at(expiringBound)} AND c."notAfter" > ${at(startBound)})`;
      });
      conditions.push(
        Prisma.sql`${live} AND (${ranges.length ? Prisma.join(ranges, " OR ") : Prisma.sql`false`})`,
      );
    }
  }
  return Prisma.join(conditions, " AND ");
}

/**
 * Totals by filter, remembered until the data changes or 30 s pass (a state's bounds move with
 * the clock): paging through 10,000 certificates need not count them on every page.
 */
const certificateTotals = versionedEntriesPerDb<Promise<number>>(30_000, 1_000);
async function countCertificates(
  db: Db,
  filter: CertificateFilter,
  where: Prisma.Sql,
): Promise<number> {
  const count = () =>
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM certificate c WHERE ${where}`.then(
      ([row]) => row!.n,
    );
  if (filter.now) return count(); // a fixed clock (tests): nothing to share
  const totals = certificateTotals(db);
  const key = JSON.stringify([
    filter.environmentIds ?? null,
    filter.expiringWithinDays ?? null,
    filter.state ?? null,
  ]);
  const { data: version } = await requestVersions(db);
  const cached = totals.get(key, version);
  if (cached) return cached;
  const counted = count();
  totals.set(key, version, counted);
  counted.catch(() => totals.delete(key));
  return counted;
}

/** A certificate's id and environment by its id alone (the caller checks the environment). */
export function certificateEnvironment(db: Db, id: string) {
  return db.certificate.findUnique({ where: { id }, select: { id: true, environmentId: true } });
}

/** A certificate's revocation, for answering after one. */
export function certificateRevocation(db: Db, id: string) {
  return db.certificate.findUniqueOrThrow({
    where: { id },
    select: { id: true, revokedAt: true, revokedReason: true },
  });
}

export function findCertificate(db: Db, environmentId: string, id: string) {
  return db.certificate.findFirst({
    where: { id, environmentId },
    include: { csr: { select: { id: true, commonName: true, status: true } } },
  });
}

/** The certificate in service: not revoked or superseded, latest expiry first. */
export function currentCertificate(db: Db, environmentId: string) {
  return db.certificate.findFirst({
    where: { environmentId, revokedAt: null, supersededById: null },
    orderBy: { notAfter: "desc" },
    omit: { der: true, chainPem: true },
  });
}

/** The inventory page (/certificates): environments chosen by code, then one page of summaries. */
export async function inventoryPageData(
  code: string | undefined,
  filter: Omit<CertificateFilter, "environmentIds">,
  page: number,
  sort: CertificateSort,
) {
  const prisma = await database();
  const environmentIds = code
    ? (await environmentSummaries(prisma)).filter((e) => e.code === code).map((e) => e.id)
    : undefined;
  return listCertificateSummaries(prisma, { ...filter, environmentIds }, page, undefined, sort);
}

/** An environment's certificates page: one page of summaries. */
export async function environmentCertificatesPageData(environmentId: string, page: number) {
  return listCertificateSummaries(await database(), { environmentIds: [environmentId] }, page);
}

/** A certificate of this environment, or null. */
export async function certificateOf(environmentId: string, id: string) {
  return findCertificate(await database(), environmentId, id);
}

/** A certificate's page: the certificate, its open renewal, reminders, successor and installations. */
export async function certificatePageData(environmentId: string, id: string) {
  const prisma = await database();
  const cert = await findCertificate(prisma, environmentId, id);
  if (!cert) return null;
  const [openRenewal, states, deployedAt, installations] = await Promise.all([
    openRenewalFor(prisma, cert.id),
    reminderStates(prisma, cert.id),
    successorDeployedAt(prisma, cert.id),
    installationsForPage(prisma, environmentId, { certificateId: cert.id }),
  ]);
  return { cert, openRenewal, states, deployedAt, installations };
}
