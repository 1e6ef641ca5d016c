import type { Db } from "@/lib/db/client";
import type { VersionedTable } from "@/lib/cache/versioned";
import { CHECKLIST_ITEMS, type ChecklistItemId } from "./items";
import { Prisma } from "@/lib/db/generated/client";
import { latestProbes, PROBE_EVIDENCE } from "./evaluate";

export type ChecklistProgress = { done: number; total: number; percent: number };

type ProbeRows = Awaited<ReturnType<typeof latestProbes>>;

/** What each source of evidence yields: per environment id, the facts the items read. */
export type EvidenceFacts = {
  csr: { csr: Set<string>; sent: Set<string> };
  certificate: { cert: Set<string> };
  trustStore: { thales: Set<string>; leaf: Set<string> };
  signingKey: { key: Set<string> };
  serverChain: { chain: Set<string> };
  probes: { probes: ProbeRows };
  ticks: { ticks: { environmentId: string; item: string }[] };
};
type EvidenceSource<K extends keyof EvidenceFacts> = {
  /** The tables it reads: a cached copy (the overview's) holds until one of them changes. */
  tables: readonly VersionedTable[];
  load: (db: Db, environmentIds: string[]) => Promise<EvidenceFacts[K]>;
};

/**
 * Per environment, which of `columns` (EXISTS … each stopping at its environment's first match
 * through an index) hold. Counting every matching CSR and certificate took 30 ms at 10,000 of each.
 */
