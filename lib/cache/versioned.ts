import "server-only";
import { cache } from "react";
import type { Db } from "@/lib/db/client";

/**
 * The database's data version: moves on every write to the tables the fleet-wide pages read
 * (a statement trigger on each, prisma/migrations/20261128050000_data_version). One indexless
 * read of a sequence, well under a millisecond.
 */
export async function dataVersion(db: Db): Promise<string> {
  const [row] = await db.$queryRaw<{ version: string }[]>`SELECT (last_value::text || ':' || is_called::text) AS version FROM data_version`;
  return row!.version;
}
// Read once per server render (React cache; outside a render each call reads): the layout and the page both ask.
const renderDataVersion = cache(dataVersion);

type Entry<T> = { version: string; computedAt: number; value: Promise<T> };

/**
 * A fleet-wide aggregate computed once and shared by every request until the data changes or
 * `maxAgeMs` passes (the aggregates also depend on the clock: days left, states). Requests that
 * arrive while it is computed wait for that one computation instead of starting their own.
 * Per database client, so tests on several databases in one process do not share entries.
 * See docs/decisions/0011-versioned-read-cache.md.
 */
export function versionedCache<T>(compute: (db: Db, now: Date) => Promise<T>, maxAgeMs = 30_000) {
  const entries = new WeakMap<Db, Entry<T>>();
  return async (db: Db): Promise<T> => {
    const version = await renderDataVersion(db);
    const now = Date.now();
    const entry = entries.get(db);
    if (entry && entry.version === version && now - entry.computedAt < maxAgeMs) return entry.value;
    const value = compute(db, new Date(now));
    entries.set(db, { version, computedAt: now, value });
    // A failed computation is not kept: the next request tries again.
    value.catch(() => {
      if (entries.get(db)?.value === value) entries.delete(db);
    });
    return value;
  };
}
