import "server-only";
import { cache } from "react";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

/**
 * The tables whose committed writes move data_version, each with its own counter
 * version_<table> moved by the same trigger (migrations 20261128050000, 20261206020000).
 * lib/cache/versioned.test.ts checks this list against the database's triggers.
 */
export const VERSIONED_TABLES = [
  "gateway",
  "environment",
  "certificate",
  "csr",
  "trust_store_entry",
  "client_ca_change",
  "server_chain_change",
  "checklist_tick",
  "probe_target",
  "probe_result",
  "signing_key",
  "reminder_delivery",
  "reminder_state",
  "installation",
  "environment_custodian",
  "inventory_review",
] as const;
export type VersionedTable = (typeof VERSIONED_TABLES)[number];

export type Versions = { data: string; auth: string; tables: Record<VersionedTable, string> };

// Constant SQL (the names come from the list above, never from input). The last value alone: the
// migration called every counter once, so it moves with each bump (20261206020000); one text
// column, cheaper to build and to read than a JSON object of eighteen counters. A function call
// per counter rather than a sub-select of each sequence: eighteen sub-plans cost about 0.5 ms a
// request on PGlite. `coalesce`: the function gives NULL for a counter never called, and
// concat_ws would skip it and shift the others.
const SEQUENCES = ["data_version", "auth_version", ...VERSIONED_TABLES.map((t) => `version_${t}`)];
const VERSIONS_SQL = Prisma.raw(
  `SELECT concat_ws(' ', ${SEQUENCES.map((s) => `coalesce(pg_sequence_last_value('${s}'::regclass), 0)`).join(", ")}) AS v`,
);

/**
 * The database's change counters, in one round trip (sequences moved by triggers at commit):
 * `data` on every write to the tables the fleet-wide pages read (migration 20261128050000),
 * `auth` on every write to users, sessions, accounts, two-factor secrets and API tokens
 * (20261128070000), and `tables`, one counter per table of VERSIONED_TABLES. Reading a sequence
 * takes no lock and well under a millisecond.
 */
export async function readVersions(db: Db): Promise<Versions> {
  const [row] = await db.$queryRaw<{ v: string }[]>(VERSIONS_SQL);
  const [data, auth, ...tables] = row!.v.split(" ") as [string, string, ...string[]];
  return {
    data,
    auth,
    tables: Object.fromEntries(VERSIONED_TABLES.map((t, i) => [t, tables[i]!])) as Record<
      VersionedTable,
      string
    >,
  };
}
// Read once per server render (React cache; outside a render, such as in a route handler, each
// call reads): the session check, the layout and the page all ask.
export const requestVersions = cache(readVersions);

export const dataVersion = async (db: Db) => (await readVersions(db)).data;

type Entry<T> = { version: string; computedAt: number; value: Promise<T> };

export type CacheOptions = {
  /**
   * The tables the computation reads: it is kept until one of them changes. Without it, until
   * any table of VERSIONED_TABLES changes (the data version).
   */
  tables?: readonly VersionedTable[];
  /** The clock's part: computed again after this long even when nothing changed. */
  maxAgeMs?: number;
};

/** The version a cached value depends on: its tables' counters, or the data version. */
export function versionOf(versions: Versions, tables?: readonly VersionedTable[]): string {
  return tables ? tables.map((t) => versions.tables[t]).join(" ") : versions.data;
}

/**
 * A fleet-wide aggregate computed once and shared by every request until the data it reads
 * changes (`tables`) or `maxAgeMs` passes (the aggregates also depend on the clock: days left,
 * states). Requests that arrive while it is computed wait for that one computation instead of
 * starting their own. Per database client, so tests on several databases in one process do not
 * share entries; and per `input` (compared as JSON), when the computation takes one.
 * See docs/decisions/0011-versioned-read-cache.md.
 */
export function versionedCache<T, I = undefined>(
  compute: (db: Db, now: Date, input: I) => Promise<T>,
  { tables, maxAgeMs = 30_000 }: CacheOptions = {},
) {
  const entries = new WeakMap<Db, Entry<T>>();
  return async (db: Db, input?: I): Promise<T> => {
    const version = `${versionOf(await requestVersions(db), tables)}|${input === undefined ? "" : JSON.stringify(input)}`;
    const now = Date.now();
    const entry = entries.get(db);
    if (entry && entry.version === version && now - entry.computedAt < maxAgeMs) return entry.value;
    const value = compute(db, new Date(now), input as I);
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
