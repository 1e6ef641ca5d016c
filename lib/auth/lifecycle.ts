import "server-only";
import { z } from "zod";
import type { Db, Tx } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import { hasRole, ROLES, type Actor, type Role } from "./actor";
import { type EnvSource, processEnv } from "@/lib/env";

/**
 * A user's whole life after creation (PCI DSS 8.2): role changes, disabling and enabling.
 * Disabling ends every session and revokes, for good, the API tokens the user created (ADR 0017).
 * The last active admin can be neither disabled nor demoted: each change locks the rows of the
 * active admins first, so two admins demoting each other at once cannot leave zero.
 */

export type DisabledReason = "admin" | "inactive";
export type LifecycleCode = "user_not_found" | "last_admin";
export type LifecycleResult =
  | { ok: true; email: string; changed: boolean; sessionsEnded: number; tokensRevoked: number }
  | { ok: false; code: LifecycleCode; message: string };

export const userChangeSchema = z
  .object({
    role: z.enum(ROLES, { error: "Role must be viewer, operator or admin." }).optional(),
    disabled: z.boolean({ error: "disabled must be true or false." }).optional(),
  })
  .strict()
  .refine((v) => v.role !== undefined || v.disabled !== undefined, {
    error: "Send a role, disabled, or both.",
  });

const DAY_MS = 86_400_000;

/** The actor of the scheduler's inactivity sweep, as the audit trail shows it. */
export const systemActor = (): Actor => ({
  type: "system",
  id: null,
  label: "system",
  role: "admin",
});

const notFound = (who: string): LifecycleResult => ({
  ok: false,
  code: "user_not_found",
  message: `No user ${who}.`,
});
const lastAdmin = (email: string, what: string): LifecycleResult => ({
  ok: false,
  code: "last_admin",
  message: `${email} is the last active admin: ${what} would leave nobody able to manage users. Make another user admin first.`,
});

/**
 * Locks the rows of the active admins, in id order (so that two transactions never wait on each
 * other in a cycle), and returns their ids. Under READ COMMITTED, a row another transaction has
 * just demoted or disabled is re-checked once its lock is released and drops out of the answer.
 */
