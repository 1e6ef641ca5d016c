import "server-only";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import type { Db, Tx } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Actor } from "./actor";
import { localSignInFromEnv } from "./oidc-config";
import { insertUser, type NewUser } from "./users";

/**
 * Emergency ("break-glass") admins: local accounts that may still sign in with their password
 * when LOCAL_SIGN_IN=off. Kept as a JSON array of user ids in app_setting, set only from the
 * admin CLI. See docs/decisions/0009-single-sign-on.md.
 */
const KEY = "emergency_admins";

export const LOCAL_SIGN_IN_OFF_MESSAGE =
  "Password sign-in is turned off on this server. Use single sign-on. (Only emergency administrators may sign in with a password.)";

function parseIds(value: string | undefined): string[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return [];
  }
}

export async function emergencyAdminIds(db: Db | Tx): Promise<string[]> {
  const row = await db.appSetting.findUnique({ where: { key: KEY } });
  return parseIds(row?.value);
}

export async function isEmergencyAdmin(db: Db | Tx, userId: string): Promise<boolean> {
  return (await emergencyAdminIds(db)).includes(userId);
}

/** Reads the list under a row lock, so that concurrent changes (CLI on PostgreSQL) do not lose one. */
async function lockedIds(tx: Tx): Promise<string[]> {
  await tx.appSetting.createMany({ data: [{ key: KEY, value: "[]" }], skipDuplicates: true });
  const rows = await tx.$queryRaw<
    { value: string }[]
  >`SELECT value FROM app_setting WHERE key = ${KEY} FOR UPDATE`;
  return parseIds(rows[0]?.value);
}

async function writeIds(tx: Tx, ids: string[]) {
  await tx.appSetting.update({
    where: { key: KEY },
    data: { value: JSON.stringify([...new Set(ids)].sort()) },
  });
}

export type EmergencyResult =
  | { ok: true; email: string; changed: boolean }
  | { ok: false; message: string };

/** Flags (on) or unflags (off) an existing user. Only an admin can be an emergency admin. */
export async function setEmergencyAdmin(
  db: Db,
  actor: Actor,
  email: string,
  on: boolean,
): Promise<EmergencyResult> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: email.trim().toLowerCase() } });
    if (!user) return { ok: false as const, message: `No user with email ${email}.` };
    if (on && user.role !== "admin") {
      return {
        ok: false as const,
        message: `${user.email} is a ${user.role}; only an admin can be an emergency admin.`,
      };
    }
    if (on && !(await tx.account.count({ where: { userId: user.id, providerId: "credential" } }))) {
      return {
        ok: false as const,
        message: `${user.email} has no password. Set one first with: user reset-password --email ${user.email} --password …`,
      };
    }
    const ids = await lockedIds(tx);
    if (ids.includes(user.id) === on)
      return { ok: true as const, email: user.email, changed: false };
    await writeIds(tx, on ? [...ids, user.id] : ids.filter((id) => id !== user.id));
    await appendAudit(tx, actor, {
      action: on ? "user.emergency_admin.grant" : "user.emergency_admin.revoke",
      objectType: "user",
      objectId: user.id,
      summary: { email: user.email },
    });
    return { ok: true as const, email: user.email, changed: true };
  });
}

/** `user create --emergency`: a new admin with a password, flagged, in one transaction. */
export async function createEmergencyAdmin(db: Db, actor: Actor, input: NewUser) {
  try {
    const user = await db.$transaction(async (tx) => {
      const created = await insertUser(tx, {
        ...input,
        email: input.email.trim().toLowerCase(),
        role: "admin",
      });
      await appendAudit(tx, actor, {
        action: "user.create",
        objectType: "user",
        objectId: created.id,
        summary: { email: created.email, role: created.role, emergencyAdmin: true },
      });
      await writeIds(tx, [...(await lockedIds(tx)), created.id]);
      await appendAudit(tx, actor, {
        action: "user.emergency_admin.grant",
        objectType: "user",
        objectId: created.id,
        summary: { email: created.email },
      });
      return created;
    });
    return { ok: true as const, user };
  } catch (error) {
    if (isUniqueViolation(error))
      return { ok: false as const, message: `A user with email ${input.email} already exists.` };
    throw error;
  }
}

/**
 * Whether this email may sign in with a password now: always when LOCAL_SIGN_IN is on;
 * when off, only an emergency admin.
 */
export async function passwordSignInAllowed(
  db: Db,
  email: string,
  mode = localSignInFromEnv(),
): Promise<boolean> {
  if (mode === "on") return true;
  const user = await db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true },
  });
  return !!user && (await isEmergencyAdmin(db, user.id));
}

/**
 * better-auth plugin: with LOCAL_SIGN_IN=off, refuses `/sign-in/email` (403) before the
 * password is even checked, unless the email belongs to an emergency admin. Server-side, so
 * hiding the form is not what protects it.
 */
export function localSignInGate(getDb: () => Promise<Db>): BetterAuthPlugin {
  const mode = localSignInFromEnv();
  return {
    id: "d1-local-sign-in",
    hooks: {
      before: [
        {
          matcher: (context) => mode === "off" && context.path === "/sign-in/email",
          handler: createAuthMiddleware(async (ctx) => {
            const email = (ctx.body as { email?: unknown } | undefined)?.email;
            if (
              typeof email === "string" &&
              (await passwordSignInAllowed(await getDb(), email, mode))
            )
              return;
            throw new APIError("FORBIDDEN", {
              code: "LOCAL_SIGN_IN_DISABLED",
              message: LOCAL_SIGN_IN_OFF_MESSAGE,
            });
          }),
        },
      ],
    },
  };
}
