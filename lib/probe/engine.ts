// The TLS probe, run on the server (a browser cannot open raw TLS). One probe:
//   1. resolves the name through DNS (every A and AAAA record, with its TTL) and refuses to go on
//      if any address is link-local or a cloud metadata address (checked again here, at probe
//      time: a name can be re-pointed after it was accepted);
//   2. opens a TCP connection to the first address that answers (IPv4 first), and from then on
//      talks to that address only (no second lookup that could answer differently);
//   3. in parallel, with a time-out each: a TLS 1.2-only and a TLS 1.3-only handshake (version,
//      cipher, chain verification for the host name, whether a client certificate is demanded),
//      one handshake with an empty trust store to record the chain exactly as presented, and
//      `openssl s_client` (when present) for the acceptable client CA names.
// The probe never presents a client certificate: private keys never reach the server.
import tls from "node:tls";
import { chainEvidence } from "./chain";
import { probeConfigFromEnv, type ProbeConfig } from "./config";
import { Deadline } from "./deadline";
import { thalesClientCaAcceptance } from "./dn";
import { resolveHost } from "./dns";
import type { ProbeReport } from "./evidence";
import { opensslAvailable, runSClient, type SClientResult } from "./openssl";
import { addressScope, checkAddress, checkHost, type ProbeDirection } from "./targets";
import { firstAnswering } from "./tcp";
import { clientCertDemanded, tlsAttempt, versionEvidence } from "./tls-attempt";

export type ProbeTargetSpec = { host: string; port: number; direction: ProbeDirection };
/** What the environment trusts: PEM roots of d1-server-roots, subject DNs of thales-client-ca. */
export type ProbeTrust = { d1ServerRoots: string[]; thalesClientCaSubjects: string[] };
export type ProbeOptions = ProbeConfig & {
  /** TLS 1.3: how long to wait after the handshake for a refusal (or a session ticket). */
  tls13GraceMs?: number;
};
export type ProbeOutcome = { report: ProbeReport; ok: boolean; durationMs: number };

/**
 * Whether a probe passed: reachable, TLS 1.2 or 1.3, chain verified; for our own server
 * (outbound) also a client certificate demanded, since D1 authenticates by mutual TLS.
 */
export function probePassed(report: ProbeReport): boolean {
  const tls =
    report.reachable && (report.tls12.ok || report.tls13.ok) && report.chain?.verified === true;
  return report.target.direction === "outbound" ? tls && report.clientCertRequired === true : tls;
}

/** Runs one probe; resolves (never rejects) within the configured total time-out. */
export async function runProbe(
  target: ProbeTargetSpec,
  trust: ProbeTrust,
  options: ProbeOptions = probeConfigFromEnv(),
): Promise<ProbeOutcome> {
  const started = Date.now();
  const deadline = new Deadline(options.totalTimeoutMs, options.timeoutMs);
  const report: ProbeReport = {
    target: { host: target.host, port: target.port, direction: target.direction },
    dns: { addresses: [] },
    tls12: { ok: false },
    tls13: { ok: false },
    chain: null,
    clientCertRequested: null,
    clientCertRequired: null,
    acceptableCaNames: null,
    thalesClientCaAccepted: null,
    reachable: false,
    connected: false,
    addressScope: null,
    timedOut: false,
  };
  const done = () => ({ report, ok: probePassed(report), durationMs: Date.now() - started });
  const notTried = (why: string) => {
    report.tls12 = { ok: false, error: why };
    report.tls13 = { ok: false, error: why };
  };

  const host = checkHost(target.host);
  if (!host.ok) {
    report.dns.error = host.message;
    notTried("Not probed: the target is refused.");
    return done();
  }
  const resolution = await resolveHost(host.host, deadline);
  report.dns = {
    addresses: resolution.addresses,
    ...(resolution.error ? { error: resolution.error } : {}),
  };
  report.timedOut ||= resolution.timedOut;
  if (resolution.addresses.length === 0) {
    notTried("Not probed: the name did not resolve.");
    return done();
  }
  const refused = resolution.addresses.map((a) => checkAddress(a.address)).find((v) => !v.allowed);
  if (refused && !refused.allowed) {
    report.dns.error = `${host.host} resolves to a refused address. ${refused.message}`;
    notTried("Not probed: the name resolves to a refused address.");
    return done();
  }

  const tcp = await firstAnswering(resolution.addresses, target.port, deadline);
  report.timedOut ||= tcp.timedOut;
  const chosen = tcp.chosen;
  if (!chosen) {
    notTried(tcp.errors.join(" "));
    return done();
  }
  report.connected = true;
  report.connectedAddress = chosen.address;
  report.addressScope = addressScope(chosen.address);
  // D1 reaches our server over the internet; our backend reaches D1 from where this server runs.
  report.reachable = target.direction === "inbound" || report.addressScope === "public";

  const verifiedAgainst =
    target.direction === "inbound" && trust.d1ServerRoots.length > 0
      ? "d1-server-roots"
      : "mozilla";
  const ca =
    verifiedAgainst === "d1-server-roots" ? trust.d1ServerRoots : [...tls.rootCertificates];
  const ms = deadline.step();
  const servername = host.ip === 0 ? host.host : undefined;
  const graceMs = options.tls13GraceMs ?? 1_000;
  const common = { address: chosen.address, port: target.port, servername, ms, graceMs };
  const openssl = options.openssl && opensslAvailable(options.openssl) ? options.openssl : null;
  const [a12, a13, presented, sclient] = await Promise.all([
    tlsAttempt({ ...common, minVersion: "TLSv1.2", maxVersion: "TLSv1.2", ca }),
    tlsAttempt({ ...common, minVersion: "TLSv1.3", maxVersion: "TLSv1.3", ca }),
    tlsAttempt({ ...common, minVersion: "TLSv1.2", maxVersion: "TLSv1.3", ca: [] }),
    openssl
      ? runSClient(openssl, chosen.address, target.port, servername, ms)
      : Promise.resolve<SClientResult | null>(null),
  ]);
  report.timedOut ||=
    a12.timedOut || a13.timedOut || presented.timedOut || (sclient?.timedOut ?? false);

  report.tls12 = versionEvidence(a12, "TLSv1.2");
  report.tls13 = versionEvidence(a13, "TLSv1.3");
  report.chain = await chainEvidence({ a12, a13, presented }, verifiedAgainst, host.host);
  report.clientCertRequired = clientCertDemanded([a12, a13, presented]);
  if (sclient?.spoke) {
    report.clientCertRequested = sclient.requested || report.clientCertRequired === true;
    report.acceptableCaNames = sclient.requested ? sclient.caNames : null;
  } else {
    report.clientCertRequested = report.clientCertRequired;
  }
  if (target.direction === "outbound" && report.acceptableCaNames !== null) {
    report.thalesClientCaAccepted = thalesClientCaAcceptance(
      report.acceptableCaNames,
      trust.thalesClientCaSubjects,
    );
  }
  return done();
}
