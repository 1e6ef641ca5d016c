import "server-only";
import type { Db } from "@/lib/db/client";
import type { StateCounts } from "./data";
import { fillTimeline, timelineBounds, type Timeline, type TimelineRow } from "./timeline";
import { isoDay } from "@/lib/dates";
import { EFFECTIVE_LEAD_DAYS_SQL } from "@/lib/renewal/data";

const DAY_MS = 86_400_000;
const XID_SPACE = 2n ** 32n;

type Bucket = { env: string; category: string; day: number; n: number };
type Held = { since: bigint | null; buckets: Map<string, Bucket>; queue: Promise<unknown> };

/**
 * expiry_bucket's certificate rows, held in memory per database client and brought up to date
 * with only the rows written since the last read (ADR 0021): every row a transaction writes
 * carries that transaction's id (xmin), and a transaction not yet committed at a read has an id
 * no older than that read's snapshot xmin; so the rows whose xmin is at least the previous read's
 * snapshot xmin are all that can have changed since (and a few more). Buckets are never deleted
 * (they fall to n = 0), so every change is such a row. After an xid wraparound of the 32-bit
 * xmin, everything is read again.
 */
const held = new WeakMap<Db, Held>();

type Delta = { snap: string; rows: { e: string; c: string; d: number; n: number }[] | null };

async function refresh(db: Db, state: Held) {
  const [delta] = await db.$queryRaw<Delta[]>`
    SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS snap,
           (SELECT json_agg(json_build_object('e', "environmentId", 'c', category, 'd', day - DATE '1970-01-01', 'n', n))
            FROM expiry_bucket
            WHERE source = 'certificate' AND (${state.since === null} OR xmin::text::bigint >= ${(state.since ?? 0n).toString()}::bigint)) AS rows`;
  const snap = BigInt(delta!.snap) % XID_SPACE;
  if (state.since !== null && snap < state.since) {
    // The 32-bit transaction ids wrapped around: read everything again.
    state.since = null;
    state.buckets.clear();
    return refresh(db, state);
  }
  for (const r of delta!.rows ?? []) {
    const key = `${r.e}|${r.c}|${r.d}`;
    if (r.n === 0) state.buckets.delete(key);
    else state.buckets.set(key, { env: r.e, category: r.c, day: r.d, n: r.n });
  }
  state.since = snap;
}

/** The held buckets, brought up to date (reads are queued: one at a time per database client). */
async function currentBuckets(db: Db): Promise<Map<string, Bucket>> {
  let state = held.get(db);
  if (!state) {
    state = { since: null, buckets: new Map(), queue: Promise.resolve() };
    held.set(db, state);
  }
  const s = state;
  const next = s.queue.then(() => refresh(db, s));
  s.queue = next.catch(() => {
    // A failed read leaves the memory as it was before it (never half applied): start over next time.
    s.since = null;
    s.buckets.clear();
  });
  await next;
  return s.buckets;
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
  const [buckets, [b]] = await Promise.all([
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
  const counts: StateCounts = {
    revoked: 0,
    superseded: 0,
    expired: 0,
    expiring: 0,
    "renewal-due": 0,
    ok: 0,
  };
  const timeline = new Map<string, number>();
  const add = (unit: "month" | "week", kind: "expiry" | "start", ms: number, n: number) => {
    const key = `${unit}|${unit === "month" ? monthStart(ms) : weekStart(ms)}|${kind}`;
    timeline.set(key, (timeline.get(key) ?? 0) + n);
  };
  const count = (env: string, at: number, n: number) => {
    const lead = leadOf.get(env);
    if (lead === undefined) return;
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
      add("month", "expiry", at, n);
      if (at <= b!.yearOnMs) add("week", "expiry", at, n);
    }
    if (start > nowMs && start <= toMs) {
      add("month", "start", start, n);
      if (start <= b!.yearOnMs) add("week", "start", start, n);
    }
  };
  for (const bucket of buckets.values()) {
    if (bucket.category !== "live") {
      if (leadOf.has(bucket.env)) counts[bucket.category as "revoked" | "superseded"] += bucket.n;
      continue;
    }
    if (!cut.has(`${bucket.env}|${bucket.day}`)) count(bucket.env, bucket.day * DAY_MS, bucket.n);
  }
  for (const row of b!.exact ?? []) count(row.id, row.ms, 1);
  const rows: TimelineRow[] = [];
  for (const [key, n] of timeline) {
    const [unit, start, kind] = key.split("|") as [
      TimelineRow["unit"],
      string,
      TimelineRow["kind"],
    ];
    if (n !== 0) rows.push({ unit, start, kind, n });
  }
  return { counts, timeline: fillTimeline(rows, now) };
}

const iso = (ms: number) => isoDay(new Date(ms));
/** date_trunc('month', …) as YYYY-MM-DD. */
function monthStart(ms: number) {
  const d = new Date(ms);
  return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}
/** date_trunc('week', …): the Monday, as YYYY-MM-DD. */
function weekStart(ms: number) {
  const day = Math.floor(ms / DAY_MS);
  const weekday = (((day + 3) % 7) + 7) % 7; // 0 = Monday (1970-01-01 was a Thursday)
  return iso((day - weekday) * DAY_MS);
}