async function existsPerEnvironment<C extends string>(
  db: Db,
  environmentIds: string[],
  columns: Record<C, Prisma.Sql>,
): Promise<Record<C, Set<string>>> {
  const names = Object.keys(columns) as C[];
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT e.id AS "environmentId", ${Prisma.join(
      names.map((name) => Prisma.sql`${columns[name]} AS ${Prisma.raw(`"${name}"`)}`),
    )}
    FROM environment e WHERE e.id IN (${Prisma.join(environmentIds)})`;
  return Object.fromEntries(
    names.map((name) => [
      name,
      new Set(rows.filter((r) => r[name] === true).map((r) => r.environmentId as string)),
    ]),
  ) as Record<C, Set<string>>;
}

/**
 * The evidence rules of evaluateChecklist (EVIDENCE_WHERE, PROBE_EVIDENCE) for many
 * environments at once, one query per source whatever the number of environments; a source per
 * group of tables, so that a cache can keep the sources a write did not touch.
 */
export const EVIDENCE_SOURCES: { [K in keyof EvidenceFacts]: EvidenceSource<K> } = {
  csr: {
    tables: ["csr"],
    load: (db, ids) =>
      existsPerEnvironment(db, ids, {
        csr: Prisma.sql`EXISTS (SELECT 1 FROM csr WHERE "environmentId" = e.id AND status <> 'cancelled')`,
        sent: Prisma.sql`EXISTS (SELECT 1 FROM csr WHERE "environmentId" = e.id AND status IN ('submitted', 'fulfilled'))`,
      }),
  },
  certificate: {
    tables: ["certificate"],
    load: (db, ids) =>
      existsPerEnvironment(db, ids, {
        cert: Prisma.sql`EXISTS (SELECT 1 FROM certificate WHERE "environmentId" = e.id AND compliant AND "revokedAt" IS NULL)`,
      }),
  },
  trustStore: {
    tables: ["trust_store_entry"],
    load: (db, ids) =>
      existsPerEnvironment(db, ids, {
        thales: Prisma.sql`EXISTS (SELECT 1 FROM trust_store_entry WHERE "environmentId" = e.id AND kind = 'thales-client-ca')`,
        leaf: Prisma.sql`EXISTS (SELECT 1 FROM trust_store_entry WHERE "environmentId" = e.id AND kind = 'thales-client-ca' AND NOT "isCa")`,
      }),
  },
  signingKey: {
    tables: ["signing_key"],
    load: (db, ids) =>
      existsPerEnvironment(db, ids, {
        key: Prisma.sql`EXISTS (SELECT 1 FROM signing_key WHERE "environmentId" = e.id AND "onboardedAt" IS NOT NULL AND "retiredAt" IS NULL)`,
      }),
  },
  serverChain: {
    tables: ["server_chain_change"],
    load: (db, ids) =>
      existsPerEnvironment(db, ids, {
        chain: Prisma.sql`EXISTS (SELECT 1 FROM server_chain_change WHERE "environmentId" = e.id
                AND (status = 'acknowledged' OR (status = 'switched' AND "notifiedAt" IS NOT NULL)))`,
      }),
  },
  probes: {
    tables: ["probe_target", "probe_result"],
    load: async (db, ids) => ({ probes: await latestProbes(db, ids) }),
  },
  ticks: {
    tables: ["checklist_tick"],
    load: async (db, ids) => ({
      ticks: await db.checklistTick.findMany({
        where: { environmentId: { in: ids } },
        select: { environmentId: true, item: true },
      }),
    }),
  },
};

/** The checklist progress of each environment from the facts of every source. */
function progressFromEvidence(
  environmentIds: string[],
  facts: EvidenceFacts,
): Map<string, ChecklistProgress> {
  const { csr, sent } = facts.csr;
  const { thales, leaf } = facts.trustStore;
  const result = new Map<string, ChecklistProgress>();
  for (const id of environmentIds) {
    const envProbes = facts.probes.probes.filter((p) => p.environmentId === id);
    const proven: Record<ChecklistItemId, boolean> = {
      "inbound.csr-generated": csr.has(id),
      "inbound.csr-sent": sent.has(id),
      "inbound.certificate-received": facts.certificate.cert.has(id),
      "inbound.d1-roots-trusted": envProbes.some(PROBE_EVIDENCE["inbound.d1-roots-trusted"]),
      "inbound.tls-dns": envProbes.some(PROBE_EVIDENCE["inbound.tls-dns"]),
      "inbound.oauth-key": facts.signingKey.key.has(id),
      "outbound.reachable": envProbes.some(PROBE_EVIDENCE["outbound.reachable"]),
      "outbound.tls": envProbes.some(PROBE_EVIDENCE["outbound.tls"]),
      "outbound.thales-ca-trusted": thales.has(id) && !leaf.has(id),
      "outbound.server-chain-given": facts.serverChain.chain.has(id),
      "outbound.oauth-client": false,
    };
    const ticked = new Set(
      facts.ticks.ticks.filter((t) => t.environmentId === id).map((t) => t.item),
    );
    const done = CHECKLIST_ITEMS.filter((item) => proven[item.id] || ticked.has(item.id)).length;
    result.set(id, {
      done,
      total: CHECKLIST_ITEMS.length,
      percent: Math.round((done / CHECKLIST_ITEMS.length) * 100),
    });
  }
  return result;
}

type LoadSource = <K extends keyof EvidenceFacts>(source: K) => Promise<EvidenceFacts[K]>;

/**
 * The checklist progress of many environments at once, for the overview and the reports, in a
 * fixed number of queries whatever the number of environments. `load` reads one source (the
 * overview passes its cached copies); by default each is read from the database.
 * lib/checklist/checklist.test.ts checks that it agrees with evaluateChecklist after each kind of
 * evidence is added.
 */
export async function checklistProgress(
  db: Db,
  environmentIds: string[],
  load: LoadSource = (source) => EVIDENCE_SOURCES[source].load(db, environmentIds),
): Promise<Map<string, ChecklistProgress>> {
  if (environmentIds.length === 0) return new Map();
  const keys = Object.keys(EVIDENCE_SOURCES) as (keyof EvidenceFacts)[];
  const loaded = await Promise.all(keys.map((k) => load(k)));
  return progressFromEvidence(
    environmentIds,
    Object.fromEntries(keys.map((k, i) => [k, loaded[i]])) as EvidenceFacts,
  );
}
