import "server-only";
import crypto from "node:crypto";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { twoFactor } from "better-auth/plugins/two-factor";
import type { Db } from "@/lib/db/client";
import { appendAudit, type AuditEntry } from "@/lib/audit/append";
import { ROLES, type Actor, type Role } from "./actor";
import { type EnvSource, processEnv } from "@/lib/env";

/** The name authenticator apps show next to the account. */
export const TWO_FACTOR_ISSUER = "D1 mTLS dashboard";
/** Where an admin who must enrol is held (outside the signed-in layout, which would redirect it). */
export const TWO_FACTOR_SETUP_PATH = "/two-factor-setup";

/** REQUIRE_ADMIN_2FA=true: an admin with a password account must use two-factor sign-in. */
export function adminTwoFactorRequired(env: EnvSource = processEnv()): boolean {
  return /^(true|1|yes|on)$/i.test(env.REQUIRE_ADMIN_2FA?.trim() ?? "");
}

export const hasPasswordAccount = async (db: Db, userId: string) =>
  (await db.account.count({ where: { userId, providerId: "credential" } })) > 0;

/**
 * Whether this user may do nothing but enrol: REQUIRE_ADMIN_2FA is on, they are an admin, and
 * two-factor sign-in is off. Only local (password) accounts: a single sign-on admin gets the
 * second factor from the identity provider and could not enrol here anyway.
 */
export async function mustEnrolTwoFactor(
  db: Db,
  user: { id: string; role: Role; twoFactorEnabled: boolean },
  env: EnvSource = processEnv(),
): Promise<boolean> {
  if (!adminTwoFactorRequired(env) || user.role !== "admin" || user.twoFactorEnabled) return false;
  return hasPasswordAccount(db, user.id);
}

export type TwoFactorStatus = { enabled: boolean; setupPending: boolean };

export async function twoFactorStatus(db: Db, userId: string): Promise<TwoFactorStatus> {
  const [user, row] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { twoFactorEnabled: true } }),
    db.twoFactor.findFirst({ where: { userId }, select: { verified: true } }),
  ]);
  const enabled = user?.twoFactorEnabled === true;
  return { enabled, setupPending: !enabled && row?.verified === false };
}

/** better-auth's TOTP (6 digits, 30 s) with 10 recovery codes, stored encrypted. */
export function twoFactorPlugin() {
  return twoFactor({
    issuer: TWO_FACTOR_ISSUER,
    backupCodeOptions: { amount: 10, length: 10, storeBackupCodes: "encrypted" },
  });
}

type SessionUser = { id: string; email: string; role?: unknown; twoFactorEnabled?: boolean | null };

const actorOfUser = (user: SessionUser): Actor => ({
  type: "user",
  id: user.id,
  label: user.email,
  role: (ROLES as readonly unknown[]).includes(user.role) ? (user.role as Role) : "viewer",
});

async function audit(
  prisma: Db,
  user: SessionUser,
  entry: Omit<AuditEntry, "objectType" | "objectId">,
) {
  try {
    await prisma.$transaction((tx) =>
      appendAudit(tx, actorOfUser(user), { ...entry, objectType: "user", objectId: user.id }),
    );
  } catch (error) {
    // better-auth has already made the change; say loudly that its record is missing.
    console.error(`[audit] could not record ${entry.action} for user ${user.id}`, error);
  }
}

const succeeded = (returned: unknown) =>
  returned !== undefined &&
  !isAPIError(returned) &&
  !(returned instanceof Response && !returned.ok);
const userInResponse = (returned: unknown): SessionUser | null => {
  const user = (returned as { user?: SessionUser } | null)?.user;
  return user && typeof user.id === "string" && typeof user.email === "string" ? user : null;
};

/**
 * A TOTP code is valid for up to 90 seconds (its own 30 s step and one on each side). Once one
 * has been accepted, it is remembered that long and refused again (RFC 6238, section 5.2), so a
 * code seen over a shoulder or phished cannot be replayed. Kept in the verification table.
 */
const USED_CODE_TTL_MS = 90_000;
const usedCodeKey = (userId: string, code: string) => `totp-used:${userId}:${code}`;

/** Whose code this is: the signed-in user's, or (mid sign-in) the user of the pending two-factor cookie. */
async function totpUserId(
  prisma: Db,
  ctx: Parameters<Parameters<typeof createAuthMiddleware>[0]>[0],
): Promise<string | null> {
  const session = await getSessionFromCtx(ctx);
  if (session) return session.user.id;
  const pending = await ctx.getSignedCookie(
    ctx.context.createAuthCookie("two_factor").name,
    ctx.context.secret,
  );
  if (!pending) return null;
  const row = await prisma.verification.findFirst({
    where: { identifier: pending, expiresAt: { gt: new Date() } },
  });
  return row?.value ?? null;
}

const REMEMBER_DEVICE_PATHS = new Set([
  "/two-factor/verify-totp",
  "/two-factor/verify-backup-code",
  "/two-factor/verify-otp",
]);

/**
 * Our rules around better-auth's two-factor endpoints:
 * - every change is appended to the audit trail (setup started, enabled, disabled, recovery codes
 *   replaced, a recovery code used to sign in), whoever calls the endpoint;
 * - no "remember this device": a code is asked at every sign-in;
 * - with REQUIRE_ADMIN_2FA, an admin cannot turn it off.
 */
