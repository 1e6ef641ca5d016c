import "server-only";
import { db as database, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import {
  daysLeft,
  effectiveLeadDays,
  lifecycleState,
  type LifecycleState,
  startRenewalBy,
} from "@/lib/renewal/dates";
import { reconcile, type Finding } from "@/lib/ca-change/findings";
import { caChangeState } from "@/lib/ca-change/state";
import {
  checklistProgress,
  EVIDENCE_SOURCES,
  type EvidenceFacts,
  type ChecklistProgress,
} from "@/lib/checklist/progress";
import { versionedCache } from "@/lib/cache/versioned";
import { loadTimeline, type Timeline } from "./timeline";
import { openReminders, trustStoreCounts, type TrustCountRow } from "./aggregates";
import { certificateFiguresFromMemory } from "./histogram";
import { TRUST_STORE_KINDS, TRUST_STORE_SLUGS, type TrustStoreSlug } from "@/lib/trust-store/kinds";
import { EFFECTIVE_LEAD_DAYS_SQL } from "@/lib/renewal/data";

const DAY_MS = 86_400_000;
/** A CA in a trust store this close to its expiry is a warning. */
export const CA_EXPIRY_WARNING_DAYS = 90;

export type EnvironmentRow = {
  environmentId: string;
  code: "PPR" | "PRD";
  gatewayId: string;
  merchantGatewayId: string;
  gatewayName: string;
  leadDays: number;
  certificate: {
    id: string;
    commonName: string;
    notAfter: Date;
    daysLeft: number;
    startRenewalBy: Date;
    state: LifecycleState;
  } | null;
  checklist: ChecklistProgress;
  storeWarnings: string[];
  findings: Finding[];
  pendingCaChanges: number;
  unacknowledgedReminders: number;
  /** Lower is more urgent: the overview sorts by it, then by days left. */
  urgency: number;
};

export type StateCounts = Record<LifecycleState | "superseded" | "revoked", number>;

// Raw queries return epoch milliseconds: PGlite reads a returned `timestamp` in the process's zone.
type CurrentRow = { environmentId: string; id: string; commonName: string; notAfterMs: number };

type EnvironmentWithGateway = {
  id: string;
  code: "PPR" | "PRD";
  renewalLeadDaysOverride: number | null;
  gateway: { id: string; merchantGatewayId: string; name: string; renewalLeadDays: number };
};

// One statement (Prisma's findMany with the gateway took two, 4-5 ms on PGlite after a write).
async function environmentsOf(db: Db): Promise<EnvironmentWithGateway[]> {
  const rows = await db.$queryRaw<
    (Omit<EnvironmentWithGateway, "gateway"> & {
      gatewayId: string;
      merchantGatewayId: string;
      name: string;
      renewalLeadDays: number;
    })[]
  >`
    SELECT e.id, e.code::text AS code, e."renewalLeadDaysOverride", g.id AS "gatewayId",
           g."merchantGatewayId", g.name, g."renewalLeadDays"
    FROM environment e JOIN gateway g ON g.id = e."gatewayId"
    ORDER BY e.id`; // a stable order: the ids are the checklist evidence caches' key
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    renewalLeadDaysOverride: r.renewalLeadDaysOverride,
    gateway: {
      id: r.gatewayId,
      merchantGatewayId: r.merchantGatewayId,
      name: r.name,
      renewalLeadDays: r.renewalLeadDays,
    },
  }));
}

// The certificate in service per environment: one backward index scan each (LATERAL … LIMIT 1).
const currentCertificates = (db: Db) => db.$queryRaw<CurrentRow[]>`
  SELECT e.id AS "environmentId", c.id, c."commonName", (extract(epoch FROM c."notAfter") * 1000)::float8 AS "notAfterMs"
  FROM environment e
  CROSS JOIN LATERAL (SELECT id, "commonName", "notAfter" FROM certificate
                      WHERE "environmentId" = e.id AND "revokedAt" IS NULL AND "supersededById" IS NULL
                      ORDER BY "notAfter" DESC LIMIT 1) c`;

// reconcile() looks at the Thales client CA store's leaves, and at the entries a CA change
// names (its CA, the one it replaces); not at the thousands of other CAs a large store holds.
const thalesEntriesOf = (db: Db) => db.$queryRaw<
  { environmentId: string; sha256: string; subjectDn: string; isCa: boolean }[]
