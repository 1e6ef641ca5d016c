// One TLS handshake with the chosen address, for one range of versions and one trust store: what
// was negotiated, whether the chain verified, whether the server demanded a client certificate.
// The probe never presents one: private keys never reach the server.
import tls from "node:tls";
import type { ProbeReport } from "./evidence";
import { codeOf, plainTlsError } from "./messages";
import { hostPort } from "./targets";

export type Attempt = {
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

export type AttemptOptions = {
  address: string;
  port: number;
  servername?: string;
  minVersion: tls.SecureVersion;
  maxVersion: tls.SecureVersion;
  ca: string[];
  ms: number;
  graceMs: number;
};

export function tlsAttempt(o: AttemptOptions): Promise<Attempt> {
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

/** What the report says of one version: agreed (with its cipher), or why not. */
export function versionEvidence(attempt: Attempt, expected: string): ProbeReport["tls12"] {
  return attempt.negotiated?.protocol === expected
    ? { ok: true, protocol: attempt.negotiated.protocol, cipher: attempt.negotiated.cipher }
    : {
        ok: false,
        ...(attempt.negotiated
          ? { protocol: attempt.negotiated.protocol, cipher: attempt.negotiated.cipher }
          : {}),
        error: attempt.error ?? "The handshake did not complete.",
      };
}

/** Whether any attempt saw a client certificate demanded; null when none got that far. */
export function clientCertDemanded(attempts: Attempt[]): boolean | null {
  return attempts.some((a) => a.demand === "required")
    ? true
    : attempts.some((a) => a.demand === "accepted")
      ? false
      : null;
}
