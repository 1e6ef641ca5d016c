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
import dns from "node:dns";
import net from "node:net";
import tls from "node:tls";
import { X509Certificate } from "node:crypto";
import { parseCertificateDer, toPem } from "@/lib/pki";
import { probeConfigFromEnv, type ProbeConfig } from "./config";
import { canonicalDn } from "./dn";
import type { ProbeReport } from "./evidence";
import { opensslAvailable, runSClient, type SClientResult } from "./openssl";
import { addressScope, checkAddress, checkHost, hostPort, type ProbeDirection } from "./targets";

export type ProbeTargetSpec = { host: string; port: number; direction: ProbeDirection };
/** What the environment trusts: PEM roots of d1-server-roots, subject DNs of thales-client-ca. */
export type ProbeTrust = { d1ServerRoots: string[]; thalesClientCaSubjects: string[] };
export type ProbeOptions = ProbeConfig & {
  /** TLS 1.3: how long to wait after the handshake for a refusal (or a session ticket). */
  tls13GraceMs?: number;
};
export type ProbeOutcome = { report: ProbeReport; ok: boolean; durationMs: number };

type Address = { address: string; family: 4 | 6; ttl: number | null };

/**
 * Whether a probe passed: reachable, TLS 1.2 or 1.3, chain verified; for our own server
 * (outbound) also a client certificate demanded, since D1 authenticates by mutual TLS.
 */
export function probePassed(report: ProbeReport): boolean {
  const tls =
    report.reachable && (report.tls12.ok || report.tls13.ok) && report.chain?.verified === true;
  return report.target.direction === "outbound" ? tls && report.clientCertRequired === true : tls;
}

class Deadline {
  private readonly end: number;
  constructor(
    totalMs: number,
    private readonly stepMs: number,
  ) {
    this.end = Date.now() + totalMs;
  }
  remaining() {
    return this.end - Date.now();
  }
  /** The time a step may take: its own time-out, within what is left of the whole probe. */
  step() {
    return Math.max(0, Math.min(this.stepMs, this.remaining()));
  }
}

function timeout<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout?: () => void,
): Promise<{ value: T } | { error: unknown } | "timeout"> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      onTimeout?.();
      resolve("timeout");
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve({ value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ error });
      },
    );
  });
}

const codeOf = (error: unknown) => (error as { code?: string })?.code ?? "";

// ---- DNS ------------------------------------------------------------------------------------

type Resolution = { addresses: Address[]; error?: string; timedOut: boolean };

async function resolve(host: string, deadline: Deadline): Promise<Resolution> {
  const literal = net.isIP(host);
  if (literal)
    return { addresses: [{ address: host, family: literal as 4 | 6, ttl: null }], timedOut: false };
  if (host === "localhost") {
    return {
      addresses: [
        { address: "127.0.0.1", family: 4, ttl: null },
        { address: "::1", family: 6, ttl: null },
      ],
      timedOut: false,
    };
  }
  const budget = deadline.step();
  if (budget <= 0)
    return { addresses: [], error: "The probe ran out of time before DNS.", timedOut: true };
  const resolver = new dns.promises.Resolver({ timeout: budget, tries: 1 });
  const answered = await timeout(
    Promise.allSettled([
      resolver.resolve4(host, { ttl: true }),
      resolver.resolve6(host, { ttl: true }),
    ]),
    budget,
    () => resolver.cancel(),
  );
  if (answered === "timeout")
    return {
      addresses: [],
      error: `DNS did not answer for ${host} within ${budget} ms.`,
      timedOut: true,
    };
  const [v4, v6] = (
    answered as {
      value: [PromiseSettledResult<dns.RecordWithTtl[]>, PromiseSettledResult<dns.RecordWithTtl[]>];
    }
  ).value;
  const addresses: Address[] = [
    ...(v4.status === "fulfilled"
      ? v4.value.map((r) => ({ address: r.address, family: 4 as const, ttl: r.ttl }))
      : []),
    ...(v6.status === "fulfilled"
      ? v6.value.map((r) => ({ address: r.address, family: 6 as const, ttl: r.ttl }))
      : []),
  ];
  if (addresses.length > 0) return { addresses, timedOut: false };
  const codes = [v4, v6].map((r) => (r.status === "rejected" ? codeOf(r.reason) : "ENODATA"));
  if (codes.some((c) => c === "ETIMEOUT" || c === "ECANCELLED"))
    return {
      addresses: [],
      error: `DNS did not answer for ${host} within ${budget} ms.`,
      timedOut: true,
    };
  // Names that only the system resolver knows (a hosts file on premises): no TTL to report.
  const left = deadline.step();
  if (left > 0) {
    const system = await timeout(dns.promises.lookup(host, { all: true, verbatim: true }), left);
    if (system !== "timeout" && "value" in system && system.value.length > 0) {
      return {
        addresses: system.value.map((a) => ({
          address: a.address,
          family: a.family === 6 ? 6 : 4,
          ttl: null,
        })),
        timedOut: false,
      };
    }
  }
  const why = codes.every((c) => c === "ENOTFOUND" || c === "ENODATA")
    ? codes.includes("ENOTFOUND")
      ? `${host} does not exist in DNS (ENOTFOUND).`
      : `${host} has no A or AAAA record.`
    : `DNS could not resolve ${host} (${codes.filter((c) => c !== "ENODATA").join(", ")}).`;
  return { addresses: [], error: why, timedOut: false };
}

