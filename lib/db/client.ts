import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PGliteAdapter } from "./pglite-adapter";
import { PrismaClient } from "./generated/client";
import { databaseTarget, describeTarget, type DatabaseTarget } from "./config";
import { lockDataDir } from "./lock";
import { migrate } from "./migrate";
import { keepVacuumed, openPglite } from "./pglite";
import { pgliteSession, postgresSession } from "./sql-session";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * How long an idle PostgreSQL connection stays in the pool (at most 10 of them). node-postgres
 * closes one after 10 s by default. Then the next page that reads in parallel (the overview runs
 * its queries side by side) opens new ones, and a new PostgreSQL backend's first queries load
 * its catalog caches: measured, the first overview after a change took 114 ms after 40 s idle,
 * against a median of 32 ms. Ten idle backends cost PostgreSQL a few MB each.
 */
export const POOL_IDLE_MS = 5 * 60_000;

type Opened = { prisma: PrismaClient; target: DatabaseTarget; close: () => Promise<void> };

/**
 * Opens the database once per process: locks and opens PGlite or connects to PostgreSQL, then
 * applies pending migrations. Nothing happens at import time, so `next build` never touches the
 * data directory that a running app holds.
 */
export async function openDatabase(purpose: string, target = databaseTarget()): Promise<Opened> {
  if (target.kind === "postgres") {
    const session = await postgresSession(target.url);
    try {
      await migrate(session);
    } finally {
      await session.close();
    }
    const prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: target.url, idleTimeoutMillis: POOL_IDLE_MS }),
    });
    return { prisma, target, close: () => prisma.$disconnect() };
  }
  const release = lockDataDir(target.dataDir, purpose);
  let pglite: PGlite | undefined;
  let stopStatistics = () => {};
  try {
    pglite = await openPglite(target.dataDir);
    await migrate(pgliteSession(pglite));
    stopStatistics = await keepVacuumed(pglite);
  } catch (error) {
    await pglite?.close().catch(() => {});
    release();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PGliteAdapter(pglite) });
  const close = async () => {
    stopStatistics();
    await prisma.$disconnect();
    await pglite.close();
    release();
  };
  return { prisma, target, close };
}

const globalForDb = globalThis as unknown as { d1Db?: Promise<Opened>; d1DbClosed?: boolean };

export class DatabaseClosedError extends Error {
  constructor() {
    super("The server is shutting down: the database is closed.");
    this.name = "DatabaseClosedError";
  }
}

/** The process-wide database, opened on first use. */
export function db(): Promise<PrismaClient> {
  if (globalForDb.d1DbClosed) return Promise.reject(new DatabaseClosedError());
  globalForDb.d1Db ??= openDatabase(`app server, pid ${process.pid}`).then((opened) => {
    console.info(`[db] using ${describeTarget(opened.target)}`);
    return opened;
  });
  globalForDb.d1Db.catch(() => {
    globalForDb.d1Db = undefined; // let the next request try again
  });
  return globalForDb.d1Db.then((opened) => opened.prisma);
}

/**
 * Shutdown (lib/shutdown): closes the process-wide database if it was opened (PGlite checkpoints
 * and releases the directory's lock; PostgreSQL's pool ends). Nothing reopens it afterwards.
 */
export async function closeDb(): Promise<void> {
  globalForDb.d1DbClosed = true;
  const opened = await globalForDb.d1Db?.catch(() => null);
  globalForDb.d1Db = undefined;
  await opened?.close();
}