async function lockActiveAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "user" WHERE role = 'admin' AND "disabledAt" IS NULL ORDER BY id FOR UPDATE`;
  return rows.map((r) => r.id);
}

async function findTarget(tx: Tx, userIdOrEmail: string) {
  const key = userIdOrEmail.trim();
  return tx.user.findFirst({
    where: key.includes("@") ? { email: key.toLowerCase() } : { id: key },
  });
}

/** True when taking `user` out of the admins would leave none active. */
const isLastActiveAdmin = (
  admins: string[],
  user: { id: string; role: Role; disabledAt: Date | null },
) => user.role === "admin" && !user.disabledAt && admins.every((id) => id === user.id);

const ranked = (role: Role) => ROLES.filter((r) => !hasRole(role, r));

/** Changes a user's role (by id, or by email from the CLI). A demotion revokes the user's tokens above the new role. */
export async function setUserRole(
  db: Db,
  actor: Actor,
  userIdOrEmail: string,
  role: Role,
): Promise<LifecycleResult> {
  return db.$transaction((tx) => roleInTx(tx, actor, userIdOrEmail, role));
}

async function roleInTx(
  tx: Tx,
  actor: Actor,
  userIdOrEmail: string,
  role: Role,
): Promise<LifecycleResult> {
  const admins = await lockActiveAdmins(tx);
  const user = await findTarget(tx, userIdOrEmail);
  if (!user) return notFound(userIdOrEmail);
  if (user.role === role)
    return { ok: true, email: user.email, changed: false, sessionsEnded: 0, tokensRevoked: 0 };
  if (role !== "admin" && isLastActiveAdmin(admins, user))
    return lastAdmin(user.email, `making them ${role}`);
  await tx.user.update({ where: { id: user.id }, data: { role } });
  // A token acts with its own role: one this user made above their new role would outrank them.
  const revoked = await tx.apiToken.updateMany({
    where: { createdById: user.id, revokedAt: null, role: { in: ranked(role) } },
    data: { revokedAt: new Date() },
  });
  await appendAudit(tx, actor, {
    action: "user.role.change",
    objectType: "user",
    objectId: user.id,
    summary: { email: user.email, from: user.role, to: role, tokensRevoked: revoked.count },
  });
  return {
    ok: true,
    email: user.email,
    changed: true,
    sessionsEnded: 0,
    tokensRevoked: revoked.count,
  };
}

type DisableOptions = {
  reason?: DisabledReason;
  now?: Date;
  inactiveDays?: number;
  onlyIfInactiveSince?: Date;
};

/** Disables a user: their sessions end and their tokens are revoked in the same transaction. */
export async function disableUser(
  db: Db,
  actor: Actor,
  userIdOrEmail: string,
  options: DisableOptions = {},
): Promise<LifecycleResult> {
  return db.$transaction((tx) => disableInTx(tx, actor, userIdOrEmail, options));
}

async function disableInTx(
  tx: Tx,
  actor: Actor,
  userIdOrEmail: string,
  options: DisableOptions,
): Promise<LifecycleResult> {
  const { reason = "admin", now = new Date(), inactiveDays, onlyIfInactiveSince } = options;
  // Always the admins first, then the target: one lock order for every change, so no deadlock.
  const admins = await lockActiveAdmins(tx);
  const found = await findTarget(tx, userIdOrEmail);
  if (!found) return notFound(userIdOrEmail);
  await tx.$queryRaw`SELECT id FROM "user" WHERE id = ${found.id} FOR UPDATE`;
  const user = (await tx.user.findUnique({ where: { id: found.id } }))!;
  const unchanged: LifecycleResult = {
    ok: true,
    email: user.email,
    changed: false,
    sessionsEnded: 0,
    tokensRevoked: 0,
  };
  if (user.disabledAt) return unchanged;
  // The sweep's candidate may have signed in since it was picked: then it is left alone.
  if (onlyIfInactiveSince && !(await inactiveUserIds(tx, onlyIfInactiveSince)).includes(user.id))
    return unchanged;
  if (isLastActiveAdmin(admins, user)) return lastAdmin(user.email, "disabling them");
  // Conditional, so that concurrent disables (two admins, or two instances' sweeps) record one.
  const updated = await tx.user.updateMany({
    where: { id: user.id, disabledAt: null },
    data: { disabledAt: now, disabledReason: reason },
  });
  if (updated.count === 0) return unchanged;
  const sessions = await tx.session.deleteMany({ where: { userId: user.id } });
  const tokens = await tx.apiToken.updateMany({
    where: { createdById: user.id, revokedAt: null },
    data: { revokedAt: now },
  });
  await appendAudit(tx, actor, {
    action: "user.disable",
    objectType: "user",
    objectId: user.id,
    summary: {
      email: user.email,
      reason,
      ...(inactiveDays
        ? { inactiveDays, lastSeenAt: (user.lastSeenAt ?? user.createdAt).toISOString() }
        : {}),
      sessionsEnded: sessions.count,
      tokensRevoked: tokens.count,
    },
  });
  return {
    ok: true,
    email: user.email,
    changed: true,
    sessionsEnded: sessions.count,
    tokensRevoked: tokens.count,
  };
}

/** Enables a disabled user. The inactivity clock starts again now; revoked tokens stay revoked. */
export async function enableUser(
  db: Db,
  actor: Actor,
  userIdOrEmail: string,
  now = new Date(),
): Promise<LifecycleResult> {
  return db.$transaction((tx) => enableInTx(tx, actor, userIdOrEmail, now));
}

async function enableInTx(
  tx: Tx,
  actor: Actor,
  userIdOrEmail: string,
  now: Date,
): Promise<LifecycleResult> {
  const user = await findTarget(tx, userIdOrEmail);
  if (!user) return notFound(userIdOrEmail);
  const updated = await tx.user.updateMany({
    where: { id: user.id, disabledAt: { not: null } },
    data: { disabledAt: null, disabledReason: null, lastSeenAt: now },
  });
  if (updated.count === 0)
    return { ok: true, email: user.email, changed: false, sessionsEnded: 0, tokensRevoked: 0 };
  await appendAudit(tx, actor, {
    action: "user.enable",
    objectType: "user",
    objectId: user.id,
    summary: {
      email: user.email,
      wasDisabled: user.disabledReason ?? "admin",
      disabledAt: user.disabledAt?.toISOString() ?? null,
    },
  });
  return { ok: true, email: user.email, changed: true, sessionsEnded: 0, tokensRevoked: 0 };
}

class Refused extends Error {
  constructor(readonly result: Extract<LifecycleResult, { ok: false }>) {
    super(result.message);
  }
}

/**
 * Applies a validated REST change (role and/or disabled) in one transaction: each part audited
 * on its own, and a refused part rolls the others back, so a refusal stores nothing.
 */
export async function changeUser(
  db: Db,
  actor: Actor,
  userId: string,
  change: z.infer<typeof userChangeSchema>,
): Promise<LifecycleResult> {
  try {
    return await db.$transaction(async (tx) => {
      // Enable first and disable last: "enable as admin" and "demote and disable" both read naturally.
      const steps: (() => Promise<LifecycleResult>)[] = [];
      if (change.disabled === false) steps.push(() => enableInTx(tx, actor, userId, new Date()));
      if (change.role) steps.push(() => roleInTx(tx, actor, userId, change.role!));
      if (change.disabled === true) steps.push(() => disableInTx(tx, actor, userId, {}));
      const total = {
        ok: true as const,
        email: "",
        changed: false,
        sessionsEnded: 0,
        tokensRevoked: 0,
      };
      for (const step of steps) {
        const result = await step();
        if (!result.ok) throw new Refused(result);
        total.email = result.email;
        total.changed ||= result.changed;
        total.sessionsEnded += result.sessionsEnded;
        total.tokensRevoked += result.tokensRevoked;
      }
      return total;
    });
  } catch (error) {
    if (error instanceof Refused) return error.result;
    throw error;
  }
}

// ---- Inactivity (USER_INACTIVE_DAYS) ----

export const DEFAULT_INACTIVE_DAYS = 90;

export type InactivitySetting = { ok: true; days: number } | { ok: false; message: string };

/** USER_INACTIVE_DAYS: a whole number of days from 0 (off) to 3650; unset means 90. */
export function inactiveDaysFromEnv(env: EnvSource = processEnv()): InactivitySetting {
  const raw = env.USER_INACTIVE_DAYS?.trim();
  if (!raw) return { ok: true, days: DEFAULT_INACTIVE_DAYS };
  if (!/^\d+$/.test(raw) || Number(raw) > 3650) {
    return {
      ok: false,
      message: `USER_INACTIVE_DAYS="${raw}" must be a whole number of days from 0 (off) to 3650.`,
    };
  }
  return { ok: true, days: Number(raw) };
}

/** Who has been seen last before `cutoff`: no sign-in and no session in use since. */
async function inactiveUserIds(db: Db | Tx, cutoff: Date): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT u.id FROM "user" u
    WHERE u."disabledAt" IS NULL
      AND COALESCE(u."lastSeenAt", u."createdAt") <= ${cutoff}
      AND NOT EXISTS (SELECT 1 FROM "session" s WHERE s."userId" = u.id AND s."updatedAt" > ${cutoff})
    ORDER BY u.id`;
  return rows.map((r) => r.id);
}