// ---- TCP ------------------------------------------------------------------------------------

function tcpConnect(
  address: string,
  port: number,
  ms: number,
): Promise<{ ok: true } | { ok: false; error: string; timedOut: boolean }> {
  return new Promise((resolveConnect) => {
    const socket = net.connect({ host: address, port });
    const finish = (result: { ok: true } | { ok: false; error: string; timedOut: boolean }) => {
      clearTimeout(timer);
      socket.destroy();
      resolveConnect(result);
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          error: `No TCP answer from ${hostPort(address, port)} within ${ms} ms.`,
          timedOut: true,
        }),
      ms,
    );
    socket.once("connect", () => finish({ ok: true }));
    socket.once("error", (error) =>
      finish({ ok: false, error: plainTlsError(error, hostPort(address, port)), timedOut: false }),
    );
  });
}

// ---- TLS ------------------------------------------------------------------------------------

type Attempt = {
  negotiated: { protocol: string; cipher: string } | null;
  /** The server refused to go on without a client certificate / went on without one. */
  demand: "required" | "accepted" | null;
  verify: { ok: boolean; code?: string } | null;
  peer: tls.DetailedPeerCertificate | null;
  error?: string;
  timedOut: boolean;
};

// Alerts a server sends when it wanted a client certificate and got none.
const CLIENT_CERT_ALERTS = new Set([
  "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
  "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE",
  "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE",
  "ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN",
]);

/** A TLS error in plain words. */
export function plainTlsError(error: unknown, where: string): string {
  const code = codeOf(error);
  const reason = (error as { reason?: string })?.reason;
  switch (code) {
    case "ECONNREFUSED":
      return `Connection refused by ${where}: nothing listens on this port.`;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `No route to ${where} (${code}).`;
    case "ECONNRESET":
      return `${where} closed the connection during the handshake (ECONNRESET).`;
    case "ERR_SSL_WRONG_VERSION_NUMBER":
    case "ERR_SSL_PACKET_LENGTH_TOO_LONG":
      return `${where} did not answer with TLS (is it plain HTTP, or another protocol?).`;
    case "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION":
    case "ERR_SSL_UNSUPPORTED_PROTOCOL":
    case "ERR_SSL_NO_PROTOCOLS_AVAILABLE":
      return `The server refused this TLS version (${reason ?? code}).`;
    case "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE":
      return `The server refused the handshake: no version or cipher in common (${reason ?? code}).`;
    default:
      return `${reason ?? (error as Error)?.message ?? String(error)}${code ? ` (${code})` : ""}`;
  }
}

type AttemptOptions = {
  address: string;
  port: number;
  servername?: string;
  minVersion: tls.SecureVersion;
  maxVersion: tls.SecureVersion;
  ca: string[];
  ms: number;
  graceMs: number;
};

