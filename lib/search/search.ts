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
 * would otherwise have every row of it counted just to print "2,000".
 */
export const SEARCH_SUMMARY_COUNT_CAP = 100;
/**
 * With a type, the count is exact up to this many (40 pages), for the pager; past it the page
 * says "1000+" and offers the next page while there is one (ADR 0033).
 */
export const SEARCH_TYPED_COUNT_CAP = 1000;

/** The runs of characters the name copies' `grams` hold (`search_name_grams`, ADR 0032). */
export const NAME_GRAM_LENGTH = 4;

const PAGE_MESSAGE = "page must be a whole number from 1 to 10000.";
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
  page: z.coerce
    .number({ message: PAGE_MESSAGE })
    .int(PAGE_MESSAGE)
    .min(1, PAGE_MESSAGE)
    .max(10_000, PAGE_MESSAGE)
    .default(1),
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
/** `total` is exact unless `exact` is false (then there are more); `more`: rows beyond these. */
type Page<R> = { rows: R[]; total: number; exact: boolean; more: boolean };

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
  // The environment filter, in SQL, for the records and for their name copies.
  const inScopeOf = (column: string) =>
    inScope.length
      ? Prisma.sql`${Prisma.raw(column)} IN (${Prisma.join(inScope.map((e) => e.id))})`
      : Prisma.sql`false`;
  const any = (conditions: Prisma.Sql[]) => Prisma.sql`(${Prisma.join(conditions, " OR ")})`;
  // Serials are stored in upper case without a leading zero byte (lib/pki/certificate.ts), as
  // openssl prints them; fingerprints in lower case. Prefix matches, so they use no case folding.
  const serial = hex
    ? [
        Prisma.sql`c."serialNumber" LIKE ${`${hex.toUpperCase().replace(/^00(?=[0-9A-F]{2})/, "")}%`}`,
      ]
    : [];
  const prefix = (column: string) =>
    hex ? [Prisma.sql`${Prisma.raw(column)} LIKE ${`${hex.toLowerCase()}%`}`] : [];

  /**
   * A kind held in a wide table with a name copy. `ids`: where matching ids come from, each
   * source read up to `limit` rows through its own index: the name copy (its candidates
   * rechecked there, with the environment filter: ADR 0033), the records of a matching gateway,
   * and each other condition. One OR over them all made the planner scan the wide table.
   * `ordered`: the same matches as one condition on the wide rows, for a walk in the kind's order.
   */
  const withNames = (
    alias: string,
    table: string,
    nameColumn: string,
    conditions: Prisma.Sql[],
  ): Pick<KindSql, "ids" | "ordered" | "first"> => {
    const column = `${alias}."environmentId"`;
    const scope = env ? [inScopeOf(column)] : [];
    const byGateway = ofMatchingGateway.length
      ? [Prisma.sql`${Prisma.raw(column)} IN (${Prisma.join(ofMatchingGateway)})`]
      : [];
    const others = [...conditions, ...byGateway];
    const fromRecords = (other: Prisma.Sql, limit: number) =>
      Prisma.sql`SELECT ${Prisma.raw(alias)}.id FROM ${Prisma.raw(`${table} ${alias}`)} WHERE ${Prisma.join([...scope, other], " AND ")} LIMIT ${limit}`;
    return {
      ids: (limit) => [
        Prisma.sql`SELECT id FROM ${Prisma.raw(`${table}_name`)} WHERE ${inCopy}${env ? Prisma.sql` AND ${inScopeOf(`"environmentId"`)}` : Prisma.empty} LIMIT ${limit}`,
        ...conditions.map((condition) => fromRecords(condition, limit)),
      ],
      // A matching gateway's records, read first through the environment's index: past the cap
      // alone, they settle the count without the names (whose 4-grams such as `0000`, in every
      // name, cost the index most: 4-10 ms a kind on PGlite at 100,000).
      first: byGateway.length ? (limit) => fromRecords(byGateway[0]!, limit) : undefined,
      ordered: Prisma.join(
        [
          ...scope,
          any([Prisma.sql`${Prisma.raw(`${alias}.${nameColumn}`)} ILIKE ${pattern}`, ...others]),
        ],
        " AND ",
      ),
    };
  };

  const kinds = {
    certificates: {
      from: Prisma.sql`certificate c`,
      alias: "c",
      columns: Prisma.sql`c.id, c."commonName", c."serialNumber", c.sha256, c."supersededById", c."environmentId", c."notAfter",
        (extract(epoch FROM c."notAfter") * 1000)::float8 AS "notAfterMs", (extract(epoch FROM c."revokedAt") * 1000)::float8 AS "revokedAtMs"`,
      ...withNames("c", "certificate", `"commonName"`, [
        ...serial,
        ...prefix(`c.sha256`),
        ...prefix(`c."publicKeySha256"`),
      ]),
      order: Prisma.sql`"notAfter" ASC, id ASC`,
    },
    csrs: {
      from: Prisma.sql`csr c`,
      alias: "c",
      columns: Prisma.sql`c.id, c."commonName", c.status, c."publicKeySha256", c."environmentId", c."createdAt", (extract(epoch FROM c."createdAt") * 1000)::float8 AS "createdAtMs"`,
      ...withNames("c", "csr", `"commonName"`, prefix(`c."publicKeySha256"`)),
      order: Prisma.sql`"createdAt" DESC, id ASC`,
    },
    "trust-entries": {
      from: Prisma.sql`trust_store_entry t`,
      alias: "t",
      columns: Prisma.sql`t.id, t.kind, t."subjectDn", t.sha256, t."environmentId", t."notAfter", (extract(epoch FROM t."notAfter") * 1000)::float8 AS "notAfterMs"`,
      ...withNames("t", "trust_store_entry", `"subjectDn"`, prefix(`t.sha256`)),
      order: Prisma.sql`"notAfter" ASC, id ASC`,
    },
    gateways: (() => {
      // Gateways have no environment: with an environment filter there are none to show.
      const matches = env
        ? Prisma.sql`false`
        : Prisma.sql`(g."merchantGatewayId" ILIKE ${pattern} OR g.name ILIKE ${pattern})`;
      return {
        from: Prisma.sql`gateway g`,
        alias: "g",
        columns: Prisma.sql`g.id, g."merchantGatewayId", g.name`,
        ids: (limit: number) => [
          Prisma.sql`SELECT g.id FROM gateway g WHERE ${matches} LIMIT ${limit}`,
        ],
        ordered: matches,
        order: Prisma.sql`"merchantGatewayId" ASC`,
      };
    })(),
  } satisfies Record<SearchType, KindSql>;

  const wanted = SEARCH_TYPES.filter((t) => !query.type || query.type === t);
  // With a type, one page and one row more, which says whether another page follows.
  const window = query.type
    ? {
        cap: SEARCH_TYPED_COUNT_CAP,
        limit: SEARCH_PAGE_SIZE + 1,
        offset: (query.page - 1) * SEARCH_PAGE_SIZE,
      }
    : { cap: SEARCH_SUMMARY_COUNT_CAP, limit: SUMMARY_ROWS, offset: 0 };
  const [row] = await db.$queryRaw<Record<SearchType, { total: number; rows: JsonRow[] }>[]>`
    SELECT ${Prisma.join(wanted.map((t) => Prisma.sql`${firstMatches(kinds[t], window)} AS ${Prisma.raw(`"${t}"`)}`))}`;
  const page = <R>(t: SearchType, toRow: (r: JsonRow) => R): Page<R> => {
    if (!row?.[t]) return { rows: [], total: 0, exact: true, more: false };
    const { total, rows } = row[t];
    const shown = rows.slice(0, query.type ? SEARCH_PAGE_SIZE : SUMMARY_ROWS).map(toRow);
    return {
      rows: shown,
      total: Math.min(total, window.cap),
      exact: total <= window.cap,
      more: query.type ? rows.length > SEARCH_PAGE_SIZE : total > shown.length,
    };
  };

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
type KindSql = {
  from: Prisma.Sql;
  alias: string;
  columns: Prisma.Sql;
  /** Statements that each give matching ids, up to `limit` of them. */
  ids: (limit: number) => Prisma.Sql[];
  /** One more such statement, cheap, read before them: past the cap alone, it settles the count. */
  first?: (limit: number) => Prisma.Sql;
  /** Every match, as a condition on the kind's rows. */
  ordered: Prisma.Sql;
  order: Prisma.Sql;
};
const SUMMARY_ROWS = 10;

