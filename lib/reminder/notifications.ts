import "server-only";
import type { Db } from "@/lib/db/client";

export const NOTIFICATION_PAGE_SIZE = 50;

const notificationSelect = {
  id: true,
  title: true,
  body: true,
  link: true,
  createdAt: true,
  readAt: true,
} as const;

/** A user's bell, newest first. `unreadOnly` for the dropdown's first view; `skip` for a page. */
export function listNotifications(
  db: Db,
  userId: string,
  options: { unreadOnly?: boolean; limit?: number; skip?: number } = {},
) {
  return db.notification.findMany({
    where: { userId, readAt: options.unreadOnly ? null : undefined },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: options.skip,
    take: Math.min(Math.max(options.limit ?? NOTIFICATION_PAGE_SIZE, 1), 200),
    select: notificationSelect,
  });
}

/**
 * One page of the user's notifications, newest first, with how many there are and how many are
 * unread in all: a sweep over a large fleet leaves thousands, and every one stays reachable. A
 * page past the last shows the last.
 */
export async function notificationPage(db: Db, userId: string, page: number) {
  const [total, unread] = await Promise.all([
    db.notification.count({ where: { userId } }),
    unreadCount(db, userId),
  ]);
  const pages = Math.max(1, Math.ceil(total / NOTIFICATION_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pages);
  const rows = await listNotifications(db, userId, {
    skip: (current - 1) * NOTIFICATION_PAGE_SIZE,
  });
  return { rows, total, unread, page: current, pages };
}

/**
 * The bell shows "99+" from 100 on, so it counts no further: a sweep over a large fleet leaves a
 * user thousands of unread notifications, and every signed-in page asks for the bell.
 */
export const BELL_COUNT_CAP = 100;

/**
 * The user's unread notifications, counted up to BELL_COUNT_CAP (index on userId, readAt). Plain
 * SQL, which spares Prisma's per-query compilation on every signed-in page.
 */
export async function bellCount(db: Db, userId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM notification WHERE "userId" = ${userId} AND "readAt" IS NULL
      LIMIT ${BELL_COUNT_CAP}
    ) AS unread`;
  return row!.n;
}

/** Every unread notification of the user: the notifications page and the API. */
export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [row] = await db.$queryRaw<
    { n: number }[]
  >`SELECT count(*)::int AS n FROM notification WHERE "userId" = ${userId} AND "readAt" IS NULL`;
  return row!.n;
}

/**
 * Marks some of the user's own notifications read (others' ids are ignored). Not audited: it is
 * the user's own view state, like sign-in, and acknowledging a reminder is the audited decision.
 */
export async function markRead(
  db: Db,
  userId: string,
  ids: string[],
  now = new Date(),
): Promise<number> {
  if (ids.length === 0) return 0;
  const updated = await db.notification.updateMany({
    where: { userId, id: { in: ids.slice(0, 500) }, readAt: null },
    data: { readAt: now },
  });
  return updated.count;
}

/** Marks all of the user's notifications read. */
export async function markAllRead(db: Db, userId: string, now = new Date()): Promise<number> {
  return (
    await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: now } })
  ).count;
}

/**
 * Whose bell an API caller reads: a signed-in user's own, or for an API token the user who made
 * it (tokens made with the admin CLI belong to nobody and have no notifications).
 */
export async function notificationUserOf(
  db: Db,
  actor: { type: string; id: string | null },
): Promise<string | null> {
  if (actor.type === "user") return actor.id;
  if (actor.type !== "token" || !actor.id) return null;
  const token = await db.apiToken.findUnique({
    where: { id: actor.id },
    select: { createdById: true },
  });
  return token?.createdById ?? null;
}
