import "server-only";
import { cache } from "react";
import type { Db } from "@/lib/db/client";

export type Versions = { data: string; auth: string };

/**
 * The database's two change counters, in one round trip (sequences moved by statement triggers):
 * `data` on every write to the tables the fleet-wide pages read (migration 20261128050000),
 * `auth` on every write to users, sessions, accounts, two-factor secrets and API tokens
 * (20261128070000). Reading a sequence takes no lock and well under a millisecond.
 */
export async function readVersions(db: Db): Promise<Versions> {
  const [row] = await db.$queryRaw<Versions[]>`
    SELECT (SELECT last_value::text || ':' || is_called::text FROM data_version) AS data,
           (SELECT last_value::text || ':' || is_called::text FROM auth_version) AS auth`;
  return row!;
}
// Read once per server render (React cache; outside a render, such as in a route handler, each
// call reads): the session check, the layout and the page all ask.
export const requestVersions = cache(readVersions);

export const dataVersion = async (db: Db) => (await readVersions(db)).data;

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
    const { data: version } = await requestVersions(db);
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

/**
 * Values per key (a session cookie, a token hash) that hold while `version` has not moved and
 * for at most `maxAgeMs`; at most `maxEntries` (the oldest go first). The maximum age bounds
 * the one case the version cannot catch: a value read in the instant between another
 * transaction's trigger and its commit.
 */
export function versionedEntries<V>(maxAgeMs: number, maxEntries = 10_000) {
  const entries = new Map<string, { version: string; storedAt: number; value: V }>();
  return {
    get(key: string, version: string, now = Date.now()): V | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.version === version && now - entry.storedAt < maxAgeMs) return entry.value;
      entries.delete(key);
      return undefined;
    },
    set(key: string, version: string, value: V, now = Date.now()) {
      entries.delete(key);
      entries.set(key, { version, storedAt: now, value });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    delete(key: string) {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}

/** versionedEntries kept per database client (tests open several in one process). */
export function versionedEntriesPerDb<V>(maxAgeMs: number, maxEntries?: number) {
  const byDb = new WeakMap<Db, ReturnType<typeof versionedEntries<V>>>();
  return (db: Db) => {
    let entries = byDb.get(db);
    if (!entries) {
      entries = versionedEntries<V>(maxAgeMs, maxEntries);
      byDb.set(db, entries);
    }
    return entries;
  };
}
