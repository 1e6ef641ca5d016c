import type { Db, Tx } from "@/lib/db/client";
import { daysLeft } from "@/lib/renewal/dates";
import { caChangeState } from "./state";
import { isoDay } from "@/lib/dates";

/** An effective date this close, with the new CA still untrusted, is a finding. */
export const EFFECTIVE_SOON_DAYS = 30;
/** An old CA still trusted this long after its replacement took effect is a finding. */
export const OLD_CA_GRACE_DAYS = 30;

// No finding compares PPR with PRD: the partner's environments are isolated, and nothing in its
// page asks them to trust the same Thales Client CA (ADR 0015).
export type FindingCode = "new-ca-not-trusted" | "old-ca-still-trusted" | "leaf-pinned";
export type Finding = {
  code: FindingCode;
  severity: "warning" | "critical";
  /** Identifies this finding for the bell: the same finding is announced once. */
  key: string;
  message: string;
  /** Section of the environment to fix it in. */
  section: "ca-changes" | "trust-stores";
};

export type Entry = { sha256: string; subjectDn: string; isCa: boolean };

async function thalesStore(db: Db | Tx, environmentId: string): Promise<Entry[]> {
  return db.trustStoreEntry.findMany({
    where: { environmentId, kind: "thales_client_ca" },
    select: { sha256: true, subjectDn: true, isCa: true },
  });
}

export type ReconcileInput = {
  entries: Entry[];
  changes: {
    sha256: string;
    subjectDn: string;
    replacesSha256: string | null;
    effectiveAt: Date | null;
  }[];
};

/**
 * Reconciles the Thales Client CA ledger of one environment with its thales-client-ca store
 * (DOMAIN.md: trust the CA, never the leaf). Pure: the overview feeds it every environment's rows.
 */
export function reconcile(input: ReconcileInput, now: Date = new Date()): Finding[] {
  const { entries, changes } = input;
  const trusted = new Set(entries.map((e) => e.sha256));
  const findings: Finding[] = [];

  for (const change of changes) {
    const state = caChangeState(change, trusted, now);
    const name = change.subjectDn;
    if (state === "announced" && change.effectiveAt) {
      const left = daysLeft(change.effectiveAt, now);
      if (left <= EFFECTIVE_SOON_DAYS) {
        findings.push({
          code: "new-ca-not-trusted",
          severity: left <= 7 ? "critical" : "warning",
          key: `new-ca-not-trusted:${change.sha256}`,
          message:
            left < 0
              ? `The new Thales Client CA "${name}" took effect on ${isoDay(change.effectiveAt)} and is still not trusted: D1's client certificate fails our server's check.`
              : `The new Thales Client CA "${name}" takes effect on ${isoDay(change.effectiveAt)} (in ${left} days) and is not trusted yet. Add it to the Thales Client CA store.`,
          section: "ca-changes",
        });
      }
    }
    if (change.replacesSha256 && trusted.has(change.replacesSha256) && change.effectiveAt) {
      const since = -daysLeft(change.effectiveAt, now);
      if (since > OLD_CA_GRACE_DAYS) {
        const old = entries.find((e) => e.sha256 === change.replacesSha256);
        findings.push({
          code: "old-ca-still-trusted",
          severity: "warning",
          key: `old-ca-still-trusted:${change.replacesSha256}`,
          message: `The old Thales Client CA "${old?.subjectDn ?? change.replacesSha256}" is still trusted ${since} days after "${name}" replaced it. Remove it to complete the change.`,
          section: "trust-stores",
        });
      }
    }
  }

  for (const leaf of entries.filter((e) => !e.isCa)) {
    findings.push({
      code: "leaf-pinned",
      severity: "critical",
      key: `leaf-pinned:${leaf.sha256}`,
      message: `"${leaf.subjectDn}" in the Thales Client CA store is a leaf certificate: that is pinning, which breaks when Thales rotates it. Trust the CA that issued it instead.`,
      section: "trust-stores",
    });
  }
  return findings;
}

/** Loads one environment's rows and reconciles them. */
export async function reconcileClientCa(
  db: Db | Tx,
  environmentId: string,
  now: Date = new Date(),
): Promise<Finding[]> {
  const [entries, changes] = await Promise.all([
    thalesStore(db, environmentId),
    db.clientCaChange.findMany({
      where: { environmentId },
      orderBy: { receivedAt: "asc" },
      select: { sha256: true, subjectDn: true, replacesSha256: true, effectiveAt: true },
    }),
  ]);
  return reconcile({ entries, changes }, now);
}
