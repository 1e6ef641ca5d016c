// OpenID Connect settings from the environment, and the group-to-role mapping.
// Pure: no database, no Next.js, so the unit tests and the server share it. See ADR 0009.
import { hasRole, ROLES, type Role } from "./actor";
import { disabledSsoMessage } from "./disabled-message";
import { type EnvSource, processEnv } from "@/lib/env";

/** better-auth's provider id: the callback is `<APP_URL>/api/auth/callback/oidc`. */
export const OIDC_PROVIDER_ID = "oidc";

export type RoleMap = {
  /** Exact (case-sensitive) group or claim value → role. */
  entries: ReadonlyMap<string, Role>;
  /** The role of `*`: for a user none of whose groups is listed. null: such a user is refused. */
  fallback: Role | null;
};

export type OidcConfig = {
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  roleClaim: string;
  roleMap: RoleMap;
  scopes: string[];
  buttonLabel: string;
};

export class OidcConfigError extends Error {
  constructor(problems: string[]) {
    super(`OpenID Connect is misconfigured:\n- ${problems.join("\n- ")}`);
    this.name = "OidcConfigError";
  }
}

/**
 * Parses OIDC_ROLE_MAP, e.g. `d1-admins=admin,d1-ops=operator,*=viewer`.
 * Entries are separated by commas, or by semicolons when the text contains one (for group
 * names with commas, such as LDAP DNs). Each entry splits at its LAST `=`, so a group name may
 * contain `=` (`CN=D1 Admins,OU=Groups=admin` with semicolons). `*` is the fallback.
 */
export function parseRoleMap(
  text: string,
): { ok: true; map: RoleMap } | { ok: false; problems: string[] } {
  const separator = text.includes(";") ? ";" : ",";
  const entries = new Map<string, Role>();
  let fallback: Role | null = null;
  const problems: string[] = [];
  for (const raw of text.split(separator)) {
    const entry = raw.trim();
    if (!entry) continue;
    const at = entry.lastIndexOf("=");
    if (at < 0) {
      problems.push(`OIDC_ROLE_MAP entry "${entry}" has no "=": write group=role.`);
      continue;
    }
    const group = entry.slice(0, at).trim();
    const role = entry
      .slice(at + 1)
      .trim()
      .toLowerCase();
    if (!group) {
      problems.push(`OIDC_ROLE_MAP entry "${entry}" has no group before "=".`);
      continue;
    }
    if (!(ROLES as readonly string[]).includes(role)) {
      problems.push(
        `OIDC_ROLE_MAP entry "${entry}": the role must be viewer, operator or admin, not "${role}".`,
      );
      continue;
    }
    if (group === "*") {
      if (fallback) problems.push(`OIDC_ROLE_MAP lists "*" twice.`);
      fallback = role as Role;
    } else if (entries.has(group)) {
      problems.push(`OIDC_ROLE_MAP lists the group "${group}" twice.`);
    } else {
      entries.set(group, role as Role);
    }
  }
  if (problems.length === 0 && entries.size === 0 && !fallback) {
    problems.push(
      `OIDC_ROLE_MAP maps nothing: write group=role pairs, e.g. "d1-admins=admin,d1-ops=operator,*=viewer".`,
    );
  }
  return problems.length ? { ok: false, problems } : { ok: true, map: { entries, fallback } };
}

/**
 * The values of the role claim: `groups` as an exact key first (Entra ID, Okta, Keycloak's
 * group mapper), then as a dotted path (`realm_access.roles`). A string is one value.
 */
export function claimValues(claims: Record<string, unknown>, claim: string): string[] {
  let value: unknown = claims[claim];
  if (value === undefined && claim.includes(".")) {
    value = claim
      .split(".")
      .reduce<unknown>(
        (at, key) =>
          at && typeof at === "object" ? (at as Record<string, unknown>)[key] : undefined,
        claims,
      );
  }
  if (typeof value === "string" || typeof value === "number") return [String(value)];
  if (Array.isArray(value))
    return value.filter((v) => typeof v === "string" || typeof v === "number").map(String);
  return [];
}

export type RoleDecision =
  | { role: Role; matched: string; values: string[] }
  | { role: null; matched: null; values: string[] };

