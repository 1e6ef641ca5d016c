// PGlite has no autovacuum: the app gives its planner statistics at open and then on a timer,
// or every plan is made for one-row tables.
import { describe, expect, it } from "vitest";
import { keepPlannerStatistics, newPglite } from "./pglite";

const estimatedRows = async (db: ReturnType<typeof newPglite>) =>
  Number((await db.query<{ n: number }>(`SELECT reltuples AS n FROM pg_class WHERE relname = 'items'`)).rows[0]!.n);

describe("planner statistics on PGlite", () => {
  it("are gathered at open and refreshed on the interval", async () => {
    const db = newPglite();
    try {
      await db.exec(`CREATE TABLE items (id int); INSERT INTO items SELECT generate_series(1, 5000);`);
      expect(await estimatedRows(db)).toBeLessThan(1); // never analyzed: the planner knows nothing
      const stop = await keepPlannerStatistics(db, 200);
      expect(await estimatedRows(db)).toBe(5000);
      const plan = (await db.query<{ "QUERY PLAN": string }>(`EXPLAIN SELECT * FROM items`)).rows[0]!["QUERY PLAN"];
      expect(plan).toMatch(/rows=5000\b/);
      await db.exec(`INSERT INTO items SELECT generate_series(1, 3000);`);
      await expect.poll(() => estimatedRows(db), { timeout: 5000 }).toBe(8000);
      stop();
    } finally {
      await db.close();
    }
  });
});