function tlsAttempt(o: AttemptOptions): Promise<Attempt> {
  return new Promise((resolveAttempt) => {
    const started = Date.now();
    const state: Attempt = {
      negotiated: null,
      demand: null,
      verify: null,
      peer: null,
      timedOut: false,
    };
    let settled = false;
    let grace: NodeJS.Timeout | undefined;
    const socket = tls.connect({
      host: o.address,
      port: o.port,
      ...(o.servername ? { servername: o.servername } : {}),
      minVersion: o.minVersion,
      maxVersion: o.maxVersion,
      // An empty array is an empty trust store (no default roots): nothing is added to the chain.
      ca: o.ca,
      rejectUnauthorized: false,
    });
    const finish = (extra: Partial<Attempt> = {}) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      socket.destroy();
      resolveAttempt({ ...state, ...extra });
    };
    const timer = setTimeout(
      () => finish({ timedOut: true, error: `No complete TLS answer within ${o.ms} ms.` }),
      o.ms,
    );
    const readSession = () => {
      const cipher = socket.getCipher?.();
      if (cipher && !state.negotiated)
        state.negotiated = {
          protocol: socket.getProtocol() ?? cipher.version,
          cipher: cipher.standardName || cipher.name,
        };
      const peer = socket.getPeerCertificate?.(true);
      if (peer && (peer as { raw?: Buffer }).raw && !state.peer) state.peer = peer;
    };
    socket.once("secureConnect", () => {
      readSession();
      state.verify = {
        ok: socket.authorized,
        ...(socket.authorizationError ? { code: String(socket.authorizationError) } : {}),
      };
      if (socket.getProtocol() !== "TLSv1.3") return finish({ demand: "accepted" });
      // TLS 1.3: the server checks our (empty) certificate after the handshake; a refusal comes
      // as an alert, an acceptance usually as a session ticket.
      socket.once("session", () => finish({ demand: "accepted" }));
      const left = o.ms - (Date.now() - started) - 20;
      if (left <= 0) return finish({ demand: "accepted" });
      grace = setTimeout(() => finish({ demand: "accepted" }), Math.min(o.graceMs, left));
    });
    socket.on("error", (error) => {
      const code = codeOf(error);
      const afterHandshake = state.verify !== null;
      if (!afterHandshake) {
        // The handle is still open here: what the server chose before it stopped is readable.
        readSession();
        if (state.negotiated && !state.verify) {
          const handle = (
            socket as unknown as { _handle?: { verifyError?: () => { code?: string } | null } }
          )._handle;
          if (handle?.verifyError) {
            const verifyError = handle.verifyError();
            // The chain verified; the host name check that Node does after a handshake is ours here.
            const identity =
              !verifyError && state.peer
                ? tls.checkServerIdentity(o.servername ?? o.address, state.peer)
                : undefined;
            const failed =
              verifyError?.code ?? (identity ? "ERR_TLS_CERT_ALTNAME_INVALID" : undefined);
            state.verify = { ok: !verifyError && !identity, ...(failed ? { code: failed } : {}) };
          }
        }
      }
      if (state.negotiated && CLIENT_CERT_ALERTS.has(code)) return finish({ demand: "required" });
      finish({ error: plainTlsError(error, hostPort(o.address, o.port)) });
    });
    socket.on("close", () =>
      finish(
        state.negotiated ? {} : { error: "The server closed the connection without a TLS answer." },
      ),
    );
  });
}

function peerChain(peer: tls.DetailedPeerCertificate | null): Buffer[] {
  const out: Buffer[] = [];
  const seen = new Set<string>();
  let cert: tls.DetailedPeerCertificate | undefined = peer ?? undefined;
  while (cert?.raw && out.length < 10 && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    out.push(cert.raw);
    if (!cert.issuerCertificate || cert.issuerCertificate === cert) break;
    cert = cert.issuerCertificate;
  }
  return out;
}

async function describeCertificate(raw: Buffer) {
  const der = new Uint8Array(raw);
  try {
    const parsed = await parseCertificateDer(der);
    return {
      subject: parsed.subjectDn,
      issuer: parsed.issuerDn,
      notAfter: parsed.notAfter.toISOString(),
      sha256: parsed.sha256,
      pem: parsed.pem,
    };
  } catch {
    const x = new X509Certificate(raw);
    return {
      subject: x.subject.split("\n").join(", "),
      issuer: x.issuer.split("\n").join(", "),
      notAfter: new Date(x.validTo).toISOString(),
      sha256: x.fingerprint256.replace(/:/g, "").toLowerCase(),
      pem: toPem("CERTIFICATE", der),
    };
  }
}

const VERIFY_REASONS: Record<string, string> = {
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    "the chain does not lead to a root in this trust store (its issuer is unknown here, or the server does not send its intermediate certificate)",
  UNABLE_TO_GET_ISSUER_CERT: "the issuer of a certificate in the chain is missing",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    "the server certificate's issuer is missing: the server does not send its intermediate certificate, or it is not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "the chain ends in a root that this trust store does not hold",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server presents a self-signed certificate",
  CERT_HAS_EXPIRED: "a certificate in the chain has expired",
  CERT_NOT_YET_VALID: "a certificate in the chain is not valid yet",
  CERT_SIGNATURE_FAILURE: "a signature in the chain does not verify",
  INVALID_CA: "a certificate used as a CA in the chain is not a CA",
  PATH_LENGTH_EXCEEDED: "the chain is longer than a CA allows",
  INVALID_PURPOSE: "a certificate in the chain may not be used for a TLS server",
  CERT_REVOKED: "a certificate in the chain is revoked",
};