/**
 * A kind's count, up to `cap`, and `limit` rows from `offset` in the kind's order. The matches
 * are read once, up to cap + 1 (a fragment matching a handful of rows stops there); only past
 * the cap is a second, ordered read made for the rows (CASE evaluates its branches lazily).
 * Counting every match of a gateway-wide fragment would read a fifth of the wide table at
 * 100,000 certificates (ADR 0033).
 */
function firstMatches(
  kind: KindSql,
  { cap, limit, offset }: { cap: number; limit: number; offset: number },
): Prisma.Sql {
  // Each source read up to cap + 1: when together they hold no more than the cap, no source was
  // cut short and they hold every match; otherwise one source alone has more than the cap.
  const ids = Prisma.join(
    [Prisma.sql`SELECT id FROM f`, ...kind.ids(cap + 1)].map((source) => Prisma.sql`(${source})`),
    " UNION ",
  );
  const first = kind.first?.(cap + 1) ?? Prisma.sql`SELECT NULL::text AS id WHERE false`;
  // `f` past the cap alone settles the count: then `m` is never read, so never run (a WITH
  // query runs as far as it is read; CASE evaluates its branches lazily). Otherwise `m` reads
  // `f` again from memory, with the other sources. The count needs only the ids; the wide rows
  // are read for the page alone.
  return Prisma.sql`(WITH f AS MATERIALIZED (${first}), m AS MATERIALIZED (${ids}),
      t AS MATERIALIZED (SELECT CASE WHEN (SELECT count(*) FROM f) > ${cap} THEN ${cap + 1} ELSE (SELECT count(*) FROM m) END AS n)
    SELECT json_build_object('total', (SELECT n FROM t), 'rows',
      CASE WHEN (SELECT n FROM t) <= ${cap}
        THEN (SELECT coalesce(json_agg(r), '[]'::json) FROM (SELECT ${kind.columns} FROM ${kind.from} WHERE ${Prisma.raw(kind.alias)}.id IN (SELECT id FROM m) ORDER BY ${kind.order} LIMIT ${limit} OFFSET ${offset}) r)
        ELSE (SELECT coalesce(json_agg(r), '[]'::json) FROM (SELECT ${kind.columns} FROM ${kind.from} WHERE ${kind.ordered} ORDER BY ${kind.order} LIMIT ${limit} OFFSET ${offset}) r)
      END))`;
}

export type SearchResults = Awaited<ReturnType<typeof search>>;
