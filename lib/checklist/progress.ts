import type { Db } from "@/lib/db/client";
import { CHECKLIST_ITEMS, type ChecklistItemId } from "./items";
import { EVIDENCE_WHERE, latestProbes, PROBE_EVIDENCE } from "./evaluate";

export type ChecklistProgress = { done: number; total: number; percent: number };

/**
 * The checklist progress of many environments at once, for the overview: the same evidence rules
 * as evaluateChecklist (EVIDENCE_WHERE, PROBE_EVIDENCE), as grouped counts, so that the query
 * count does not grow with the number of environments or records.
 */
export async function checklistProgress(db: Db, environmentIds: string[]): Promise<Map<string, ChecklistProgress>> {
  const ids = { environmentId: { in: environmentIds } };
  const by = ["environmentId"] as ["environmentId"];
  const [csrRows, sentRows, certRows, thalesRows, leafRows, keyRows, chainRows, probes, ticks] = await Promise.all([
    db.csr.groupBy({ by, _count: { _all: true }, where: { ...ids, ...EVIDENCE_WHERE.csrGenerated } }),
    db.csr.groupBy({ by, _count: { _all: true }, where: { ...ids, ...EVIDENCE_WHERE.csrSent } }),
    db.certificate.groupBy({ by, _count: { _all: true }, where: { ...ids, ...EVIDENCE_WHERE.certificateReceived } }),
    db.trustStoreEntry.groupBy({ by, _count: { _all: true }, where: { ...ids, kind: "thales_client_ca" } }),
    db.trustStoreEntry.groupBy({ by, _count: { _all: true }, where: { ...ids, kind: "thales_client_ca", isCa: false } }),
    db.signingKey.groupBy({ by, _count: { _all: true }, where: { ...ids, ...EVIDENCE_WHERE.oauthKey } }),
    db.serverChainChange.groupBy({ by, _count: { _all: true }, where: { ...ids, ...EVIDENCE_WHERE.serverChainGiven } }),
    latestProbes(db, environmentIds),
    db.checklistTick.findMany({ where: ids, select: { environmentId: true, item: true } }),
  ]);
  const set = (rows: { environmentId: string }[]) => new Set(rows.map((r) => r.environmentId));
  const [csr, sent, cert, thales, leaves, key, chain] = [set(csrRows), set(sentRows), set(certRows), set(thalesRows), set(leafRows), set(keyRows), set(chainRows)];
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
    result.set(id, { done, total: CHECKLIST_ITEMS.length, percent: Math.round((done / CHECKLIST_ITEMS.length) * 100) });
  }
  return result;
}
