import type { Db } from "@/lib/db/client";
import { addressScope } from "@/lib/probe/targets";
import { CHECKLIST_ITEMS, type ChecklistItemId } from "./items";

export type Evidence = { label: string; section: string; anchor?: string; at: Date };
export type ManualTick = { by: string; note: string; doneOn: Date; at: Date };
export type ChecklistRow = {
  id: ChecklistItemId;
  direction: "inbound" | "outbound";
  title: string;
  requirement: string;
  /** What proves it by itself; null: only a person can tick it. */
  evidenceRule: string | null;
  done: boolean;
  evidence: Evidence | null;
  tick: ManualTick | null;
  /** Why a probe of this environment does not count as evidence, when one exists but falls short. */
  openReason: string | null;
};
export type Checklist = { rows: ChecklistRow[]; done: number; total: number; percent: number };

/** The parts of a stored probe report the checklist reads (lib/probe/evidence.ts has it whole). */
type ProbeFacts = {
  target?: { host?: string; port?: number; direction?: string };
  dns?: { addresses?: unknown[] };
  tls12?: { ok?: boolean };
  tls13?: { ok?: boolean };
  chain?: { verified?: boolean; verifiedAgainst?: string } | null;
  reachable?: boolean;
  clientCertRequired?: boolean | null;
  connectedAddress?: string;
  addressScope?: string | null;
};

