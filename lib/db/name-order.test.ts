// The search's name copies are kept in name order, so that a fragment that a whole gateway's names
// match reads that gateway's pages only, not every page of the copy (ADR 0030).
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { keepNamesInOrder, NAME_ORDER_MIN_PAGES } from "./name-order";
import type { SqlSession } from "./sql-session";

const GATEWAYS = 10;

/** A SqlSession over the test's Prisma client, one statement at a time. */
const sessionOf = (db: TestDatabase): SqlSession => ({
  query: (sql, params = []) => db.prisma.$queryRawUnsafe(sql, ...params),
  exec: async (sql) => void (await db.prisma.$executeRawUnsafe(sql)),
  close: async () => {},
});

/** Names as certificates are issued: every gateway in turn, so each one's are on every page. */
const issue = (db: TestDatabase, from: number, to: number) =>
  db.prisma.$executeRawUnsafe(
    `INSERT INTO certificate_name (id, name, "environmentId")
     SELECT 'c' || i, 'tlsma-ec/mgw_' || lpad((i % ${GATEWAYS})::text, 6, '0') || '/prd-' || lpad((i / ${GATEWAYS})::text, 5, '0'), 'env-' || (i % ${GATEWAYS})
       FROM generate_series(${from}, ${to - 1}) AS i`,
  );

/** The heap pages PostgreSQL reads to find the names that contain `fragment`, through the trigram index. */
async function pagesRead(db: TestDatabase, fragment: string) {
  // One transaction, so that the setting holds on the connection that runs the EXPLAIN.
  const [row] = await db.prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL enable_seqscan = off`);
    return tx.$queryRawUnsafe<{ "QUERY PLAN": unknown }[]>(
      `EXPLAIN (ANALYZE, FORMAT JSON) SELECT id FROM certificate_name WHERE name LIKE '%${fragment}%'`,
    );
  });
  const plan = (
    typeof row!["QUERY PLAN"] === "string" ? JSON.parse(row!["QUERY PLAN"]) : row!["QUERY PLAN"]
  ) as [{ Plan: Record<string, number> }];
  expect(plan[0].Plan["Node Type"]).toBe("Bitmap Heap Scan");
  return { pages: plan[0].Plan["Exact Heap Blocks"]!, rows: plan[0].Plan["Actual Rows"]! };
}

/** How many rows follow a row with a greater name, in the order they are stored. */
const outOfOrder = async (db: TestDatabase) =>
  Number(
    (
      await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM (SELECT name, lag(name) OVER (ORDER BY ctid) AS previous FROM certificate_name) s WHERE previous > name`,
      )
    )[0]!.n,
  );

const tablePages = async (db: TestDatabase) =>
  Number(
    (
      await db.prisma.$queryRawUnsafe<{ n: number }[]>(
        `SELECT relpages AS n FROM pg_class WHERE relname = 'certificate_name'`,
      )
    )[0]!.n,
  );

describe.each(DATABASE_KINDS)("the search's name copies on %s", (kind) => {
  let db: TestDatabase;
  afterEach(() => db?.drop());

  it("are put back in name order once they drift, and a gateway's fragment then reads its own pages only", async () => {
    db = await createTestDatabase(kind);
    await db.prisma.$executeRawUnsafe(
      `ALTER TABLE certificate_name SET (autovacuum_enabled = false)`,
    );
    await issue(db, 0, 30_000);
    await db.prisma.$executeRawUnsafe(`ANALYZE certificate_name`);
    const pages = await tablePages(db);
    expect(pages).toBeGreaterThanOrEqual(NAME_ORDER_MIN_PAGES);
    // mgw_000004's names all hold every trigram of `prd-0004` (the gateway id holds `0004`): 3,000
    // candidates there for 10 matches, and 10 matches in each other gateway (prd-00040 to -00049).
    const before = await pagesRead(db, "prd-0004");
    expect(before.rows).toBe(100);
    expect(before.pages).toBeGreaterThan(pages * 0.9);

    expect(await keepNamesInOrder(sessionOf(db))).toEqual(["certificate_name"]);

    expect(await outOfOrder(db)).toBe(0);
    const after = await pagesRead(db, "prd-0004");
    expect(after.rows).toBe(100);
    // Measured: 70 of 250, the gateway's 25 pages and those where other gateways' names hold 004.
    expect(after.pages).toBeLessThan(before.pages / 3);
    expect(
      Number(
        (
          await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
            `SELECT count(*) AS n FROM certificate_name`,
          )
        )[0]!.n,
      ),
    ).toBe(30_000);
    // In order now: nothing to do until a good share of new rows has come in out of order.
    expect(await keepNamesInOrder(sessionOf(db))).toEqual([]);
    await issue(db, 30_000, 31_000);
    await db.prisma.$executeRawUnsafe(`ANALYZE certificate_name`);
    expect(await keepNamesInOrder(sessionOf(db))).toEqual([]);
    await issue(db, 31_000, 45_000);
    await db.prisma.$executeRawUnsafe(`ANALYZE certificate_name`);
    expect(await keepNamesInOrder(sessionOf(db))).toEqual(["certificate_name"]);
    expect(await outOfOrder(db)).toBe(0);
  });

  it("are left alone while small or never analyzed", async () => {
    db = await createTestDatabase(kind);
    // Only this test's ANALYZE may give the copy statistics.
    await db.prisma.$executeRawUnsafe(
      `ALTER TABLE certificate_name SET (autovacuum_enabled = false)`,
    );
    await issue(db, 0, 30_000);
    expect(await keepNamesInOrder(sessionOf(db))).toEqual([]);
    await db.prisma.$executeRawUnsafe(`TRUNCATE certificate_name`);
    await issue(db, 0, 500);
    await db.prisma.$executeRawUnsafe(`ANALYZE certificate_name`);
    expect(await keepNamesInOrder(sessionOf(db))).toEqual([]);
    expect(await outOfOrder(db)).toBeGreaterThan(0);
    await issue(db, 500, 30_000);
    // The statistics still describe 500 rows on a few pages: no CLUSTER on a guess.
    expect(await keepNamesInOrder(sessionOf(db))).toEqual([]);
    await db.prisma.$executeRawUnsafe(`ANALYZE certificate_name`);
    expect(await keepNamesInOrder(sessionOf(db))).toEqual(["certificate_name"]);
  });
});
