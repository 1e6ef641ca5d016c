/**
 * Checks on requests to better-auth's endpoints (app/api/auth/[...all]/route.ts) that better-auth
 * does not make the way this dashboard needs: the origin of the address actually used when
 * APP_URL is unset, a message that names APP_URL when it is set, and a small body.
 * See docs/decisions/0016-sign-in-at-the-address-used.md.
 */
import { readBodyBytes } from "@/lib/api/body";

/** Sign-in, two-factor and the other auth requests are a few hundred bytes; 8 KB is plenty. */
export const AUTH_BODY_LIMIT_BYTES = 8 * 1024;

export type Refusal = {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
};

export const bodyTooLarge = (): Refusal => ({
  status: 413,
  code: "BODY_TOO_LARGE",
  message: `The request body is larger than ${AUTH_BODY_LIMIT_BYTES / 1024} KB. Sign-in, two-factor and setup requests are small: send only the fields they need.`,
});

/** The setup page's POST, checked in proxy.ts on its declared length (the body is not read there). */
export function setupBodyRefusal(contentLength: string | null): Refusal | null {
  if (contentLength === null || !/^\d+$/.test(contentLength.trim())) {
    return {
      status: 411,
      code: "LENGTH_REQUIRED",
      message: "Send the setup form with a Content-Length header (browsers do).",
    };
  }
  return Number(contentLength) > AUTH_BODY_LIMIT_BYTES ? bodyTooLarge() : null;
}

const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

/**
 * The origin the browser used to reach this server: scheme and Host as they arrived
 * (X-Forwarded-Proto and X-Forwarded-Host only survive from a proxy listed in TRUSTED_PROXIES:
 * scripts/forwarded.mjs removes them otherwise). null when the Host is not a plain host name.
 */
export function siteOrigin(headers: Headers, requestUrl: string): string | null {
  const host = (headers.get("x-forwarded-host") ?? headers.get("host") ?? "").split(",")[0]!.trim();
  if (!HOST.test(host)) return null;
  const forwardedProto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  const scheme =
    forwardedProto === "https" || forwardedProto === "http"
      ? forwardedProto
      : new URL(requestUrl).protocol.replace(":", "");
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return null;
  }
}

/** The origin a browser says a request came from (Origin, else Referer), or null when it says nothing. */
export function claimedOrigin(headers: Headers): string | null {
  const origin = headers.get("origin");
  if (origin && origin !== "null") return origin;
  const referer = headers.get("referer");
  if (!referer) return origin === "null" ? "null" : null;
  try {
    return new URL(referer).origin;
  } catch {
    return "null";
  }
}

/**
 * A request from another origin is refused. With APP_URL set, the message names it: the usual
 * cause is a person who opened the dashboard at another address (its IP, another name).
 */
export function originRefusal(
  claimed: string | null,
  expected: string | null,
  appUrl: string | undefined,
): Refusal | null {
  if (claimed === null || (expected !== null && claimed === expected)) return null;
  if (appUrl) {
    return {
      status: 403,
      code: "INVALID_ORIGIN",
      message: `This dashboard is configured for ${expected}: open it there, or change APP_URL. (This page was opened at ${claimed}.)`,
    };
  }
  return {
    status: 403,
    code: "INVALID_ORIGIN",
    message: `This request came from ${claimed}, not from this dashboard${expected ? ` (${expected})` : ""}. Sign in on the dashboard's own page.`,
  };
}

/** APP_URL's origin, or null when it is unset or not a URL (then the address used counts). */
export function appUrlOrigin(appUrl: string | undefined): string | null {
  if (!appUrl?.trim()) return null;
  try {
    return new URL(appUrl.trim()).origin;
  } catch {
    return null;
  }
}

/** The body as text, or null once it passes `limit` bytes (read no further than that). */
export async function readBodyCapped(
  request: Request,
  limit = AUTH_BODY_LIMIT_BYTES,
): Promise<string | null> {
  const read = await readBodyBytes(request, limit);
  return read.ok ? Buffer.from(read.bytes).toString("utf8") : null;
}

/** Fields in which better-auth takes a place to send the browser afterwards. */
const CALLBACK_FIELDS = ["callbackURL", "errorCallbackURL", "newUserCallbackURL"] as const;

/**
 * The body's callback fields, each through `safe` (safeNextPath), and its email for the
 * per-account limit. JSON and forms; anything else is passed on as it is, with no email.
 */
export function prepareAuthBody(
  text: string,
  contentType: string,
  safe: (raw: unknown) => string,
): { body: string; email: string | null } {
  const emailOf = (value: unknown) => (typeof value === "string" && value.trim() ? value : null);
  if (contentType.includes("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { body: text, email: null };
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
      return { body: text, email: null };
    const record = parsed as Record<string, unknown>;
    for (const field of CALLBACK_FIELDS) if (field in record) record[field] = safe(record[field]);
    return { body: JSON.stringify(record), email: emailOf(record.email) };
  }
  if (contentType.includes("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(text);
    for (const field of CALLBACK_FIELDS)
      if (form.has(field)) form.set(field, safe(form.get(field)));
    return { body: form.toString(), email: emailOf(form.get("email")) };
  }
  return { body: text, email: null };
}

export function safeCallbackQuery(url: URL, safe: (raw: unknown) => string): URL {
  const out = new URL(url);
  for (const field of CALLBACK_FIELDS)
    if (out.searchParams.has(field)) out.searchParams.set(field, safe(out.searchParams.get(field)));
  return out;
}