>`
  SELECT "environmentId", sha256, "subjectDn", "isCa" FROM (
    SELECT t."environmentId", t.sha256, t."subjectDn", t."isCa" FROM trust_store_entry t
    WHERE t.kind = 'thales-client-ca' AND NOT t."isCa"
    UNION
    SELECT t."environmentId", t.sha256, t."subjectDn", t."isCa"
    FROM client_ca_change c JOIN trust_store_entry t
      ON t."environmentId" = c."environmentId" AND t.kind = 'thales-client-ca' AND t.sha256 IN (c.sha256, c."replacesSha256")) named
  ORDER BY "environmentId", sha256`;

const caChangesOf = (db: Db) =>
  db.clientCaChange.findMany({
    select: {
      environmentId: true,
      sha256: true,
      subjectDn: true,
      replacesSha256: true,
      effectiveAt: true,
    },
    orderBy: { receivedAt: "asc" },
  });

const expiryWarningBefore = (now: Date) =>
  new Date(now.getTime() + CA_EXPIRY_WARNING_DAYS * DAY_MS);

type Parts = {
  environments: EnvironmentWithGateway[];
  current: CurrentRow[];
  figures: { counts: StateCounts; timeline: Timeline };
  storeRows: TrustCountRow[];
  thalesEntries: Awaited<ReturnType<typeof thalesEntriesOf>>;
  changes: Awaited<ReturnType<typeof caChangesOf>>;
  reminders: { environmentId: string; open: number }[];
  progress: Map<string, ChecklistProgress>;
};

/**
 * Everything the overview shows, for every gateway and environment, in a fixed number of queries
 * whatever the number of records (indexes do the filtering; aggregates run in the database).
 * `from`: "aggregates" (what the page uses) reads the counts that triggers keep up to date with
 * every write (ADR 0021); "records" computes the same figures from every record, as before: the
 * tests compare the two.
 */
export async function loadOverview(
  db: Db,
  now: Date = new Date(),
  from: "aggregates" | "records" = "aggregates",
): Promise<{ rows: EnvironmentRow[]; counts: StateCounts; timeline: Timeline }> {
  const environments = await environmentsOf(db);
  const ids = environments.map((e) => e.id);
  const at = now.toISOString();
  const figures: Promise<Parts["figures"]> =
    from === "aggregates"
      ? certificateFiguresFromMemory(db, now)
      : Promise.all([stateCounts(db, now), loadTimeline(db, now)]).then(([counts, timeline]) => ({
          counts,
          timeline,
        }));
  const parts = await settled({
    current: currentCertificates(db),
    figures,
    storeRows:
      from === "aggregates"
        ? trustStoreCounts(db, expiryWarningBefore(now))
        : trustStoreCountsFromRecords(db, expiryWarningBefore(now)),
    thalesEntries: thalesEntriesOf(db),
    changes: caChangesOf(db),
    reminders:
      from === "aggregates"
        ? openReminders(db, now)
        : db.$queryRaw<{ environmentId: string; open: number }[]>`
      SELECT "environmentId", count(*)::int AS open
      FROM (SELECT DISTINCT c."environmentId", rd."certificateId", rd.subject -- hashed: count(DISTINCT row) sorted them, 3× slower
            FROM reminder_delivery rd JOIN certificate c ON c.id = rd."certificateId"
            WHERE rd.status = 'sent' AND c."revokedAt" IS NULL AND c."supersededById" IS NULL
              AND NOT EXISTS (SELECT 1 FROM reminder_state rs WHERE rs."certificateId" = rd."certificateId" AND rs.subject = rd.subject
                              AND (rs."acknowledgedAt" IS NOT NULL OR rs."snoozedUntil" > ${at}::timestamp))) open
      GROUP BY 1`,
    progress: checklistProgress(db, ids),
  });
  return assemble(now, { environments, ...parts });
}

/** An object of promises, settled together: the same object with their values. */
async function settled<T extends Record<string, Promise<unknown>>>(
  promises: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const keys = Object.keys(promises);
  const values = await Promise.all(Object.values(promises));
  return Object.fromEntries(keys.map((k, i) => [k, values[i]])) as {
    [K in keyof T]: Awaited<T[K]>;
  };
}

