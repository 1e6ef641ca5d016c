import "server-only";
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import type { Db } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "./actor";
import { type EnvSource, processEnv } from "@/lib/env";

/**
 * How long a browser session lives.
 * - idle timeout: better-auth's `expiresIn`. Each use pushes the expiry forward (sliding), at
 *   most once per `updateAgeSeconds` (a tenth of the timeout, at most an hour) to spare writes.
 * - absolute lifetime: ours. A session older than this (from its `createdAt`) is refused and
 *   deleted however recently it was used; the user signs in again.
 */
export type SessionPolicy = {
  idleTimeoutSeconds: number;
  updateAgeSeconds: number;
  absoluteLifetimeSeconds: number;
};

const DAY = 24 * 3600;
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 7 * DAY;
export const DEFAULT_ABSOLUTE_LIFETIME_SECONDS = 30 * DAY;

const warned = new Set<string>();
function seconds(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value > 0) return value;
  if (!warned.has(name)) {
    warned.add(name);
    console.warn(
      `[auth] ${name}="${raw}" is not a whole number of seconds above 0; using ${fallback}.`,
    );
  }
  return fallback;
}

/** Reads SESSION_IDLE_TIMEOUT_SECONDS (or the older SESSION_MAX_AGE_SECONDS) and SESSION_ABSOLUTE_LIFETIME_SECONDS. */
export function sessionPolicy(env: EnvSource = processEnv()): SessionPolicy {
  const legacy = seconds(env, "SESSION_MAX_AGE_SECONDS", DEFAULT_IDLE_TIMEOUT_SECONDS);
  const idleTimeoutSeconds = seconds(env, "SESSION_IDLE_TIMEOUT_SECONDS", legacy);
  return {
    idleTimeoutSeconds,
    updateAgeSeconds: Math.min(3600, Math.max(1, Math.floor(idleTimeoutSeconds / 10))),
    absoluteLifetimeSeconds: seconds(
      env,
      "SESSION_ABSOLUTE_LIFETIME_SECONDS",
      DEFAULT_ABSOLUTE_LIFETIME_SECONDS,
    ),
  };
}

/** Sessions created at or before this instant are past their absolute lifetime. */
export const absoluteCutoff = (now: Date, policy: SessionPolicy) =>
  new Date(now.getTime() - policy.absoluteLifetimeSeconds * 1000);

/** Why a session is over at `now` ("idle": unused too long; "absolute": too old), or null while it is valid. */
export function sessionEnded(
  session: { createdAt: Date; expiresAt: Date },
  now: Date,
  policy: SessionPolicy,
): "idle" | "absolute" | null {
  if (session.createdAt.getTime() <= absoluteCutoff(now, policy).getTime()) return "absolute";
  if (session.expiresAt.getTime() <= now.getTime()) return "idle";
  return null;
}

/** When the session ends at the latest if it stays in use: the earlier of its idle expiry and its absolute end. */
export function sessionEndsBy(
  session: { createdAt: Date; expiresAt: Date },
  policy: SessionPolicy,
): Date {
  const absolute = session.createdAt.getTime() + policy.absoluteLifetimeSeconds * 1000;
  return new Date(Math.min(absolute, session.expiresAt.getTime()));
}

/** Deletes the session with this token if it is past its absolute lifetime; true when it did. One statement. */
export async function endSessionIfTooOld(
  db: Db,
  token: string,
  now: Date,
  policy: SessionPolicy,
): Promise<boolean> {
  const deleted = await db.session.deleteMany({
    where: { token, createdAt: { lte: absoluteCutoff(now, policy) } },
  });
  return deleted.count > 0;
}

export type SessionRow = {
  id: string;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: Date;
  /** Updated when the expiry slides forward, so accurate to `updateAgeSeconds`. */
  lastActiveAt: Date;
  endsBy: Date;
  current: boolean;
};

/** The user's live sessions, most recently active first. */
export async function listSessions(
  db: Db,
  userId: string,
  currentSessionId: string | null,
  now: Date,
  policy: SessionPolicy,
): Promise<SessionRow[]> {
  const rows = await db.session.findMany({
    where: { userId, expiresAt: { gt: now }, createdAt: { gt: absoluteCutoff(now, policy) } },
    orderBy: [{ updatedAt: "desc" }, { createdAt: "desc" }],
    take: 200,
  });
  return rows.map((s) => ({
    id: s.id,
    userAgent: s.userAgent || null,
    ipAddress: s.ipAddress || null,
    createdAt: s.createdAt,
    lastActiveAt: s.updatedAt,
    endsBy: sessionEndsBy(s, policy),
    current: s.id === currentSessionId,
  }));
}

export type RevokeResult = { ok: true; revoked: number } | { ok: false; message: string };

/** Ends one of the actor's own sessions (by id, never by token). */
export async function revokeSession(
  db: Db,
  actor: Actor,
  userId: string,
  sessionId: string,
): Promise<RevokeResult> {
  return db.$transaction(async (tx) => {
    const session = await tx.session.findFirst({ where: { id: sessionId, userId } });
    if (!session) return { ok: false as const, message: "That session has already ended." };
    await tx.session.delete({ where: { id: session.id } });
    await appendAudit(tx, actor, {
      action: "session.revoke",
      objectType: "session",
      objectId: session.id,
      summary: {
        userId,
        userAgent: session.userAgent || null,
        ipAddress: session.ipAddress || null,
        createdAt: session.createdAt.toISOString(),
      },
    });
    return { ok: true as const, revoked: 1 };
  });
}

/** Ends every session of the user except `keepSessionId`. */
export async function revokeOtherSessions(
  db: Db,
  actor: Actor,
  userId: string,
  keepSessionId: string,
): Promise<RevokeResult> {
  return db.$transaction(async (tx) => {
    const ended = await tx.session.deleteMany({ where: { userId, id: { not: keepSessionId } } });
    if (ended.count > 0) {
      await appendAudit(tx, actor, {
        action: "session.revoke_others",
        objectType: "user",
        objectId: userId,
        summary: { sessionsEnded: ended.count },
      });
    }
    return { ok: true as const, revoked: ended.count };
  });
}

/**
 * Enforces the absolute lifetime on better-auth's own endpoints too (/api/auth/*, and
 * auth.api.getSession on the server): before any of them runs, a session cookie whose session
 * is too old has its session deleted, so better-auth then sees no session.
 */
export function sessionLifetimePlugin(prisma: Db, policy: SessionPolicy = sessionPolicy()) {
  return {
    id: "d1-session-lifetime",
    hooks: {
      before: [
        {
          matcher: () => true,
          handler: createAuthMiddleware(async (ctx) => {
            const token = await ctx.getSignedCookie(
              ctx.context.authCookies.sessionToken.name,
              ctx.context.secret,
            );
            if (token) await endSessionIfTooOld(prisma, token, new Date(), policy);
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