/** The highest role among the user's listed groups; else the `*` role; else none (refused). */
export function roleFor(map: RoleMap, values: string[]): RoleDecision {
  let best: { role: Role; matched: string } | null = null;
  for (const value of values) {
    const role = map.entries.get(value);
    if (role && (!best || (hasRole(role, best.role) && role !== best.role)))
      best = { role, matched: value };
  }
  if (best) return { ...best, values };
  if (map.fallback) return { role: map.fallback, matched: "*", values };
  return { role: null, matched: null, values };
}

const isLoopback = (host: string) =>
  host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);

/** null when OpenID Connect is not configured (no OIDC_* variable set). Throws on a bad setting. */
export function oidcConfigFromEnv(env: EnvSource = processEnv()): OidcConfig | null {
  const get = (name: string) => env[name]?.trim() ?? "";
  const names = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_ROLE_MAP"];
  if (names.every((name) => !get(name))) return null;
  const problems: string[] = [];
  for (const name of names)
    if (!get(name))
      problems.push(
        `${name} is not set (SSO needs OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_ROLE_MAP).`,
      );

  let issuer = get("OIDC_ISSUER").replace(/\/+$/, "");
  if (issuer) {
    try {
      const url = new URL(issuer);
      if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
        problems.push(
          `OIDC_ISSUER must be an https:// URL (plain http only on loopback), not "${issuer}".`,
        );
      }
      if (url.search || url.hash)
        problems.push(`OIDC_ISSUER must not have a query or fragment: "${issuer}".`);
    } catch {
      problems.push(`OIDC_ISSUER is not a URL: "${issuer}".`);
      issuer = "";
    }
  }
  const roleClaim = get("OIDC_ROLE_CLAIM") || "groups";
  const parsedMap = get("OIDC_ROLE_MAP") ? parseRoleMap(get("OIDC_ROLE_MAP")) : null;
  if (parsedMap && !parsedMap.ok) problems.push(...parsedMap.problems);
  const scopes = (get("OIDC_SCOPES") || "openid email profile").split(/[\s,]+/).filter(Boolean);
  if (!scopes.includes("openid")) scopes.unshift("openid");
  if (problems.length) throw new OidcConfigError(problems);
  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    clientId: get("OIDC_CLIENT_ID"),
    clientSecret: get("OIDC_CLIENT_SECRET"),
    roleClaim,
    roleMap: (parsedMap as { ok: true; map: RoleMap }).map,
    scopes,
    buttonLabel: get("OIDC_BUTTON_LABEL") || "Sign in with SSO",
  };
}

/** LOCAL_SIGN_IN: `off` refuses email/password sign-in except for emergency admins. */
export function localSignInFromEnv(env: EnvSource = processEnv()): "on" | "off" {
  const value = env.LOCAL_SIGN_IN?.trim().toLowerCase() ?? "";
  if (["", "on", "true", "1", "yes"].includes(value)) return "on";
  if (["off", "false", "0", "no"].includes(value)) return "off";
  throw new Error(`LOCAL_SIGN_IN must be "on" or "off", not "${env.LOCAL_SIGN_IN}".`);
}

/** What the sign-in page says when single sign-on sends the browser back with `?error=<code>`. */
export function ssoErrorMessage(code: string): string {
  const disabled = disabledSsoMessage(code);
  if (disabled) return disabled;
  switch (code) {
    case "oidc_no_role":
      return "Single sign-on worked, but your account at the identity provider is in no group that gives access to this dashboard. Ask an administrator to add you to one.";
    case "oidc_setup_pending":
      return "This server is not set up yet. Its operator must first create the first administrator at /setup with the code from the server log.";
    case "oidc_emergency_account":
      return "This email belongs to an emergency administrator account, which signs in with its password only, not with single sign-on.";
    case "account_not_linked":
      return "A local account with this email already exists, and the identity provider did not confirm the email address, so single sign-on was not linked to it. Ask an administrator.";
    case "access_denied":
      return "Single sign-on was cancelled at the identity provider.";
    default:
      return `Single sign-on failed (${code.replace(/[^A-Za-z0-9_.-]/g, "").slice(0, 60) || "unknown error"}). Try again, or ask an administrator to check the server log.`;
  }
}
