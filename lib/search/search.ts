import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { Prisma, type CsrStatus, type TrustStoreKind } from "@/lib/db/generated/client";
import { containsPattern } from "@/lib/db/contains";
import { TRUST_STORE_KINDS, type TrustStoreSlug } from "@/lib/trust-store/kinds";
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

/** The runs of characters the name copies' `grams` hold (`search_name_grams`, ADR 0032). */
export const NAME_GRAM_LENGTH = 4;

export const searchQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .min(2, "Type at least 2 characters.")
    .max(200, "Keep the search under 200 characters."),
  type: z
    .enum(SEARCH_TYPES, { message: `type must be one of ${SEARCH_TYPES.join(", ")}.` })
    .optional(),
  env: z.enum(["PPR", "PRD"], { message: "env must be PPR or PRD." }).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

/** Fingerprints and serials are pasted with colons or spaces, in either case. */
const hexOf = (q: string) => {
  const hex = q.replace(/[\s:]/g, "");
  return /^[0-9a-fA-F]{4,}$/.test(hex) ? hex : null;
};

type Environment = { code: "PPR" | "PRD"; gateway: { merchantGatewayId: string } };
export type CertificateMatch = {
  id: string;
  commonName: string;
  serialNumber: string;
  sha256: string;
  notAfter: Date;
  revokedAt: Date | null;
  supersededById: string | null;
  environmentId: string;
  environment: Environment;
};
export type CsrMatch = {
  id: string;
  commonName: string;
  status: CsrStatus;
  publicKeySha256: string;
  createdAt: Date;
  environmentId: string;
  environment: Environment;
};
export type TrustEntryMatch = {
  id: string;
  kind: TrustStoreKind;
  subjectDn: string;
  sha256: string;
  notAfter: Date;
  environmentId: string;
  environment: Environment;
};
export type GatewayMatch = { id: string; merchantGatewayId: string; name: string };
type Page<R> = { rows: R[]; total: number; exact: boolean };

/**
 * One search box over what ops paste: a Common Name, a serial, a SHA-256 fingerprint (of a
 * certificate, a CSR's key or a trust-store entry), or a merchantGatewayId. Fragments of a CN or
 * DN are found through trigram indexes; a gateway match is resolved first (a handful of rows)
 * into its environments, so that every condition can use an index. The whole search is one SQL
 * statement, each kind's rows coming back as JSON: on PGlite every query is a trip through the
 * one thread, and the seven queries it took cost more than the matching itself.
 */
