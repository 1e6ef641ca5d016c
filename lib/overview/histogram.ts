import "server-only";
import type { Db } from "@/lib/db/client";
import type { StateCounts } from "./data";
import { fillTimeline, timelineBounds, type Timeline, type TimelineRow } from "./timeline";
import { isoDay } from "@/lib/dates";
import { EFFECTIVE_LEAD_DAYS_SQL } from "@/lib/renewal/data";

const DAY_MS = 86_400_000;

type Bucket = { env: string; category: string; day: number; n: number };
type Sums = Record<
  "month|expiry" | "week|expiry" | "month|start" | "week|start",
  Map<number, number>
>;
/**
 * What every bucket outside the boundary days adds to the counts and the timeline sums. It holds
 * for a whole UTC day and one set of lead times (`key`): outside the boundary days, a bucket's
 * state and timeline bucket depend on its day and its environment's lead time only. After a write
 * to certificates it is brought up to date with the buckets that changed (`pending`), instead of
 * a new pass over every bucket (~7,700 at 10,000 certificates: 2.9 ms of the server's thread).
 */
type Pass = { key: string; counts: StateCounts; sums: Sums };
type Held = {
  since: string | null;
  buckets: Map<string, Bucket>;
  queue: Promise<unknown>;
  pass: Pass | null;
  /** Changes applied to `buckets` and not yet to `pass`: the bucket and the change of its n. */
  pending: { bucket: Bucket; by: number }[];
};

/**
 * expiry_bucket's certificate rows, held in memory per database client and brought up to date
 * with only the rows written since the last read (ADR 0021): the trigger stamps every row it
 * writes with its transaction's 64-bit id (txid), and a transaction not yet committed at a read
 * has an id no older than that read's snapshot xmin; so the rows whose txid is at least the
 * previous read's snapshot xmin are all that can have changed since (and a few more), found
 * through the (source, txid) index. Buckets are never deleted (they fall to n = 0), so every
 * change is such a row.
 */
const held = new WeakMap<Db, Held>();

type Delta = { snap: string; rows: { e: string; c: string; d: number; n: number }[] | null };

async function refresh(db: Db, state: Held) {
  const since = state.since ?? "-1";
  const [delta] = await db.$queryRaw<Delta[]>`
    SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS snap,
           (SELECT json_agg(json_build_object('e', "environmentId", 'c', category, 'd', day - DATE '1970-01-01', 'n', n))
            FROM expiry_bucket WHERE source = 'certificate' AND txid >= ${since}::bigint) AS rows`;
  for (const r of delta!.rows ?? []) {
    const key = `${r.e}|${r.c}|${r.d}`;
    const bucket = { env: r.e, category: r.c, day: r.d, n: r.n };
    const by = r.n - (state.buckets.get(key)?.n ?? 0);
    if (state.pass && by !== 0) state.pending.push({ bucket, by });
    if (r.n === 0) state.buckets.delete(key);
    else state.buckets.set(key, bucket);
  }
  state.since = delta!.snap;
}

/** The held buckets, brought up to date (reads are queued: one at a time per database client). */
async function currentBuckets(db: Db): Promise<Held> {
  const s = heldFor(db);
  const next = s.queue.then(() => refresh(db, s));
  s.queue = next.catch(() => {
    // A failed read leaves the memory as it was before it (never half applied): start over next time.
    s.since = null;
    s.buckets.clear();
    s.pass = null;
    s.pending = [];
  });
  await next;
  return s;
}

function heldFor(db: Db): Held {
  let state = held.get(db);
  if (!state) {
    state = { since: null, buckets: new Map(), queue: Promise.resolve(), pass: null, pending: [] };
    held.set(db, state);
  }
  return state;
}

type Boundaries = {
  // json_agg over no rows is null: a database with no environment yet.
  leads: { id: string; lead: number }[] | null;
  cuts: { id: string; day: number }[] | null;
  exact: { id: string; ms: number }[] | null;
  yearOnMs: number;
};

/**
 * The overview's counts by state and its timeline, as loadTimeline and stateCounts compute them
 * from every certificate, but from the held buckets: a day's certificates all land in one state
 * and one timeline bucket unless the day holds an instant where a state or a bucket changes (now,
 * now + 31 days, now + the lead time, the timeline's ends); those few days per environment are
 * read from the certificates themselves (one index range scan each), in the same statement that
 * gives each environment's lead time. Every other day counts as its midnight, times its count.
 */
