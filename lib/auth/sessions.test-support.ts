// A better-auth instance on a test database, configured like lib/auth/server.ts for what the
// session and two-factor tests need (same session policy, same plugins of ours), and a tiny
// cookie jar to carry its cookies between calls the way a browser would.
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import type { Db } from "@/lib/db/client";
import { sessionLifetimePlugin, type SessionPolicy } from "./sessions";
import { twoFactorPlugin, twoFactorPolicyPlugin } from "./two-factor";
import { accountStatusPlugin } from "./account-status";

export const TEST_ORIGIN = "http://localhost:3000";

export function testAuth(
  prisma: Db,
  policy: SessionPolicy,
  env: Record<string, string | undefined> = {},
) {
  return betterAuth({
    appName: "D1 mTLS dashboard",
    baseURL: TEST_ORIGIN,
    secret: "test-secret-test-secret-test-secret-0123456789",
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 12,
      maxPasswordLength: 256,
    },
    user: {
      additionalFields: {
        role: { type: "string", input: false, required: false },
        disabledAt: { type: "date", input: false, required: false },
      },
    },
    session: { expiresIn: policy.idleTimeoutSeconds, updateAge: policy.updateAgeSeconds },
    rateLimit: { enabled: false },
    advanced: { cookiePrefix: "d1dash", useSecureCookies: false },
    telemetry: { enabled: false },
    logger: { disabled: true },
    plugins: [
      twoFactorPlugin(),
      twoFactorPolicyPlugin(prisma, env),
      sessionLifetimePlugin(prisma, policy),
      accountStatusPlugin(async () => prisma),
    ],
  });
}
export type TestAuth = ReturnType<typeof testAuth>;

/** Cookies set by responses, sent back on the next requests (Max-Age=0 deletes). */
export class CookieJar {
  private cookies = new Map<string, string>();

  take(headers: Headers | null | undefined) {
    for (const line of headers?.getSetCookie() ?? []) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  has(name: string) {
    return this.cookies.has(name);
  }

  headers(): Headers {
    const headers = new Headers({ origin: TEST_ORIGIN });
    if (this.cookies.size)
      headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    return headers;
  }
}