/** The overview's rows, most urgent first, from its parts. */
function assemble(
  now: Date,
  parts: Parts,
): { rows: EnvironmentRow[]; counts: StateCounts; timeline: Timeline } {
  const { environments, current, storeRows, thalesEntries, changes, reminders, progress } = parts;
  const { counts, timeline } = parts.figures;
  const storeRow = (env: string, kind: string) =>
    storeRows.find((r) => r.environmentId === env && r.kind === kind);
  const rows: EnvironmentRow[] = environments.map((env) => {
    const leadDays = effectiveLeadDays(env, env.gateway);
    const cur = current.find((c) => c.environmentId === env.id);
    const notAfter = cur ? new Date(cur.notAfterMs) : null;
    const certificate =
      cur && notAfter
        ? {
            id: cur.id,
            commonName: cur.commonName,
            notAfter,
            daysLeft: daysLeft(notAfter, now),
            startRenewalBy: startRenewalBy(notAfter, leadDays),
            state: lifecycleState(notAfter, leadDays, now),
          }
        : null;
    const storeWarnings: string[] = [];
    for (const slug of TRUST_STORE_SLUGS as TrustStoreSlug[]) {
      const kind = TRUST_STORE_KINDS[slug].db;
      if ((storeRow(env.id, kind)?.total ?? 0) === 0)
        storeWarnings.push(`${TRUST_STORE_KINDS[slug].title} is empty`);
      const expiring = storeRow(env.id, kind)?.expiringCas ?? 0;
      if (expiring > 0)
        storeWarnings.push(
          `${expiring} CA${expiring > 1 ? "s" : ""} in ${TRUST_STORE_KINDS[slug].title} expire${expiring > 1 ? "" : "s"} within ${CA_EXPIRY_WARNING_DAYS} days`,
        );
    }
    const entries = thalesEntries.filter((e) => e.environmentId === env.id);
    const envChanges = changes.filter((c) => c.environmentId === env.id);
    const findings = reconcile({ entries, changes: envChanges }, now);
    const trusted = new Set(entries.map((e) => e.sha256));
    // Pending: not trusted yet, or trusted while the CA it replaces is still to be removed.
    const pendingCaChanges = envChanges.filter((c) => {
      const state = caChangeState(c, trusted, now);
      return state === "announced" || (state === "trusted" && c.replacesSha256 !== null);
    }).length;
    const checklist = progress.get(env.id)!;
    const unacknowledgedReminders = reminders.find((r) => r.environmentId === env.id)?.open ?? 0;
    return {
      environmentId: env.id,
      code: env.code,
      gatewayId: env.gateway.id,
      merchantGatewayId: env.gateway.merchantGatewayId,
      gatewayName: env.gateway.name,
      leadDays,
      certificate,
      checklist,
      storeWarnings,
      findings,
      pendingCaChanges,
      unacknowledgedReminders,
      urgency: urgencyOf(
        certificate?.state ?? null,
        findings,
        unacknowledgedReminders,
        checklist.percent,
      ),
    };
  });
  rows.sort(
    (a, b) =>
      a.urgency - b.urgency ||
      (a.certificate?.daysLeft ?? Infinity) - (b.certificate?.daysLeft ?? Infinity) ||
      a.merchantGatewayId.localeCompare(b.merchantGatewayId) ||
      a.code.localeCompare(b.code),
  );
  return { rows, counts, timeline };
}

/**
 * The overview's parts, each shared by every request until one of the tables it reads changes or
 * 30 s pass (lib/cache/versioned.ts, ADR 0011): after a write, only the parts that write can have
 * moved are read again (a reminder acknowledged: the open reminders; a lead time changed: the
 * environments and the figures), and the rows are assembled anew from them.
 */
const part = {
  environments: versionedCache((db) => environmentsOf(db), { tables: ["gateway", "environment"] }),
  current: versionedCache((db) => currentCertificates(db), { tables: ["certificate"] }),
  figures: versionedCache(
    async (db, now) => ({ ...(await certificateFiguresFromMemory(db, now)), at: now }),
    { tables: ["certificate", "environment", "gateway"] },
  ),
  storeRows: versionedCache((db, now) => trustStoreCounts(db, expiryWarningBefore(now)), {
    tables: ["trust_store_entry"],
  }),
  thalesEntries: versionedCache((db) => thalesEntriesOf(db), {
    tables: ["trust_store_entry", "client_ca_change"],
  }),
  changes: versionedCache((db) => caChangesOf(db), { tables: ["client_ca_change"] }),
  // reminder_open is kept by triggers on these three tables (ADR 0021).
  reminders: versionedCache((db, now) => openReminders(db, now), {
    tables: ["reminder_delivery", "reminder_state", "certificate"],
  }),
};
// One cache per evidence source of the checklist, for the environments of the moment.
const evidence = Object.fromEntries(
  Object.entries(EVIDENCE_SOURCES).map(([name, source]) => [
    name,
    versionedCache(
      (db, _now, ids: string[]) =>
        (source.load as (db: Db, ids: string[]) => Promise<unknown>)(db, ids),
      { tables: source.tables },
    ),
  ]),
) as { [K in keyof EvidenceFacts]: (db: Db, ids: string[]) => Promise<EvidenceFacts[K]> };

