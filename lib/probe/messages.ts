// What a probe says in plain words when a connection, a handshake or a chain check fails.
import tls from "node:tls";

export const codeOf = (error: unknown) => (error as { code?: string })?.code ?? "";

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

export function verifyReason(
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

export const STORE_LABEL = {
  mozilla: "Mozilla's roots",
  "d1-server-roots": "the d1-server-roots store",
} as const;
