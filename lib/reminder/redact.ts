/**
 * Keeps secrets out of logs and out of the delivery log. Slack and Teams webhook URLs carry
 * their secret in the path or the query, and SMTP_URL carries a password: show only the origin.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === "/" && !u.search ? "" : "/…"}`;
  } catch {
    return "(unparseable URL)";
  }
}

/** Removes every given secret (and its URL-encoded form) from a message. */
export function scrub(message: string, secrets: (string | null | undefined)[]): string {
  let out = message;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)]))
      out = out.split(form).join("[redacted]");
  }
  return out.slice(0, 1000);
}
