// The open findings an inventory report lists, from every feature that raises them. Each source
// maps its own findings into the shared DeliverableFinding shape (lib/finding/deliverable.ts).
// A new source is one more entry in FINDING_SOURCES.
import type { Db } from "@/lib/db/client";
import type { DeliverableFinding } from "@/lib/finding/deliverable";
import { reconcileClientCa } from "@/lib/ca-change/findings";
import { probeFindings } from "@/lib/probe/findings";
import { custodyFindings } from "@/lib/custody/findings";
import type { ProbeReport } from "@/lib/probe/evidence";

export type FindingSourceOptions = { environmentId?: string; now?: Date };
export type FindingSource = {
  name: string;
  find: (db: Db, options: FindingSourceOptions) => Promise<DeliverableFinding[]>;
};

type Place = { id: string; code: string; gateway: { merchantGatewayId: string } };

async function environmentsOf(db: Db, environmentId?: string): Promise<Place[]> {
  return db.environment.findMany({
    where: environmentId ? { id: environmentId } : {},
    select: { id: true, code: true, gateway: { select: { merchantGatewayId: true } } },
    orderBy: [{ gateway: { merchantGatewayId: "asc" } }, { code: "asc" }],
  });
}

const envPath = (p: Place) =>
  `/gateways/${encodeURIComponent(p.gateway.merchantGatewayId)}/${p.code}`;

const CA_CHANGE_TITLES = {
  "new-ca-not-trusted": "New Thales Client CA not trusted yet",
  "old-ca-still-trusted": "Old Thales Client CA still trusted",
  "leaf-pinned": "Leaf certificate pinned in the Thales Client CA store",
} as const;

/** Thales Client CA changes reconciled with the thales-client-ca store (lib/ca-change). */
export const caChangeFindingSource: FindingSource = {
  name: "ca-change",
  async find(db, { environmentId, now = new Date() }) {
    const out: DeliverableFinding[] = [];
    for (const place of await environmentsOf(db, environmentId)) {
      for (const f of await reconcileClientCa(db, place.id, now)) {
        out.push({
          key: `ca-change.${f.key}:${place.id}`,
          environmentId: place.id,
          severity: f.severity,
          title: CA_CHANGE_TITLES[f.code],
          detail: f.message,
          link: `${envPath(place)}/${f.section}`,
        });
      }
    }
    return out;
  },
};

/** What the latest probe of each endpoint found wrong (warnings and failures, not the passes). */
export const probeFindingSource: FindingSource = {
  name: "probe",
  async find(db, { environmentId, now = new Date() }) {
    const targets = await db.probeTarget.findMany({
      where: environmentId ? { environmentId } : {},
      orderBy: [{ direction: "asc" }, { host: "asc" }, { port: "asc" }],
      select: {
        id: true,
        environmentId: true,
        direction: true,
        host: true,
        port: true,
        environment: {
          select: { id: true, code: true, gateway: { select: { merchantGatewayId: true } } },
        },
        results: { orderBy: [{ at: "desc" }, { id: "desc" }], take: 1, select: { result: true } },
      },
    });
    const out: DeliverableFinding[] = [];
    for (const t of targets) {
      const latest = t.results[0];
      if (!latest) continue;
      for (const f of probeFindings(latest.result as unknown as ProbeReport, now)) {
        if (f.tone !== "bad" && f.tone !== "warn") continue;
        out.push({
          key: `probe.${f.code}:${t.id}`,
          environmentId: t.environmentId,
          severity: f.tone === "bad" ? "critical" : "warning",
          title: `Probe of ${t.direction} ${t.host}:${t.port}: ${f.code}`,
          detail: f.text,
          link: `${envPath(t.environment)}/probes`,
        });
      }
    }
    return out;
  },
};

/** Every source of open findings. */
export const FINDING_SOURCES: FindingSource[] = [
  caChangeFindingSource,
  probeFindingSource,
  { name: "custody", find: custodyFindings },
];

/** The open findings of one environment (or all), from every source, critical first. */
export async function openFindings(
  db: Db,
  options: FindingSourceOptions,
  sources: FindingSource[] = FINDING_SOURCES,
): Promise<(DeliverableFinding & { source: string })[]> {
  const lists = await Promise.all(
    sources.map(async (s) => (await s.find(db, options)).map((f) => ({ ...f, source: s.name }))),
  );
  const rank = { critical: 0, warning: 1 } as const;
  return lists
    .flat()
    .sort((a, b) => rank[a.severity] - rank[b.severity] || a.key.localeCompare(b.key));
}
