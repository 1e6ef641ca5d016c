import type { ProbeReport } from "@/lib/probe/evidence";

/**
 * What the latest outbound probe proves about our server's installation (ADR 0022):
 * - "expected": the leaf the server presented is the leaf recorded in the environment's
 *   our-server-chain trust store (the chain we handed to Thales, changed only by a planned change);
 * - "unexpected": it presented another leaf: the deployment and the record disagree;
 * - "no-record": our-server-chain holds no leaf, so there is nothing to compare with;
 * - "no-certificate": the latest probe saw no certificate (connection refused, no TLS…);
 * - "not-probed": no probe yet.
 * A loopback or private target is not "reachable" by D1 (ADR 0015), but what it presented is
 * still recorded and compared.
 */
export type ServerProofVerdict =
  | "expected"
  | "unexpected"
  | "no-record"
  | "no-certificate"
  | "not-probed";

export type ServerProof = {
  verdict: ServerProofVerdict;
  presentedSha256: string | null;
  presentedSubject: string | null;
  probedAt: Date | null;
  resultId: string | null;
  expectedSha256: string[];
};

export function serverProof(
  latest: { id: string; at: Date; result: unknown } | null,
  recordedLeaves: string[],
): ServerProof {
  const expectedSha256 = [...recordedLeaves].sort();
  if (!latest)
    return {
      verdict: "not-probed",
      presentedSha256: null,
      presentedSubject: null,
      probedAt: null,
      resultId: null,
      expectedSha256,
    };
  const report = latest.result as ProbeReport;
  const leaf = report.chain?.certificates[0] ?? null;
  const base = {
    presentedSha256: leaf?.sha256 ?? null,
    presentedSubject: leaf?.subject ?? null,
    probedAt: latest.at,
    resultId: latest.id,
    expectedSha256,
  };
  if (!leaf) return { verdict: "no-certificate", ...base };
  if (expectedSha256.length === 0) return { verdict: "no-record", ...base };
  return {
    verdict: expectedSha256.includes(leaf.sha256.toLowerCase()) ? "expected" : "unexpected",
    ...base,
  };
}

export const PROOF_TEXT: Record<ServerProofVerdict, string> = {
  expected: "EXPECTED: the leaf our server presented is the one recorded in our server chain.",
  unexpected:
    "UNEXPECTED: our server presented a leaf that is not the one recorded in our server chain.",
  "no-record":
    "Our server chain holds no leaf certificate: nothing to compare the presented one with.",
  "no-certificate": "The latest probe saw no certificate from this address.",
  "not-probed": "Not probed yet: run the outbound probe to prove what this server presents.",
};