const isIpLiteral = (host: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(":");
const tlsOk = (r: ProbeFacts) => r.tls12?.ok === true || r.tls13?.ok === true;
/** D1 connects over the internet: a probe that reached our server at a private address proves nothing (results stored before addressScope: from the address). */
const publicAddress = (r: ProbeFacts) =>
  (r.addressScope ?? (r.connectedAddress ? addressScope(r.connectedAddress) : "public")) ===
  "public";

/**
 * What counts as evidence, for the tables the checklist reads, for the detailed checklist (one
 * environment, with links). The overview's progress (lib/checklist/progress.ts) asks the same in
 * SQL: change both together (the checklist test compares them).
 */
export const EVIDENCE_WHERE = {
  csrGenerated: { status: { not: "cancelled" as const } },
  csrSent: { status: { in: ["submitted" as const, "fulfilled" as const] } },
  // Matched to a CSR or adopted (no CSR on record, checked on its own): compliant means its chain
  // verified to client-cert-issuers, so an unverified certificate never ticks it.
  certificateReceived: { compliant: true, revokedAt: null },
  oauthKey: { onboardedAt: { not: null }, retiredAt: null },
  serverChainGiven: {
    OR: [
      { status: "acknowledged" as const },
      { status: "switched" as const, notifiedAt: { not: null } },
    ],
  },
};

export type ProbeEvidenceRow = Awaited<ReturnType<typeof latestProbes>>[number];
export const PROBE_EVIDENCE = {
  "inbound.d1-roots-trusted": (p: ProbeEvidenceRow) =>
    p.direction === "inbound" &&
    p.latest.facts.chain?.verified === true &&
    p.latest.facts.chain?.verifiedAgainst === "d1-server-roots",
  "inbound.tls-dns": (p: ProbeEvidenceRow) =>
    p.direction === "inbound" &&
    !isIpLiteral(p.host) &&
    (p.latest.facts.dns?.addresses?.length ?? 0) > 0 &&
    tlsOk(p.latest.facts),
  "outbound.reachable": (p: ProbeEvidenceRow) =>
    p.direction === "outbound" &&
    (p.port === 443 || p.port === 8443) &&
    p.latest.facts.reachable === true &&
    publicAddress(p.latest.facts),
  // The partner asks for mutual authentication: TLS alone is not the item.
  "outbound.tls": (p: ProbeEvidenceRow) =>
    p.direction === "outbound" &&
    tlsOk(p.latest.facts) &&
    p.latest.facts.clientCertRequired === true,
} as const;

/** Why the latest outbound probes do not prove an item (the first that falls short), or null. */
function outboundShortfall(
  item: "outbound.reachable" | "outbound.tls",
  probes: ProbeEvidenceRow[],
): string | null {
  const where = (p: ProbeEvidenceRow) => `${p.host}:${p.port}`;
  for (const p of probes.filter((x) => x.direction === "outbound")) {
    const f = p.latest.facts;
    if (item === "outbound.tls" && tlsOk(f) && f.clientCertRequired !== true) {
      return `Probe of ${where(p)}: TLS works, but our server does not demand a client certificate, and the partner requires mutual authentication.`;
    }
    if (item === "outbound.reachable" && (p.port === 443 || p.port === 8443) && !publicAddress(f)) {
      return `Probe of ${where(p)}: it connected at ${f.connectedAddress ?? "a non-public address"}, a ${f.addressScope ?? (f.connectedAddress ? addressScope(f.connectedAddress) : "private")} address; D1 connects over the internet and cannot reach it.`;
    }
  }
  return null;
}

/** The latest result of each probe target of the environments, newest first. */
export async function latestProbes(db: Db, environmentIds: string[]) {
  const targets = await db.probeTarget.findMany({
    where: { environmentId: { in: environmentIds } },
    select: {
      id: true,
      environmentId: true,
      host: true,
      port: true,
      direction: true,
      results: { orderBy: { at: "desc" }, take: 1, select: { id: true, at: true, result: true } },
    },
  });
  return targets
    .filter((t) => t.results.length > 0)
    .map((t) => ({
      ...t,
      latest: { ...t.results[0]!, facts: (t.results[0]!.result ?? {}) as ProbeFacts },
    }))
    .sort((a, b) => b.latest.at.getTime() - a.latest.at.getTime());
}

/**
 * Evaluates every item of one environment's checklist: evidence from the inventory first, then a
 * person's tick. Reads only (a handful of indexed queries), so pages and the API can call it.
 */
export async function evaluateChecklist(db: Db, environmentId: string): Promise<Checklist> {
  const [csr, submitted, certificate, thalesStore, signingKey, chainChange, probes, ticks] =
    await Promise.all([
      db.csr.findFirst({
        where: { environmentId, ...EVIDENCE_WHERE.csrGenerated },
        orderBy: { createdAt: "asc" },
        select: { id: true, commonName: true, createdAt: true },
      }),
      db.csr.findFirst({
        where: { environmentId, ...EVIDENCE_WHERE.csrSent },
        orderBy: { submittedAt: "asc" },
        select: { id: true, commonName: true, submittedAt: true, createdAt: true },
      }),
      db.certificate.findFirst({
        where: { environmentId, ...EVIDENCE_WHERE.certificateReceived },
        orderBy: { createdAt: "asc" },
        select: { id: true, commonName: true, createdAt: true },
      }),
      db.trustStoreEntry.findMany({
        where: { environmentId, kind: "thales_client_ca" },
        select: { isCa: true, createdAt: true },
      }),
      db.signingKey.findFirst({
        where: { environmentId, ...EVIDENCE_WHERE.oauthKey },
        orderBy: { onboardedAt: "desc" },
        select: { thumbprint: true, onboardedAt: true },
      }),
      db.serverChainChange.findFirst({
        where: { environmentId, ...EVIDENCE_WHERE.serverChainGiven },
        orderBy: { updatedAt: "desc" },
        select: { id: true, acknowledgedAt: true, switchedAt: true, updatedAt: true },
      }),
      latestProbes(db, [environmentId]),
      db.checklistTick.findMany({ where: { environmentId } }),
    ]);

  const probe = (
    test: (p: ProbeEvidenceRow) => boolean,
    label: (p: ProbeEvidenceRow) => string,
  ): Evidence | null => {
    const found = probes.find(test);
    return found
      ? { label: label(found), section: "probes", anchor: `probe-${found.id}`, at: found.latest.at }
      : null;
  };
  const where = (p: { host: string; port: number }) => `${p.host}:${p.port}`;

  const evidence: Record<ChecklistItemId, Evidence | null> = {
    "inbound.csr-generated": csr
      ? { label: `CSR ${csr.commonName}`, section: `csrs/${csr.id}`, at: csr.createdAt }
      : null,
    "inbound.csr-sent": submitted
      ? {
          label: `CSR ${submitted.commonName} submitted`,
          section: `csrs/${submitted.id}`,
          at: submitted.submittedAt ?? submitted.createdAt,
        }
      : null,
    "inbound.certificate-received": certificate
      ? {
          label: `Certificate ${certificate.commonName}`,
          section: `certificates/${certificate.id}`,
          at: certificate.createdAt,
        }
      : null,
    "inbound.d1-roots-trusted": probe(
      PROBE_EVIDENCE["inbound.d1-roots-trusted"],
      (p) => `Probe of ${where(p)}: chain verified against the D1 server roots`,
    ),
    "inbound.tls-dns": probe(
      PROBE_EVIDENCE["inbound.tls-dns"],
      (p) => `Probe of ${where(p)}: resolved by DNS, TLS handshake completed`,
    ),
    "inbound.oauth-key": signingKey
      ? {
          label: `Signing key ${signingKey.thumbprint.slice(0, 12)}… onboarded`,
          section: "signing-keys",
          at: signingKey.onboardedAt!,
        }
      : null,
    "outbound.reachable": probe(
      PROBE_EVIDENCE["outbound.reachable"],
      (p) => `Probe of ${where(p)}: reachable`,
    ),
    "outbound.tls": probe(
      PROBE_EVIDENCE["outbound.tls"],
      (p) => `Probe of ${where(p)}: TLS handshake completed, client certificate demanded`,
    ),
    "outbound.thales-ca-trusted":
      thalesStore.length > 0 && thalesStore.every((e) => e.isCa)
        ? {
            label: `${thalesStore.length} CA certificate${thalesStore.length > 1 ? "s" : ""}, no leaf`,
            section: "trust-stores",
            anchor: "thales-client-ca",
            at: new Date(Math.max(...thalesStore.map((e) => e.createdAt.getTime()))),
          }
        : null,
    "outbound.server-chain-given": chainChange
      ? {
          label: chainChange.acknowledgedAt
            ? "Server chain change acknowledged by Thales"
            : "Server chain switched after notifying Thales",
          section: "ca-changes",
          anchor: `server-chain-${chainChange.id}`,
          at: chainChange.acknowledgedAt ?? chainChange.switchedAt ?? chainChange.updatedAt,
        }
      : null,
    "outbound.oauth-client": null,
  };

  const rows: ChecklistRow[] = CHECKLIST_ITEMS.map((item) => {
    const t = ticks.find((x) => x.item === item.id);
    const tick = t
      ? { by: t.tickedByLabel, note: t.note, doneOn: t.doneOn, at: t.createdAt }
      : null;
    const openReason =
      evidence[item.id] === null && (item.id === "outbound.reachable" || item.id === "outbound.tls")
        ? outboundShortfall(item.id, probes)
        : null;
    return {
      id: item.id,
      direction: item.direction,
      title: item.title,
      requirement: item.requirement,
      evidenceRule: item.evidence,
      evidence: evidence[item.id],
      tick,
      done: evidence[item.id] !== null || tick !== null,
      openReason,
    };
  });
  const done = rows.filter((r) => r.done).length;
  return { rows, done, total: rows.length, percent: Math.round((done / rows.length) * 100) };
}
