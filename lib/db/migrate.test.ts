import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { PGlite } from "@electric-sql/pglite";
import { newPglite } from "@/lib/db/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "./migrate";
import { pgliteSession, postgresSession } from "./sql-session";
import { createPostgresDatabase } from "@/lib/testing/databases";

const run = promisify(execFile);

/** Tables, columns, indexes, constraints and enums: what schema.prisma decides. */
async function describeSchema(db: PGlite): Promise<string[]> {
  const q = async (sql: string) =>
    (await db.query<Record<string, unknown>>(sql)).rows.map((r) => JSON.stringify(r));
  return [
    ...(await q(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length
                 FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
                 ORDER BY table_name, column_name`)),
    ...(await q(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
                 AND tablename <> '_prisma_migrations' ORDER BY indexname`)),
    ...(await q(`SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
                 WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
                 AND contype <> 't' ORDER BY conname`)), // constraint triggers (the change counters) have no Prisma form
    ...(await q(
      `SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY t.typname, e.enumsortorder`,
    )),
  ];
}

describe("migrations", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it("produce exactly the schema in schema.prisma (no drift)", async () => {
    const fromMigrations = newPglite();
    await migrate(pgliteSession(fromMigrations));
    const { stdout: script } = await run(process.execPath, [
      "scripts/prisma.mjs",
      "migrate",
      "diff",
      "--from-empty",
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--script",
    ]);
    const fromSchema = newPglite();
    await fromSchema.exec(script);
    const [a, b] = [await describeSchema(fromMigrations), await describeSchema(fromSchema)];
    expect(a.length).toBeGreaterThan(50);
    expect(a).toEqual(b);
  }, 60_000);

  it("apply once: a second run applies nothing, and Prisma's history table records each", async () => {
    const db = newPglite();
    const first = await migrate(pgliteSession(db));
    expect(first).toEqual(readMigrations().map((m) => m.name));
    expect(await migrate(pgliteSession(db))).toEqual([]);
    const rows = await db.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"`,
    );
    expect(rows.rows.map((r) => r.checksum).sort()).toEqual(
      readMigrations()
        .map((m) => m.checksum)
        .sort(),
    );
  });

  it("refuse to run when an applied migration was edited", async () => {
    const db = newPglite();
    await migrate(pgliteSession(db));
    const edited = readMigrations().map((m, i) =>
      i === 0 ? { ...m, checksum: "0".repeat(64) } : m,
    );
    await expect(migrate(pgliteSession(db), edited)).rejects.toThrow(
      /was edited after it was applied/,
    );
  });

  it("roll back a failing migration whole, and record nothing for it", async () => {
    const db = newPglite();
    const broken = [
      {
        name: "0001_broken",
        sql: "CREATE TABLE t (id int); SELECT * FROM no_such_table;",
        checksum: "x",
      },
    ];
    await expect(migrate(pgliteSession(db), broken)).rejects.toThrow(/0001_broken failed/);
    const tables = await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 't'`);
    expect(tables.rows).toHaveLength(0);
    const history = await db.query(`SELECT 1 FROM "_prisma_migrations"`);
    expect(history.rows).toHaveLength(0);
  });

  it("apply each migration once when two processes migrate one PostgreSQL database at the same moment", async () => {
    const { url, drop } = await createPostgresDatabase();
    cleanups.push(drop);
    const migrateOnce = () =>
      run(
        process.execPath,
        ["--conditions=react-server", "--import", "tsx", "scripts/migrate.ts"],
        { env: { ...process.env, DATABASE_URL: url } },
      );
    const results = await Promise.all([migrateOnce(), migrateOnce(), migrateOnce()]);
    for (const r of results) expect(r.stdout).toMatch(/Migrations are up to date/);
    const session = await postgresSession(url);
    const rows = await session.query<{ migration_name: string; n: string }>(
      `SELECT migration_name, count(*) AS n FROM "_prisma_migrations" GROUP BY migration_name ORDER BY migration_name`,
    );
    await session.close();
    expect(rows.map((r) => [r.migration_name, Number(r.n)])).toEqual(
      readMigrations().map((m) => [m.name, 1]),
    );
  }, 60_000);
});