export async function search(db: Db, query: SearchQuery) {
  const { q, env } = query;
  const hex = hexOf(q);
  const environments = await environmentSummaries(db);
  const inScope = environments.filter((e) => !env || e.code === env);
  const needle = q.toLowerCase();
  const ofMatchingGateway = inScope
    .filter((e) => e.merchantGatewayId.toLowerCase().includes(needle))
    .map((e) => e.id);
  const pattern = containsPattern(q);
  // In a copy, which holds the names lower-cased (ADR 0012), LIKE is ILIKE, cheaper. A fragment
  // of 4 characters or more goes through the copy's 4-grams (ADR 0032). Its LIKE is written as
  // the function `textlike`: the trigram index cannot serve a function call, so the planner does
  // not also intersect that index's far larger candidate set (measured slower); and it comes
  // first, so that a plan reading the copy in order tests it before the costlier containment of
  // arrays (11 µs a row on PGlite). Shorter fragments use the trigram index.
  const inCopy =
    q.length >= NAME_GRAM_LENGTH
      ? Prisma.sql`textlike(name, lower(${pattern})) AND grams @> search_name_grams(lower(${q}))`
      : Prisma.sql`name LIKE lower(${pattern})`;
  // A name fragment. `first`: the matches counted (up to the cap) and, below it, shown, through
  // the narrow copies of the names (<table>_name): the index's candidates are rechecked there,
  // and at most CAP + 1 matching ids (an InitPlan, computed once) are looked up through the
  // primary key. `all`: every match, for a typed page and its count, as a subquery the planner
  // hashes or joins: `= ANY` over an array of them compares each row with every element, and a
  // gateway-wide fragment's 20,000 ids took 46 s to count at 100,000 CSRs. `ordered`: past the
  // cap, the first rows by the kind's order straight from the wide table, where the planner can
  // walk an index in that order and stop early.
  const nameMatches =
    (alias: string, column: string, copy: string) =>
    (mode: NameMode): Prisma.Sql => {
      const id = Prisma.raw(`${alias}.id`);
      const inName = Prisma.sql`SELECT id FROM ${Prisma.raw(copy)} WHERE ${inCopy}`;
      if (mode === "ordered")
        return Prisma.sql`${Prisma.raw(`${alias}.${column}`)} ILIKE ${pattern}`;
      if (mode === "all") return Prisma.sql`${id} IN (${inName})`;
      return Prisma.sql`${id} = ANY (ARRAY(${inName} LIMIT ${SEARCH_SUMMARY_COUNT_CAP + 1}))`;
    };
  const certificateName = nameMatches("c", `"commonName"`, "certificate_name");
  const csrName = nameMatches("c", `"commonName"`, "csr_name");
  const entryName = nameMatches("t", `"subjectDn"`, "trust_store_entry_name");
  const any = (conditions: Prisma.Sql[]) => Prisma.sql`(${Prisma.join(conditions, " OR ")})`;
  const scoped = (alias: string, conditions: Prisma.Sql[]) => {
    const column = Prisma.raw(`${alias}."environmentId"`);
    const scope = env
      ? [
          inScope.length
            ? Prisma.sql`${column} IN (${Prisma.join(inScope.map((e) => e.id))})`
            : Prisma.sql`false`,
        ]
      : [];
    const byGateway = ofMatchingGateway.length
      ? [Prisma.sql`${column} IN (${Prisma.join(ofMatchingGateway)})`]
      : [];
    return Prisma.join([...scope, any([...conditions, ...byGateway])], " AND ");
  };
  // Serials are stored in upper case without a leading zero byte (lib/pki/certificate.ts), as
  // openssl prints them; fingerprints in lower case. Prefix matches, so they use no case folding.
  const serial = hex
    ? [
        Prisma.sql`c."serialNumber" LIKE ${`${hex.toUpperCase().replace(/^00(?=[0-9A-F]{2})/, "")}%`}`,
      ]
    : [];
  const prefix = (column: string) =>
    hex ? [Prisma.sql`${Prisma.raw(column)} LIKE ${`${hex.toLowerCase()}%`}`] : [];

  const kinds = {
    certificates: {
      from: Prisma.sql`certificate c`,
      columns: Prisma.sql`c.id, c."commonName", c."serialNumber", c.sha256, c."supersededById", c."environmentId", c."notAfter",
        (extract(epoch FROM c."notAfter") * 1000)::float8 AS "notAfterMs", (extract(epoch FROM c."revokedAt") * 1000)::float8 AS "revokedAtMs"`,
      where: (mode) =>
        scoped("c", [
          certificateName(mode),
          ...serial,
          ...prefix(`c.sha256`),
          ...prefix(`c."publicKeySha256"`),
        ]),
      order: Prisma.sql`"notAfter" ASC, id ASC`,
    },
    csrs: {
      from: Prisma.sql`csr c`,
      columns: Prisma.sql`c.id, c."commonName", c.status, c."publicKeySha256", c."environmentId", c."createdAt", (extract(epoch FROM c."createdAt") * 1000)::float8 AS "createdAtMs"`,
      where: (mode) => scoped("c", [csrName(mode), ...prefix(`c."publicKeySha256"`)]),
      order: Prisma.sql`"createdAt" DESC, id ASC`,
    },
    "trust-entries": {
      from: Prisma.sql`trust_store_entry t`,
      columns: Prisma.sql`t.id, t.kind, t."subjectDn", t.sha256, t."environmentId", t."notAfter", (extract(epoch FROM t."notAfter") * 1000)::float8 AS "notAfterMs"`,
      where: (mode) => scoped("t", [entryName(mode), ...prefix(`t.sha256`)]),
      order: Prisma.sql`"notAfter" ASC, id ASC`,
    },
    gateways: {
      from: Prisma.sql`gateway g`,
      columns: Prisma.sql`g.id, g."merchantGatewayId", g.name`,
      // Gateways have no environment: with an environment filter there are none to show.
      where: () =>
        env
          ? Prisma.sql`false`
          : Prisma.sql`(g."merchantGatewayId" ILIKE ${pattern} OR g.name ILIKE ${pattern})`,
      order: Prisma.sql`"merchantGatewayId" ASC`,
    },
  } satisfies Record<SearchType, KindSql>;

  const wanted = SEARCH_TYPES.filter((t) => !query.type || query.type === t);
  const skip = query.type ? (query.page - 1) * SEARCH_PAGE_SIZE : 0;
  const [row] = await db.$queryRaw<Record<SearchType, { total: number; rows: JsonRow[] }>[]>`
    SELECT ${Prisma.join(wanted.map((t) => Prisma.sql`${query.type ? typedPage(kinds[t], skip) : summary(kinds[t])} AS ${Prisma.raw(`"${t}"`)}`))}`;
  const exact = (t: SearchType) => Boolean(query.type) || row![t].total <= SEARCH_SUMMARY_COUNT_CAP;
  const page = <R>(t: SearchType, toRow: (r: JsonRow) => R): Page<R> =>
    row?.[t]
      ? {
          rows: row[t].rows.map(toRow),
          total: Math.min(row[t].total, query.type ? Infinity : SEARCH_SUMMARY_COUNT_CAP),
          exact: exact(t),
        }
      : { rows: [], total: 0, exact: true };

  // Each row's environment and gateway come from the environments already at hand, not from a join.
  const byId = new Map(
    environments.map((e) => [
      e.id,
      { code: e.code, gateway: { merchantGatewayId: e.merchantGatewayId } },
    ]),
  );
  const environmentOf = (r: JsonRow) => byId.get(r.environmentId as string)!;
  const date = (ms: unknown) => (ms == null ? null : new Date(ms as number));
  return {
    certificates: page<CertificateMatch>("certificates", (r) => ({
      id: r.id as string,
      commonName: r.commonName as string,
      serialNumber: r.serialNumber as string,
      sha256: r.sha256 as string,
      notAfter: date(r.notAfterMs)!,
      revokedAt: date(r.revokedAtMs),
      supersededById: r.supersededById as string | null,
      environmentId: r.environmentId as string,
      environment: environmentOf(r),
    })),
    csrs: page<CsrMatch>("csrs", (r) => ({
      id: r.id as string,
      commonName: r.commonName as string,
      status: r.status as CsrStatus,
      publicKeySha256: r.publicKeySha256 as string,
      createdAt: date(r.createdAtMs)!,
      environmentId: r.environmentId as string,
      environment: environmentOf(r),
    })),
    "trust-entries": page<TrustEntryMatch>("trust-entries", (r) => ({
      // The database holds the kind's slug (its @map); Prisma's name is what the rest of the app uses.
      id: r.id as string,
      kind: TRUST_STORE_KINDS[r.kind as TrustStoreSlug].db as TrustStoreKind,
      subjectDn: r.subjectDn as string,
      sha256: r.sha256 as string,
      notAfter: date(r.notAfterMs)!,
      environmentId: r.environmentId as string,
      environment: environmentOf(r),
    })),
    gateways: page<GatewayMatch>("gateways", (r) => ({
      id: r.id as string,
      merchantGatewayId: r.merchantGatewayId as string,
      name: r.name as string,
    })),
  };
}

