import type { Tx } from "@/lib/db/client";
import type { AddressScope } from "./targets";

/**
 * What one probe found, stored whole in ProbeResult.result. The checklist reads it as evidence.
 *
 * - tls12/tls13 `ok`: the server agreed to that version (its ServerHello chose it and a cipher).
 *   A server that demands a client certificate cannot finish a TLS 1.2 handshake with a probe
 *   that has none: the version still counts as supported, and `clientCertRequired` says why it
 *   stopped.
 * - chain: the certificates the server presented, leaf first (only those that link up from the
 *   leaf), and whether they verify for this host name against `verifiedAgainst`: the
 *   environment's d1-server-roots store for an inbound target (Mozilla's roots while that store is
 *   empty), Mozilla's roots for an outbound one. null when no certificate was seen.
 * - clientCertRequested: the server asked for a client certificate (seen by openssl, or implied by
 *   a refusal); clientCertRequired: it refused to go on without one. null: not known.
 * - acceptableCaNames: the CA names of the server's CertificateRequest, as openssl prints them;
 *   null when openssl is absent or the server did not ask. thalesClientCaAccepted (outbound only):
 *   which subjects of the thales-client-ca store are among them (matches), which are not (missing),
 *   and which names are not in the store at all (extra: "endorse only the Thales Client CA").
 * - connected: a TCP connection from this server opened, at connectedAddress, whose addressScope
 *   says where it can be reached from.
 * - reachable: reachable by whoever connects in production. Inbound: our backend, so connected.
 *   Outbound: D1, over the internet, so connected at a public address. A loopback or private
 *   outbound target is still probed (TLS, chain, client certificate) but is not reachable.
 * - timedOut: some step hit its time-out.
 *
 * Results stored before `connected`, `addressScope` and `extra` existed lack them: `reachable`
 * then meant connected (read it through `connectedOf`).
 */
export type ProbeReport = {
  target: { host: string; port: number; direction: "inbound" | "outbound" };
  dns: { addresses: { address: string; family: 4 | 6; ttl: number | null }[]; error?: string };
  tls12: { ok: boolean; protocol?: string; cipher?: string; error?: string };
  tls13: { ok: boolean; protocol?: string; cipher?: string; error?: string };
  chain: {
    certificates: {
      subject: string;
      issuer: string;
      notAfter: string;
      sha256: string;
      pem: string;
    }[];
    verified: boolean;
    verifiedAgainst: "mozilla" | "d1-server-roots";
    error?: string;
  } | null;
  clientCertRequested: boolean | null;
  clientCertRequired: boolean | null;
  acceptableCaNames: string[] | null;
  thalesClientCaAccepted: { matches: string[]; missing: string[]; extra?: string[] } | null;
  reachable: boolean;
  connected?: boolean;
  addressScope?: AddressScope | null;
  timedOut: boolean;
  /** The address the connections went to (one of dns.addresses), when one answered. */
  connectedAddress?: string;
};

/** Whether a TCP connection opened (results stored before `connected` existed: `reachable`). */
export const connectedOf = (report: ProbeReport) => report.connected ?? report.reachable;

export type StoredProbeResult = {
  resultId: string;
  targetId: string;
  at: Date;
  ok: boolean;
  report: ProbeReport;
};

/** Latest result per target of the environment, newest first. */
export async function latestProbeResults(
  db: Tx,
  environmentId: string,
): Promise<StoredProbeResult[]> {
  const targets = await db.probeTarget.findMany({
    where: { environmentId },
    select: {
      id: true,
      results: {
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: 1,
        select: { id: true, at: true, ok: true, result: true },
      },
    },
  });
  return targets
    .flatMap((t) =>
      t.results.map((r) => ({
        resultId: r.id,
        targetId: t.id,
        at: r.at,
        ok: r.ok,
        report: r.result as unknown as ProbeReport,
      })),
    )
    .sort((a, b) => b.at.getTime() - a.at.getTime() || b.resultId.localeCompare(a.resultId));
}