export type InactivitySweep = { disabled: string[]; keptLastAdmin: string[] };

/**
 * Disables every user not seen for `days` (the scheduler calls it on each tick). Each one in its
 * own transaction, re-checked under lock there, so a sign-in that lands meanwhile wins and two
 * instances sweeping at once disable (and audit) each user once. The last active admin is kept.
 */
export async function disableInactiveUsers(
  db: Db,
  days: number,
  now = new Date(),
): Promise<InactivitySweep> {
  const result: InactivitySweep = { disabled: [], keptLastAdmin: [] };
  if (days <= 0) return result;
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  for (const id of await inactiveUserIds(db, cutoff)) {
    const outcome = await db.$transaction((tx) =>
      disableInTx(tx, systemActor(), id, {
        reason: "inactive",
        now,
        inactiveDays: days,
        onlyIfInactiveSince: cutoff,
      }),
    );
    if (outcome.ok && outcome.changed) result.disabled.push(outcome.email);
    else if (!outcome.ok && outcome.code === "last_admin") result.keptLastAdmin.push(id);
  }
  return result;
}

export { ACCOUNT_DISABLED_CODE, disabledMessage, disabledSsoCode } from "./disabled-message";

// ---- Reads ----

export type UserRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
  lastSeenAt: Date | null;
  disabledAt: Date | null;
  disabledReason: DisabledReason | null;
  /** Tokens this user made that still work (not revoked, not expired). */
  liveTokens: number;
};

/** Every user, by email, with their status and how many working API tokens they made. */
export async function listUsers(db: Db, now = new Date()): Promise<UserRow[]> {
  const [users, tokens] = await Promise.all([
    db.user.findMany({
      orderBy: { email: "asc" },
      select: {
        id: true,
        email: true,
        name: true,
        role: true,
        createdAt: true,
        lastSeenAt: true,
        disabledAt: true,
        disabledReason: true,
      },
    }),
    db.apiToken.groupBy({
      by: ["createdById"],
      where: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      _count: { _all: true },
    }),
  ]);
  const live = new Map(tokens.map((t) => [t.createdById, t._count._all]));
  return users.map((u) => ({
    ...u,
    disabledReason: (u.disabledReason as DisabledReason | null) ?? null,
    liveTokens: live.get(u.id) ?? 0,
  }));
}
