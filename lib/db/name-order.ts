import type { SqlSession } from "./sql-session";

/**
 * The search's narrow copies of the names (ADR 0012). A fragment such as `PRD-0004` has every
 * trigram in common with a whole gateway's names, and the search rechecks each of those rows. Rows
 * arrive as certificates are issued, for every gateway in turn, so one gateway's names end up on
 * every page of a copy; kept in name order they sit side by side (ADR 0030).
 */
export const NAME_COPIES = ["certificate_name", "csr_name", "trust_store_entry_name"] as const;

/**
 * A copy is rewritten in name order when the planner's statistics say its rows have drifted this
 * far from it (pg_stats.correlation, 1 right after CLUSTER, about 0.1 for rows in issue order).
 * New rows go at the end: with new names spread over every gateway, 30,000 names in order
 * measured 0.96 after 2 % more, 0.90 after 6 %, 0.87 after 10 %.
 */
export const NAME_ORDER_MIN_CORRELATION = 0.9;

/**
 * Smaller copies are left as they are: a recheck that reads all of one reads at most 64 pages
 * (about 7,000 names), 1–2 ms on PGlite, where all 935 pages of the 100,000 copy took 22–27 ms.
 */
export const NAME_ORDER_MIN_PAGES = 64;

type Copy = { name: string; pages: number; correlation: number | null };

/**
 * Rewrites in name order (CLUSTER, then ANALYZE for the new correlation) each name copy whose rows
 * have drifted out of it; says which. A copy never analyzed has no correlation and is left until
 * it is; a database without the copies (before their migration) has nothing to do. CLUSTER locks
 * the copy while it runs, and with it the writes that keep the copy: about 1.5 s for 100,000
 * names on PGlite.
 */
export async function keepNamesInOrder(session: SqlSession): Promise<string[]> {
  const copies = await session.query<Copy>(
    `SELECT c.relname::text AS name, c.relpages AS pages, s.correlation
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = 'name'
      WHERE c.oid IN (SELECT to_regclass(copy) FROM unnest($1::text[]) AS copy)`,
    [NAME_COPIES],
  );
  const drifted = copies.filter(
    (c) =>
      c.pages >= NAME_ORDER_MIN_PAGES &&
      c.correlation !== null &&
      Math.abs(c.correlation) < NAME_ORDER_MIN_CORRELATION,
  );
  for (const copy of drifted) {
    await session.exec(`CLUSTER ${copy.name} USING ${copy.name}_order_idx`);
    await session.exec(`ANALYZE ${copy.name}`);
  }
  return drifted.map((c) => c.name).sort();
}