type JsonRow = Record<string, unknown>;
type NameMode = "first" | "all" | "ordered";
type KindSql = {
  from: Prisma.Sql;
  columns: Prisma.Sql;
  where: (mode: NameMode) => Prisma.Sql;
  order: Prisma.Sql;
};
const SUMMARY_ROWS = 10;

/**
 * A kind without a type: the first 10 and a count up to the cap. The matches are read once, up
 * to CAP + 1 (a fragment matching a handful of rows stops there); only past the cap is a second,
 * ordered read made for the first 10 (CASE evaluates its branches lazily).
 */
function summary(kind: KindSql): Prisma.Sql {
  return Prisma.sql`(WITH m AS (SELECT ${kind.columns} FROM ${kind.from} WHERE ${kind.where("first")} LIMIT ${SEARCH_SUMMARY_COUNT_CAP + 1})
    SELECT json_build_object('total', (SELECT count(*) FROM m), 'rows',
      CASE WHEN (SELECT count(*) FROM m) <= ${SEARCH_SUMMARY_COUNT_CAP}
        THEN (SELECT coalesce(json_agg(r), '[]'::json) FROM (SELECT * FROM m ORDER BY ${kind.order} LIMIT ${SUMMARY_ROWS}) r)
        ELSE (SELECT coalesce(json_agg(r), '[]'::json) FROM (SELECT ${kind.columns} FROM ${kind.from} WHERE ${kind.where("ordered")} ORDER BY ${kind.order} LIMIT ${SUMMARY_ROWS}) r)
      END))`;
}

/** A kind with a type: a page and the exact count, for the pager. */
function typedPage(kind: KindSql, skip: number): Prisma.Sql {
  return Prisma.sql`json_build_object(
    'total', (SELECT count(*) FROM ${kind.from} WHERE ${kind.where("all")}),
    'rows', (SELECT coalesce(json_agg(r), '[]'::json) FROM (SELECT ${kind.columns} FROM ${kind.from} WHERE ${kind.where("all")} ORDER BY ${kind.order} LIMIT ${SEARCH_PAGE_SIZE} OFFSET ${skip}) r))`;
}

export type SearchResults = Awaited<ReturnType<typeof search>>;