function verifyReason(
  code: string | undefined,
  identityHost: string,
  peer: tls.DetailedPeerCertificate | null,
  store: string,
): string {
  if (code === undefined) return `Does not verify against ${store}.`;
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const mismatch = peer ? tls.checkServerIdentity(identityHost, peer) : undefined;
    return `The certificate is not valid for ${identityHost}: ${(mismatch as { reason?: string } | undefined)?.reason ?? "its names do not match"} (ERR_TLS_CERT_ALTNAME_INVALID).`;
  }
  const words = VERIFY_REASONS[code] ?? "the chain does not verify";
  return `Does not verify against ${store}: ${words} (${code}).`;
}

// ---- The probe ------------------------------------------------------------------------------

const STORE_LABEL = {
  mozilla: "Mozilla's roots",
  "d1-server-roots": "the d1-server-roots store",
} as const;

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
  const resolution = await resolve(host.host, deadline);
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

  // The first address that accepts a TCP connection, IPv4 first.
  const ordered = [...resolution.addresses].sort((a, b) => a.family - b.family);
  const tcpErrors: string[] = [];
  let chosen: Address | undefined;
  for (const candidate of ordered) {
    const ms = deadline.step();
    if (ms <= 0) {
      report.timedOut = true;
      tcpErrors.push("The probe ran out of time.");
      break;
    }
    const connected = await tcpConnect(candidate.address, target.port, ms);
    if (connected.ok) {
      chosen = candidate;
      break;
    }
    tcpErrors.push(connected.error);
    report.timedOut ||= connected.timedOut;
  }
  if (!chosen) {
    notTried(tcpErrors.join(" "));
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

  const version = (attempt: Attempt, expected: string) =>
    attempt.negotiated?.protocol === expected
      ? { ok: true, protocol: attempt.negotiated.protocol, cipher: attempt.negotiated.cipher }
      : {
          ok: false,
          ...(attempt.negotiated
            ? { protocol: attempt.negotiated.protocol, cipher: attempt.negotiated.cipher }
            : {}),
          error: attempt.error ?? "The handshake did not complete.",
        };
  report.tls12 = version(a12, "TLSv1.2");
  report.tls13 = version(a13, "TLSv1.3");

  const peer = presented.peer ?? a13.peer ?? a12.peer;
  const raws = peerChain(presented.peer ?? null);
  const certificates = await Promise.all(
    (raws.length > 0 ? raws : peerChain(peer)).map(describeCertificate),
  );
  if (certificates.length > 0) {
    const verifying = [a13, a12].find((a) => a.verify !== null);
    const store = STORE_LABEL[verifiedAgainst];
    report.chain = verifying?.verify
      ? {
          certificates,
          verified: verifying.verify.ok,
          verifiedAgainst,
          ...(verifying.verify.ok
            ? {}
            : {
                error: verifyReason(
                  verifying.verify.code,
                  host.host,
                  verifying.peer ?? peer,
                  store,
                ),
              }),
        }
      : {
          certificates,
          verified: false,
          verifiedAgainst,
          error: `The handshake stopped before the chain could be checked against ${store}.`,
        };
  }

  const attempts = [a12, a13, presented];
  report.clientCertRequired = attempts.some((a) => a.demand === "required")
    ? true
    : attempts.some((a) => a.demand === "accepted")
      ? false
      : null;
  if (sclient?.spoke) {
    report.clientCertRequested = sclient.requested || report.clientCertRequired === true;
    report.acceptableCaNames = sclient.requested ? sclient.caNames : null;
  } else {
    report.clientCertRequested = report.clientCertRequired;
  }
  if (target.direction === "outbound" && report.acceptableCaNames !== null) {
    const offered = new Set(report.acceptableCaNames.map(canonicalDn));
    const subjects = [...new Set(trust.thalesClientCaSubjects)];
    const stored = new Set(subjects.map(canonicalDn));
    report.thalesClientCaAccepted = {
      matches: subjects.filter((s) => offered.has(canonicalDn(s))),
      missing: subjects.filter((s) => !offered.has(canonicalDn(s))),
      // "Endorse only the Thales Client CA": every other CA our server names is one too many.
      extra: report.acceptableCaNames.filter((n) => !stored.has(canonicalDn(n))),
    };
  }
  return done();
}
