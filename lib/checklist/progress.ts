import type { Db } from "@/lib/db/client";
import { CHECKLIST_ITEMS, type ChecklistItemId } from "./items";
import { Prisma } from "@/lib/db/generated/client";
import { latestProbes, PROBE_EVIDENCE } from "./evaluate";

export type ChecklistProgress = { done: number; total: number; percent: number };

type EvidenceRow = {
  environmentId: string;
  csr: boolean;
  sent: boolean;
  cert: boolean;
  thales: boolean;
  leaf: boolean;
  key: boolean;
  chain: boolean;
};

/**
 * The checklist progress of many environments at once, for the overview: the same evidence rules
 * as evaluateChecklist (EVIDENCE_WHERE, PROBE_EVIDENCE), so that the query count does not grow
 * with the number of environments. The evidence is asked as EXISTS in one SQL query, each
 * stopping at its environment's first match through an index: counting every matching CSR and
 * certificate took 30 ms at 10,000 of each. lib/checklist/checklist.test.ts checks that it agrees
 * with evaluateChecklist after each kind of evidence is added.
 */
export async function checklistProgress(
  db: Db,
  environmentIds: string[],
): Promise<Map<string, ChecklistProgress>> {
  if (environmentIds.length === 0) return new Map();
  const [evidence, probes, ticks] = await Promise.all([
    // EVIDENCE_WHERE, in SQL.
    db.$queryRaw<EvidenceRow[]>`
      SELECT e.id AS "environmentId",
        EXISTS (SELECT 1 FROM csr WHERE "environmentId" = e.id AND status <> 'cancelled') AS csr,
        EXISTS (SELECT 1 FROM csr WHERE "environmentId" = e.id AND status IN ('submitted', 'fulfilled')) AS sent,
        EXISTS (SELECT 1 FROM certificate WHERE "environmentId" = e.id AND compliant AND "revokedAt" IS NULL) AS cert,
        EXISTS (SELECT 1 FROM trust_store_entry WHERE "environmentId" = e.id AND kind = 'thales-client-ca') AS thales,
        EXISTS (SELECT 1 FROM trust_store_entry WHERE "environmentId" = e.id AND kind = 'thales-client-ca' AND NOT "isCa") AS leaf,
        EXISTS (SELECT 1 FROM signing_key WHERE "environmentId" = e.id AND "onboardedAt" IS NOT NULL AND "retiredAt" IS NULL) AS key,
        EXISTS (SELECT 1 FROM server_chain_change WHERE "environmentId" = e.id
                AND (status = 'acknowledged' OR (status = 'switched' AND "notifiedAt" IS NOT NULL))) AS chain
      FROM environment e WHERE e.id IN (${Prisma.join(environmentIds)})`,
    latestProbes(db, environmentIds),
    db.checklistTick.findMany({
      where: { environmentId: { in: environmentIds } },
      select: { environmentId: true, item: true },
    }),
  ]);
  const has = (column: keyof Omit<EvidenceRow, "environmentId">) =>
    new Set(evidence.filter((r) => r[column]).map((r) => r.environmentId));
  const [csr, sent, cert, thales, leaves, key, chain] = [
    has("csr"),
    has("sent"),
    has("cert"),
    has("thales"),
    has("leaf"),
    has("key"),
    has("chain"),
  ];
  const result = new Map<string, ChecklistProgress>();
  for (const id of environmentIds) {
    const envProbes = probes.filter((p) => p.environmentId === id);
    const proven: Record<ChecklistItemId, boolean> = {
      "inbound.csr-generated": csr.has(id),
      "inbound.csr-sent": sent.has(id),
      "inbound.certificate-received": cert.has(id),
      "inbound.d1-roots-trusted": envProbes.some(PROBE_EVIDENCE["inbound.d1-roots-trusted"]),
      "inbound.tls-dns": envProbes.some(PROBE_EVIDENCE["inbound.tls-dns"]),
      "inbound.oauth-key": key.has(id),
      "outbound.reachable": envProbes.some(PROBE_EVIDENCE["outbound.reachable"]),
      "outbound.tls": envProbes.some(PROBE_EVIDENCE["outbound.tls"]),
      "outbound.thales-ca-trusted": thales.has(id) && !leaves.has(id),
      "outbound.server-chain-given": chain.has(id),
      "outbound.oauth-client": false,
    };
    const ticked = new Set(ticks.filter((t) => t.environmentId === id).map((t) => t.item));
    const done = CHECKLIST_ITEMS.filter((item) => proven[item.id] || ticked.has(item.id)).length;
    result.set(id, {
      done,
      total: CHECKLIST_ITEMS.length,
      percent: Math.round((done / CHECKLIST_ITEMS.length) * 100),
    });
  }
  return result;
}
