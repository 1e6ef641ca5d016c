import "server-only";
import { versionedEntriesPerDb } from "@/lib/cache/versioned";
import type { Role } from "./actor";
import type { CurrentUser } from "./session";

/**
 * Who a request is, remembered between requests: a signed-in page or an API call otherwise
 * costs three to four queries before it does anything (the session, its user, our lifetime
 * check; or the token). Entries hold while the database's `auth` version has not moved (any
 * write to users, sessions, accounts, two-factor secrets or tokens, on any instance) and for at
 * most 15 s; what a request may do is still decided on every request from the remembered role.
 * See docs/decisions/0011-versioned-read-cache.md.
 */
export const IDENTITY_CACHE_MAX_AGE_MS = 15_000;

/** Keyed by the signed session cookie as sent: only a cookie better-auth accepted is ever stored. */
export const sessionCache = versionedEntriesPerDb<{
  session: { createdAt: Date; expiresAt: Date };
  value: { user: CurrentUser; mustEnrol: boolean };
}>(IDENTITY_CACHE_MAX_AGE_MS);
/** Keyed by the token's SHA-256, as stored. */
export const tokenCache = versionedEntriesPerDb<{
  id: string;
  name: string;
  role: Role;
  revokedAt: Date | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}>(IDENTITY_CACHE_MAX_AGE_MS);

/** The session cookie of a Cookie header (with or without the __Secure- prefix), or null. */
export function sessionCookieOf(cookieHeader: string | null): string | null {
  const match = /(?:^|;\s*)((?:__Secure-)?d1dash\.session_token)=([^;]+)/.exec(cookieHeader ?? "");
  return match ? `${match[1]}=${match[2]}` : null;
}
