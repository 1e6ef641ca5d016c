/**
 * better-auth writes the otpauth:// query with URLSearchParams, so the issuer's spaces become
 * "+", which some authenticator apps show as is ("D1+mTLS+dashboard"). Key URI format wants
 * RFC 3986 percent-encoding: this rewrites the query that way. Runs in the browser too.
 */
export function normaliseOtpauthUri(uri: string): string {
  const match = /^(otpauth:\/\/[^?]*)\?(.*)$/.exec(uri);
  if (!match) return uri;
  const params = new URLSearchParams(match[2]);
  const query = [...params]
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  return `${match[1]}?${query}`;
}

/** The base32 secret of an otpauth:// URI, to type into an authenticator app by hand. */
export function otpauthSecret(uri: string): string {
  const match = /^otpauth:\/\/[^?]*\?(.*)$/.exec(uri);
  return match ? (new URLSearchParams(match[1]).get("secret") ?? "") : "";
}
