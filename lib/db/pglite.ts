import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { keepNamesInOrder } from "./name-order";
import { pgliteSession } from "./sql-session";

/**
 * Every PGlite the app, the CLI and the tests open: with the extensions the migrations create
 * (pg_trgm for the search indexes), which PGlite must load when it starts.
 */
export function newPglite(dataDir?: string): PGlite {
  // The options must come first when there is no directory: PGlite ignores them after an undefined one.
  return new PGlite({
    dataDir,
    extensions: { pg_trgm },
    startParams: [
      ...PGlite.defaultStartParams,
      ...["-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
      ...["-c", `default_statistics_target=${PGLITE_STATISTICS_TARGET}`],
      ...["-c", `maintenance_work_mem=${PGLITE_MAINTENANCE_WORK_MEM}`],
    ],
  });
}

/**
 * PostgreSQL's buffer cache inside the embedded database's WebAssembly memory, which never
 * shrinks: initdb's 128MB was a third of the server's resident memory once warm. The data
 * directory's pages stay in the operating system's cache as well, so a smaller pool costs a copy
 * per miss, not a disk read (docs/benchmarks.md, "Memory"). At 32MB the 100,000-certificate
 * server peaked at 416 MB under load; at 16MB, with the statistics target below, at 394–396 MB,
 * while the searches' median rose by about 4 ms (31 → 36 ms): a narrow search there read 935
 * pages of each name table (EXPLAIN ANALYZE), which no longer all stayed in the pool. Kept in
 * name order (ADR 0030), it reads 134.
 */
export const PGLITE_SHARED_BUFFERS = "16MB";

/**
 * ANALYZE copies 300 × this many whole rows into memory per table. At PostgreSQL's 100, the
 * 100,000-certificate fleet's 30,000 sampled certificate rows (1.6 kB each with their DER) grew
 * the WebAssembly memory from 48 to 111 MB resident, for good (it never shrinks); at 30 (9,000
 * rows), to 67 MB; at 10 (3,000 rows), with the 16MB pool, the whole of it stays at 40 MB. Ten
 * histogram buckets and common values are enough for what the planner chooses here: ten
 * environments, a date range, a name; the inventory pages kept their times at 100,000
 * (docs/decisions/0029). PostgreSQL proper keeps its default.
 */
export const PGLITE_STATISTICS_TARGET = 10;

/**
 * What CREATE INDEX, CLUSTER and VACUUM may sort or collect in memory before they spill to
 * temporary files. With PostgreSQL's 64MB, putting the 100,000-certificate fleet's name copies in
 * order (ADR 0030) left 20 MB more of the WebAssembly memory resident, for good (58 against
 * 38 MB); at 4MB, 2 MB more, in the same 3 s.
 */
export const PGLITE_MAINTENANCE_WORK_MEM = "4MB";

/**
 * Opens the embedded database under dataDir/pgdata. A first start runs initdb; an interrupted
 * initdb leaves a directory PGlite can never open again, so it runs in a scratch directory that
 * is renamed into place only once complete.
 */
export async function openPglite(dataDir: string): Promise<PGlite> {
  const pgdata = path.join(dataDir, "pgdata");
  // Leftovers of an initdb that crashed; safe to remove, since we hold the directory's lock.
  for (const entry of fs.readdirSync(dataDir)) {
    if (entry.startsWith("pgdata.init-"))
      fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true });
  }
  if (!fs.existsSync(path.join(pgdata, "PG_VERSION"))) {
    const scratch = path.join(dataDir, `pgdata.init-${process.pid}`);
    fs.rmSync(scratch, { recursive: true, force: true });
    const fresh = newPglite(scratch);
    await fresh.waitReady;
    await fresh.close();
    fs.rmSync(pgdata, { recursive: true, force: true });
    fs.renameSync(scratch, pgdata);
  }
  const db = newPglite(pgdata);
  await db.waitReady;
  return db;
}

/** How often the embedded database is vacuumed and analyzed while the app runs. */
export const PGLITE_VACUUM_INTERVAL_MS = 60 * 60 * 1000;

/**
 * PGlite has no autovacuum, so this does its work: VACUUM ANALYZE once at open, then every hour,
 * so the planner has statistics and the trigram indexes' pending lists are merged (ADR 0012);
 * each time, the search's name copies are put back in name order if they have drifted from it
 * (ADR 0030). Returns a function that stops the timer.
 */
export async function keepVacuumed(
  db: PGlite,
  intervalMs = PGLITE_VACUUM_INTERVAL_MS,
): Promise<() => void> {
  const upkeep = async () => {
    await db.exec("VACUUM ANALYZE");
    const started = performance.now();
    // Only a search's speed depends on the order: a failure here must not stop the app opening.
    const reordered = await keepNamesInOrder(pgliteSession(db)).catch((error: Error) => {
      console.warn(`[db] putting the search's name copies in order failed: ${error.message}`);
      return [];
    });
    if (reordered.length)
      console.info(
        `[db] put the search's name copies back in name order (${reordered.join(", ")}) in ${Math.round(performance.now() - started)} ms`,
      );
  };
  await upkeep();
  const timer = setInterval(() => {
    upkeep().catch((error: Error) => console.warn(`[db] VACUUM ANALYZE failed: ${error.message}`));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
