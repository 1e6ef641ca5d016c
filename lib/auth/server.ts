import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { db } from "@/lib/db/client";
import { authSecret } from "./secret";
import { sessionLifetimePlugin, sessionPolicy } from "./sessions";
import { twoFactorPlugin, twoFactorPolicyPlugin } from "./two-factor";
import { localSignInGate } from "./local-sign-in";
import { oidcPlugins } from "./oidc";
import { discardProviderTokens, PROVIDER_TOKEN_PATHS } from "./provider-tokens";
import { accountStatusPlugin } from "./account-status";
import { env } from "@/lib/env";

// Per client IP (spoofable without a trusted proxy); the per-account limit is in sign-in-throttle.ts.
export const SIGN_IN_LIMIT = { window: 60, max: 20 } as const;
// Starting single sign-on only sends the browser to the provider, which guards its own sign-in.
// better-auth's default for every /sign-in path is 3 per 10 s per address: a team behind one NAT
// address, signing in at the start of a shift, was told "Too many requests".
export const SSO_START_LIMIT = { window: 60, max: 120 } as const;

async function createAuth() {
  const prisma = await db();
  return betterAuth({
    appName: "D1 mTLS dashboard",
    baseURL: env.APP_URL || undefined,
    secret: await authSecret(prisma),
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true,
      // Accounts are made by an admin (setup page, admin CLI), never by self-service sign-up.
      disableSignUp: true,
      minPasswordLength: 12,
      maxPasswordLength: 256,
    },
    user: {
      additionalFields: {
        role: { type: "string", input: false, required: false },
        // Read with every session, so that lib/auth/session.ts refuses a disabled user's page.
        disabledAt: { type: "date", input: false, required: false },
      },
    },
    session: {
      // Idle timeout, sliding; the absolute lifetime is sessionLifetimePlugin's (lib/auth/sessions.ts).
      expiresIn: sessionPolicy().idleTimeoutSeconds,
      updateAge: sessionPolicy().updateAgeSeconds,
    },
    rateLimit: {
      enabled: true,
      // In the database, so that every instance counts the same failed sign-ins.
      storage: "database",
      window: 60,
      max: 300,
      customRules: { "/sign-in/email": SIGN_IN_LIMIT, "/sign-in/social": SSO_START_LIMIT },
    },
    advanced: {
      cookiePrefix: "d1dash",
      // Served over HTTPS: APP_URL says so, or the app terminates TLS itself (TLS_CERT_FILE).
      useSecureCookies:
        (env.APP_URL?.startsWith("https://") ?? false) || !!env.TLS_CERT_FILE?.trim(),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      ipAddress: { ipAddressHeaders: ["x-forwarded-for", "x-real-ip"] },
    },
    telemetry: { enabled: false },
    // They would hand out the provider's tokens, which are not kept (lib/auth/provider-tokens.ts).
    disabledPaths: PROVIDER_TOKEN_PATHS,
    // Single sign-on and LOCAL_SIGN_IN=off (ADR 0009); nextCookies stays last.
    plugins: [
      localSignInGate(db),
      ...oidcPlugins(db),
      discardProviderTokens(),
      twoFactorPlugin(),
      twoFactorPolicyPlugin(prisma),
      sessionLifetimePlugin(prisma),
      accountStatusPlugin(db),
      nextCookies(),
    ],
  });
}

export type Auth = Awaited<ReturnType<typeof createAuth>>;
const globalForAuth = globalThis as unknown as { d1Auth?: Promise<Auth> };

/** better-auth needs the database, which opens lazily; so the instance is made on first use. */
export function getAuth(): Promise<Auth> {
  globalForAuth.d1Auth ??= createAuth();
  globalForAuth.d1Auth.catch(() => (globalForAuth.d1Auth = undefined));
  return globalForAuth.d1Auth;
}