export function twoFactorPolicyPlugin(prisma: Db, env: EnvSource = processEnv()) {
  return {
    id: "d1-two-factor-policy",
    hooks: {
      before: [
        {
          matcher: (ctx) => REMEMBER_DEVICE_PATHS.has(ctx.path ?? ""),
          handler: createAuthMiddleware(async (ctx) => {
            if ((ctx.body as { trustDevice?: unknown } | undefined)?.trustDevice) {
              throw new APIError("BAD_REQUEST", {
                code: "TRUST_DEVICE_DISABLED",
                message: "This app does not remember devices: a code is needed at every sign-in.",
              });
            }
          }),
        },
        {
          matcher: (ctx) => ctx.path === "/two-factor/verify-totp",
          handler: createAuthMiddleware(async (ctx) => {
            const code = (ctx.body as { code?: unknown } | undefined)?.code;
            if (typeof code !== "string") return;
            const userId = await totpUserId(prisma, ctx);
            if (!userId) return;
            const used = await prisma.verification.findFirst({
              where: { identifier: usedCodeKey(userId, code), expiresAt: { gt: new Date() } },
            });
            if (used) {
              throw new APIError("UNAUTHORIZED", {
                code: "TOTP_CODE_ALREADY_USED",
                message:
                  "That code was already used. Wait for the next code from your authenticator app.",
              });
            }
          }),
        },
        {
          matcher: (ctx) => ctx.path === "/two-factor/disable",
          handler: createAuthMiddleware(async (ctx) => {
            const session = await getSessionFromCtx(ctx);
            if (!session) return;
            const user = session.user as SessionUser;
            if (adminTwoFactorRequired(env) && user.role === "admin") {
              throw new APIError("FORBIDDEN", {
                code: "ADMIN_TWO_FACTOR_REQUIRED",
                message:
                  "Two-factor sign-in is required for administrators on this server (REQUIRE_ADMIN_2FA), so it cannot be turned off.",
              });
            }
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => (ctx.path ?? "").startsWith("/two-factor/"),
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            if (!succeeded(returned)) return;
            // The session as it was looked up before the endpoint changed anything.
            const signedIn = ctx.context.session?.session
              ? (ctx.context.session.user as SessionUser)
              : null;
            switch (ctx.path) {
              case "/two-factor/enable":
                if (signedIn)
                  await audit(prisma, signedIn, {
                    action: "user.two_factor.setup_started",
                    summary: { email: signedIn.email },
                  });
                break;
              case "/two-factor/verify-totp": {
                const user = signedIn ?? userInResponse(returned);
                const code = (ctx.body as { code?: unknown } | undefined)?.code;
                if (user && typeof code === "string") {
                  const now = Date.now();
                  await prisma.verification.deleteMany({
                    where: {
                      identifier: { startsWith: "totp-used:" },
                      expiresAt: { lte: new Date(now) },
                    },
                  });
                  await prisma.verification.create({
                    data: {
                      id: crypto.randomUUID(),
                      identifier: usedCodeKey(user.id, code),
                      value: user.id,
                      expiresAt: new Date(now + USED_CODE_TTL_MS),
                    },
                  });
                }
                // With a session, this confirms a new authenticator; without one, it is a sign-in.
                if (signedIn && signedIn.twoFactorEnabled !== true) {
                  await audit(prisma, signedIn, {
                    action: "user.two_factor.enable",
                    summary: { email: signedIn.email, method: "totp" },
                  });
                }
                break;
              }
              case "/two-factor/disable":
                if (signedIn)
                  await audit(prisma, signedIn, {
                    action: "user.two_factor.disable",
                    summary: { email: signedIn.email },
                  });
                break;
              case "/two-factor/generate-backup-codes":
                if (signedIn)
                  await audit(prisma, signedIn, {
                    action: "user.two_factor.recovery_codes_replaced",
                    summary: { email: signedIn.email },
                  });
                break;
              case "/two-factor/verify-backup-code": {
                const user = signedIn ?? userInResponse(returned);
                if (user)
                  await audit(prisma, user, {
                    action: "user.two_factor.recovery_code_used",
                    summary: { email: user.email, signIn: !signedIn },
                  });
                break;
              }
            }
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}

/**
 * For a user locked out of their second factor (admin CLI): turns two-factor sign-in off,
 * deletes the secret, recovery codes, pending sign-in challenges and remembered devices, and
 * ends all their sessions. They sign in with the password alone and can enrol again.
 */
export async function resetTwoFactor(db: Db, actor: Actor, email: string) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: email.trim().toLowerCase() } });
    if (!user) return { ok: false as const, message: `No user with email ${email}.` };
    const removed = await tx.twoFactor.deleteMany({ where: { userId: user.id } });
    await tx.user.update({ where: { id: user.id }, data: { twoFactorEnabled: false } });
    await tx.verification.deleteMany({
      where: {
        value: user.id,
        OR: ["2fa-", "trust-device-", "totp-used:"].map((prefix) => ({
          identifier: { startsWith: prefix },
        })),
      },
    });
    const ended = await tx.session.deleteMany({ where: { userId: user.id } });
    await appendAudit(tx, actor, {
      action: "user.two_factor.reset",
      objectType: "user",
      objectId: user.id,
      summary: {
        email: user.email,
        wasEnabled: user.twoFactorEnabled === true,
        secretsRemoved: removed.count,
        sessionsEnded: ended.count,
      },
    });
    return { ok: true as const, user, wasEnabled: user.twoFactorEnabled === true };
  });
}
