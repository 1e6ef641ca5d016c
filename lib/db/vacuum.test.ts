// PGlite has no autovacuum: the app vacuums and analyzes it at open and then on a timer, or every
// plan is made for one-row tables and the trigram indexes' pending lists only ever grow.
import { describe, expect, it, vi } from "vitest";
import { migrate } from "./migrate";
import { keepVacuumed, newPglite, PGLITE_STATISTICS_TARGET } from "./pglite";
import { pgliteSession } from "./sql-session";

const estimatedRows = async (db: ReturnType<typeof newPglite>) =>
  Number(
    (await db.query<{ n: number }>(`SELECT reltuples AS n FROM pg_class WHERE relname = 'items'`))
      .rows[0]!.n,
  );
/** Merges a GIN index's pending list into the index and says how many pages it held (0: none). */
const pendingPages = async (db: ReturnType<typeof newPglite>, index: string) =>
  Number(
    (await db.query<{ n: number }>(`SELECT gin_clean_pending_list('${index}'::regclass) AS n`))
      .rows[0]!.n,
  );

/** 20,000 CSR names as they are issued, every gateway in turn: out of name order. */
const issueCsrNames = (db: ReturnType<typeof newPglite>) =>
  db.exec(`INSERT INTO csr_name (id, name, "environmentId")
           SELECT 'r' || i, 'tlsma-ec/mgw_' || lpad((i % 10)::text, 6, '0') || '/ppr-' || i, 'env-' || (i % 10)
             FROM generate_series(1, 20000) AS i`);

describe("vacuum and statistics on PGlite", () => {
  it("are done at open and again on the interval", async () => {
    const db = newPglite();
    try {
      await db.exec(
        `CREATE TABLE items (id int); INSERT INTO items SELECT generate_series(1, 5000);`,
      );
      expect(await estimatedRows(db)).toBeLessThan(1); // never analyzed: the planner knows nothing
      const stop = await keepVacuumed(db, 200);
      expect(await estimatedRows(db)).toBe(5000);
      const plan = (await db.query<{ "QUERY PLAN": string }>(`EXPLAIN SELECT * FROM items`))
        .rows[0]!["QUERY PLAN"];
      expect(plan).toMatch(/rows=5000\b/);
      await db.exec(`INSERT INTO items SELECT generate_series(1, 3000);`);
      await expect.poll(() => estimatedRows(db), { timeout: 5000 }).toBe(8000);
      stop();
    } finally {
      await db.close();
    }
  });

  it("sample at most 3,000 rows a table, so that ANALYZE does not grow the WebAssembly memory for good", async () => {
    const db = newPglite();
    try {
      await db.exec(
        `CREATE TABLE items (id int); INSERT INTO items SELECT generate_series(1, 20000);`,
      );
      const stop = await keepVacuumed(db, 60_000);
      stop();
      const { rows } = await db.query<{ buckets: number }>(
        `SELECT array_length(histogram_bounds::text::int[], 1) AS buckets FROM pg_stats WHERE tablename = 'items' AND attname = 'id'`,
      );
      // 10 buckets (11 bounds) at PGLITE_STATISTICS_TARGET; PostgreSQL's default would give 101.
      expect(rows[0]!.buckets).toBe(PGLITE_STATISTICS_TARGET + 1);
    } finally {
      await db.close();
    }
  });

  it("merge what was inserted into a trigram index's pending list, which searches would otherwise scan", async () => {
    const db = newPglite();
    try {
      await db.exec(`CREATE EXTENSION pg_trgm;`);
      for (const table of ["names", "control"]) {
        await db.exec(`CREATE TABLE ${table} (cn text); CREATE INDEX ${table}_trgm ON ${table} USING GIN (cn gin_trgm_ops);
                       INSERT INTO ${table} SELECT 'TLSMA-EC/MGW_' || lpad(i::text, 6, '0') || '/PRD' FROM generate_series(1, 3000) i;`);
      }
      expect(await pendingPages(db, "control_trgm")).toBeGreaterThan(0); // inserts wait in the pending list
      const stop = await keepVacuumed(db, 60_000);
      stop();
      expect(await pendingPages(db, "names_trgm")).toBe(0); // merged at open
    } finally {
      await db.close();
    }
  });

  it("put the search's name copies back in name order at open", async () => {
    const db = newPglite();
    try {
      await migrate(pgliteSession(db));
      await issueCsrNames(db);
      const firstNames = async () =>
        (
          await db.query<{ name: string }>(`SELECT name FROM csr_name ORDER BY ctid LIMIT 3`)
        ).rows.map((r) => r.name);
      expect(await firstNames()).toEqual([
        "tlsma-ec/mgw_000001/ppr-1",
        "tlsma-ec/mgw_000002/ppr-2",
        "tlsma-ec/mgw_000003/ppr-3",
      ]);
      const stop = await keepVacuumed(db, 60_000);
      stop();
      expect(await firstNames()).toEqual([
        "tlsma-ec/mgw_000000/ppr-10",
        "tlsma-ec/mgw_000000/ppr-100",
        "tlsma-ec/mgw_000000/ppr-1000",
      ]);
    } finally {
      await db.close();
    }
  });

  it("still open when the name copies cannot be put in order, and say why", async () => {
    const db = newPglite();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await migrate(pgliteSession(db));
      await db.exec(`DROP INDEX csr_name_order_idx`);
      await issueCsrNames(db);
      const stop = await keepVacuumed(db, 60_000);
      stop();
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /putting the search's name copies in order failed: .*csr_name_order_idx/,
        ),
      );
      // The vacuum itself was done: the statistics are there.
      const { rows } = await db.query<{ n: number }>(
        `SELECT reltuples AS n FROM pg_class WHERE relname = 'csr_name'`,
      );
      expect(Number(rows[0]!.n)).toBe(20000);
    } finally {
      warn.mockRestore();
      await db.close();
    }
  });
});