/**
 * The overview and its timeline, shared by every request until the data changes or 30 s pass,
 * assembled from its cached parts. `computedAt`: when the counts and the timeline were computed.
 */
export const cachedOverview = versionedCache(async (db, now) => {
  const environments = await part.environments(db);
  const ids = environments.map((e) => e.id);
  const parts = await settled({
    current: part.current(db),
    figures: part.figures(db),
    storeRows: part.storeRows(db),
    thalesEntries: part.thalesEntries(db),
    changes: part.changes(db),
    reminders: part.reminders(db),
    progress: checklistProgress(db, ids, (source) => evidence[source](db, ids)),
  });
  return { ...assemble(now, { environments, ...parts }), computedAt: parts.figures.at };
});

/** 0: act now … 6: nothing to do. */
function urgencyOf(
  state: LifecycleState | null,
  findings: Finding[],
  reminders: number,
  checklistPercent: number,
): number {
  if (state === "expired" || findings.some((f) => f.severity === "critical")) return 0;
  if (state === "expiring") return 1;
  if (state === "renewal-due") return 2;
  if (findings.length > 0 || reminders > 0) return 3;
  if (state === null) return 4;
  if (checklistPercent < 100) return 5;
  return 6;
}

/** Client certificates by state, counted by the database (the same rules as lib/renewal/dates.ts). */
async function stateCounts(db: Db, now: Date): Promise<StateCounts> {
  const at = now.toISOString();
  const expiringBound = new Date(now.getTime() + 31 * DAY_MS).toISOString();
  const [row] = await db.$queryRaw<StateCounts[]>(Prisma.sql`
    SELECT count(*) FILTER (WHERE c."revokedAt" IS NOT NULL)::int AS revoked,
           count(*) FILTER (WHERE c."revokedAt" IS NULL AND c."supersededById" IS NOT NULL)::int AS superseded,
           count(*) FILTER (WHERE ${live} AND c."notAfter" <= ${at}::timestamp)::int AS expired,
           count(*) FILTER (WHERE ${live} AND c."notAfter" > ${at}::timestamp AND c."notAfter" < ${expiringBound}::timestamp)::int AS expiring,
           count(*) FILTER (WHERE ${live} AND c."notAfter" >= ${expiringBound}::timestamp
                            AND c."notAfter" - make_interval(days => ${EFFECTIVE_LEAD_DAYS_SQL}) <= ${at}::timestamp)::int AS "renewal-due",
           count(*) FILTER (WHERE ${live} AND c."notAfter" >= ${expiringBound}::timestamp
                            AND c."notAfter" - make_interval(days => ${EFFECTIVE_LEAD_DAYS_SQL}) > ${at}::timestamp)::int AS ok
    FROM certificate c JOIN environment e ON e.id = c."environmentId" JOIN gateway g ON g.id = e."gatewayId"`);
  return row!;
}
const live = Prisma.sql`c."revokedAt" IS NULL AND c."supersededById" IS NULL`;

/** trustStoreCounts from every entry (the reference the aggregates are compared with). */
async function trustStoreCountsFromRecords(db: Db, before: Date): Promise<TrustCountRow[]> {
  const [all, expiring] = await Promise.all([
    db.trustStoreEntry.groupBy({ by: ["environmentId", "kind"], _count: { _all: true } }),
    db.trustStoreEntry.groupBy({
      by: ["environmentId", "kind"],
      where: { isCa: true, notAfter: { lt: before } },
      _count: { _all: true },
    }),
  ]);
  return all.map((r) => ({
    environmentId: r.environmentId,
    kind: r.kind,
    total: r._count._all,
    expiringCas:
      expiring.find((x) => x.environmentId === r.environmentId && x.kind === r.kind)?._count._all ??
      0,
  }));
}

/** The overview page: the cached overview of the process-wide database. */
export async function overviewPageData() {
  return cachedOverview(await database());
}