export async function certificateFiguresFromMemory(
  db: Db,
  now: Date,
): Promise<{ counts: StateCounts; timeline: Timeline }> {
  const { from, to } = timelineBounds(now);
  const [state, [b]] = await Promise.all([
    currentBuckets(db),
    db.$queryRaw<Boundaries[]>`
      WITH env AS (
        SELECT e.id, ${EFFECTIVE_LEAD_DAYS_SQL} AS lead
        FROM environment e JOIN gateway g ON g.id = e."gatewayId"
      ), cut AS (
        SELECT DISTINCT env.id, v.day FROM env CROSS JOIN LATERAL (VALUES
          (${from}::timestamp::date),
          ((${from}::timestamp + interval '31 days')::date),
          ((${from}::timestamp + make_interval(days => env.lead))::date),
          (${to}::timestamp::date),
          ((${to}::timestamp + make_interval(days => env.lead))::date),
          ((${from}::timestamp + interval '12 months')::date),
          ((${from}::timestamp + interval '12 months' + make_interval(days => env.lead))::date)) v(day)
      )
      SELECT (SELECT json_agg(json_build_object('id', id, 'lead', lead)) FROM env) AS leads,
             (SELECT json_agg(json_build_object('id', id, 'day', day - DATE '1970-01-01')) FROM cut) AS cuts,
             (SELECT json_agg(json_build_object('id', cut.id, 'ms', (extract(epoch FROM c."notAfter") * 1000)::float8))
              FROM cut CROSS JOIN LATERAL (
                SELECT "notAfter" FROM certificate
                WHERE "environmentId" = cut.id AND "notAfter" >= cut.day::timestamp AND "notAfter" < (cut.day + 1)::timestamp
                  AND "revokedAt" IS NULL AND "supersededById" IS NULL
                -- OFFSET 0 keeps the planner from flattening this into a hash join over every
                -- certificate: one index range scan per boundary day is what is meant.
                OFFSET 0) c) AS exact,
             (extract(epoch FROM ${from}::timestamp + interval '12 months') * 1000)::float8 AS "yearOnMs"`,
  ]);
  const nowMs = now.getTime();
  const toMs = Date.parse(to);
  const expiringBoundMs = nowMs + 31 * DAY_MS;
  const leadOf = new Map((b!.leads ?? []).map((e) => [e.id, e.lead * DAY_MS]));
  const cut = new Set((b!.cuts ?? []).map((c) => `${c.id}|${c.day}`));
  const yearOnMs = b!.yearOnMs;
  const bump = (map: Map<number, number>, key: number, n: number) =>
    map.set(key, (map.get(key) ?? 0) + n);
  const count = (into: { counts: StateCounts; sums: Sums }, env: string, at: number, n: number) => {
    const lead = leadOf.get(env);
    if (lead === undefined) return;
    const { counts, sums } = into;
    const start = at - lead;
    counts[
      at <= nowMs
        ? "expired"
        : at < expiringBoundMs
          ? "expiring"
          : start <= nowMs
            ? "renewal-due"
            : "ok"
    ] += n;
    if (at <= nowMs) return;
    if (at <= toMs) {
      bump(sums["month|expiry"], monthStartDay(at), n);
      if (at <= yearOnMs) bump(sums["week|expiry"], weekStartDay(at), n);
    }
    if (start > nowMs && start <= toMs) {
      bump(sums["month|start"], monthStartDay(start), n);
      if (start <= yearOnMs) bump(sums["week|start"], weekStartDay(start), n);
    }
  };
  const countBucket = (into: Pass, bucket: Bucket, n: number) => {
    if (bucket.category !== "live") {
      if (leadOf.has(bucket.env)) into.counts[bucket.category as "revoked" | "superseded"] += n;
    } else if (!cut.has(`${bucket.env}|${bucket.day}`))
      count(into, bucket.env, bucket.day * DAY_MS, n);
  };
  // Everything the pass depends on: the UTC day (the boundary days follow from it and the leads).
  const key = `${Math.floor(nowMs / DAY_MS)} ${[...leadOf].sort().join(" ")}`;
  // From here to the copy below nothing is awaited: the pass and the held buckets stay in step.
  if (state.pass?.key === key) {
    for (const { bucket, by } of state.pending) countBucket(state.pass, bucket, by);
  } else {
    state.pass = { key, counts: emptyCounts(), sums: emptySums() };
    for (const bucket of state.buckets.values()) countBucket(state.pass, bucket, bucket.n);
  }
  state.pending = [];
  const figures = {
    counts: { ...state.pass.counts },
    sums: Object.fromEntries(
      Object.entries(state.pass.sums).map(([k, map]) => [k, new Map(map)]),
    ) as Sums,
  };
  for (const row of b!.exact ?? []) count(figures, row.id, row.ms, 1);
  const rows: TimelineRow[] = [];
  for (const [key, map] of Object.entries(figures.sums)) {
    const [unit, kind] = key.split("|") as [TimelineRow["unit"], TimelineRow["kind"]];
    for (const [day, n] of map) if (n !== 0) rows.push({ unit, start: dayIso(day), kind, n });
  }
  return { counts: figures.counts, timeline: fillTimeline(rows, now) };
}

const emptyCounts = (): StateCounts => ({
  revoked: 0,
  superseded: 0,
  expired: 0,
  expiring: 0,
  "renewal-due": 0,
  ok: 0,
});
// Timeline sums keyed by the day number of the bucket's start, one map per unit and kind: a pass
// over ~10,000 buckets (one per environment and day) without building strings or dates.
const emptySums = (): Sums => ({
  "month|expiry": new Map(),
  "week|expiry": new Map(),
  "month|start": new Map(),
  "week|start": new Map(),
});

const dayIso = (day: number) => isoDay(new Date(day * DAY_MS));
const monthStarts = new Map<number, number>();
/** date_trunc('month', …) as a day number (memoised: a few hundred distinct days per pass). */
function monthStartDay(ms: number) {
  const day = Math.floor(ms / DAY_MS);
  let start = monthStarts.get(day);
  if (start === undefined) {
    const d = new Date(day * DAY_MS);
    start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
    if (monthStarts.size > 50_000) monthStarts.clear();
    monthStarts.set(day, start);
  }
  return start;
}
/** date_trunc('week', …): the Monday, as a day number. */
function weekStartDay(ms: number) {
  const day = Math.floor(ms / DAY_MS);
  return day - ((((day + 3) % 7) + 7) % 7); // 0 = Monday (1970-01-01 was a Thursday)
}
