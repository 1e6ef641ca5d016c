import "server-only";
import crypto from "node:crypto";
import type { Db } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";

const TOKEN_PREFIX = "d1c_";
// 256 random bits: a plain SHA-256 is enough to store (no slow hash needed), as for API tokens.
const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");
const TOKEN_SHAPE = /^d1c_[A-Za-z0-9_-]{43}$/;

export const calendarFeedPath = (token: string) => `/api/calendar/${token}.ics`;

type FeedResult =
  | { ok: true; path: string }
  | { ok: false; code: "forbidden" | "not_found"; message: string };

// The user, an admin, or the operator's own CLI; an API token below admin manages no one's feed.
const mayManage = (actor: Actor, userId: string) =>
  actor.type === "cli" ||
  actor.type === "system" ||
  actor.role === "admin" ||
  (actor.type === "user" && actor.id === userId);

/**
 * Makes the user's secret calendar URL and returns its path once (only the hash is kept). A new
 * one replaces the old, so making one is also how a leaked URL is revoked. Audited.
 */
export async function createCalendarFeed(
  db: Db,
  actor: Actor,
  userId: string,
): Promise<FeedResult> {
  if (!mayManage(actor, userId))
    return {
      ok: false,
      code: "forbidden",
      message: "Only the user, or an admin, manages a user's calendar feed.",
    };
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
    if (!user) return { ok: false, code: "not_found", message: "No such user." } as const;
    const replaced = await tx.calendarFeed.deleteMany({ where: { userId } });
    await tx.calendarFeed.create({ data: { userId, tokenHash: hashToken(token) } });
    await appendAudit(tx, actor, {
      action: "calendar-feed.create",
      objectType: "user",
      objectId: userId,
      summary: { email: user.email, replacedPrevious: replaced.count > 0 },
    });
    return { ok: true, path: calendarFeedPath(token) } as const;
  });
}

/** Ends the user's calendar URL; returns false when there was none. Audited when one ends. */
export async function revokeCalendarFeed(
  db: Db,
  actor: Actor,
  userId: string,
): Promise<{ ok: true; revoked: boolean } | { ok: false; code: "forbidden"; message: string }> {
  if (!mayManage(actor, userId))
    return {
      ok: false,
      code: "forbidden",
      message: "Only the user, or an admin, manages a user's calendar feed.",
    };
  return db.$transaction(async (tx) => {
    const removed = await tx.calendarFeed.deleteMany({ where: { userId } });
    if (removed.count === 0) return { ok: true, revoked: false } as const;
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
    await appendAudit(tx, actor, {
      action: "calendar-feed.revoke",
      objectType: "user",
      objectId: userId,
      summary: { email: user?.email ?? null },
    });
    return { ok: true, revoked: true } as const;
  });
}

/** Whether the user has a feed, and since when (the URL itself cannot be shown again). */
export function calendarFeedInfo(db: Db, userId: string) {
  return db.calendarFeed.findUnique({ where: { userId }, select: { createdAt: true } });
}

/** The user behind a feed URL's token, or null for anything that is not a live feed. */
export async function userForCalendarToken(db: Db, token: string): Promise<string | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const feed = await db.calendarFeed.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { userId: true },
  });
  return feed?.userId ?? null;
}
