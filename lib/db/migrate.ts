import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { SqlSession } from "./sql-session";

/**
 * Applies prisma/migrations in order, each once, each in its own transaction. Rows go to
 * Prisma's own `_prisma_migrations` table in Prisma's shape (checksum = SHA-256 of the file),
 * so `prisma migrate status` agrees with us. We run them ourselves because Prisma's schema
 * engine cannot migrate through our adapters offline (docs/decisions/0002-prisma-offline.md).
 * A session-level advisory lock makes instances that start together take turns.
 */
const MIGRATION_LOCK_KEY = 7_263_110_001; // any constant unique to this app

export type MigrationFile = { name: string; sql: string; checksum: string };

export function readMigrations(
  dir = path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations"),
): MigrationFile[] {
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(
        /*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"),
        "utf8",
      );
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

const CREATE_HISTORY = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export async function migrate(
  session: SqlSession,
  migrations: MigrationFile[] = readMigrations(),
): Promise<string[]> {
  await session.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
  try {
    await session.exec(CREATE_HISTORY);
    const done = await session.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const appliedByName = new Map(done.map((row) => [row.migration_name, row.checksum]));
    const applied: string[] = [];
    for (const migration of migrations) {
      const recorded = appliedByName.get(migration.name);
      if (recorded && recorded !== migration.checksum) {
        throw new Error(
          `Migration ${migration.name} was edited after it was applied (checksum differs). ` +
            `Add a new migration instead of changing an applied one.`,
        );
      }
      if (recorded) continue;
      await session.exec("BEGIN");
      try {
        await session.exec(migration.sql);
        await session.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [crypto.randomUUID(), migration.checksum, migration.name],
        );
        await session.exec("COMMIT");
      } catch (error) {
        await session.exec("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
      applied.push(migration.name);
    }
    return applied;
  } finally {
    await session.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
  }
}
