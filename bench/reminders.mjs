#!/usr/bin/env node
// `npm run bench:reminders`: one reminder sweep's database phases over 100,000 certificates
// (5 gateways × PPR/PRD), on PostgreSQL (a throwaway database, dropped after) and on PGlite
// (in memory). Timed: (a) the SQL that selects the due pairs whose deliveries do not exist yet,
// each threshold named again in JS, and (b) the INSERT … ON CONFLICT DO NOTHING of their
// deliveries (in-app channel only, the one every gateway has). Three sweeps:
//   steady:   every reminder due so far already exists (the sweep every 5 minutes);
//   new day:  the first sweep of a UTC day: every overdue certificate gets its daily reminder;
//   cold:     the very first sweeps over the fleet: every due reminder is new.
// A sweep creates at most MAX_NEW_PAIRS_PER_SWEEP reminders (soonest expiry first) and leaves the
// rest to the next sweep, which the scheduler runs 5 s later; each backlog is swept until empty.
// Target ≤ 1 s for a sweep. Also prints PostgreSQL's plan, to show the notAfter index in use.
import { newPglite } from "@/lib/db/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, Prisma } from "@/lib/db/generated/client";
import { PGliteAdapter } from "@/lib/db/pglite-adapter";
import { migrate } from "@/lib/db/migrate";
import { pgliteSession, postgresSession } from "@/lib/db/sql-session";
import { createPostgresDatabase } from "@/lib/testing/databases";
import {
  dueCandidatesSql,
  environmentSettings,
  MAX_NEW_PAIRS_PER_SWEEP,
  selectDuePairs,
  widestWindowDays,
} from "@/lib/reminder/due";
import { insertDeliveries, planDeliveries } from "@/lib/reminder/enqueue";
import { median, writeResult } from "./support.mjs";
import { createGateways, seedCertificates } from "./seed.mjs";

const CERTIFICATES = Number(process.env.BENCH_CERTIFICATES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const NOW = new Date("2027-01-01T00:00:00Z");
const DAY_MS = 86_400_000;

/** 5 gateways with their environments (through the real mutation), then the certificates (bench/seed.mjs). */
async function seed(prisma) {
  const environments = await createGateways(prisma, 5);
  // notAfter spread evenly from 60 days ago to 5 years ahead: 5-year certificates issued over
  // the last five years, a few left expired. About a quarter are inside a reminder window.
  const started = performance.now();
  const from = NOW.getTime() - 60 * DAY_MS;
  await seedCertificates(prisma, environments, CERTIFICATES, {
    id: (i) => `bench${i + 1}`,
    notAfter: (i) => new Date(from + Math.round(((i + 1) * 1886 * DAY_MS) / CERTIFICATES)),
    revokedShare: 0,
  });
  await prisma.$executeRawUnsafe("ANALYZE");
  return Math.round(performance.now() - started);
}

async function time(fn) {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

async function sweepPhases(prisma, now) {
  const select = await time(() => selectDuePairs(prisma, now));
  const insert = await time(() =>
    insertDeliveries(prisma, planDeliveries(select.value.pairs, false), now),
  );
  return {
    selectMs: select.ms,
    insertMs: insert.ms,
    totalMs: select.ms + insert.ms,
    due: select.value.pairs.length,
    created: insert.value,
    more: select.value.more,
  };
}

/** Sweeps until nothing more is due (each sweep creates at most MAX_NEW_PAIRS_PER_SWEEP). */
async function drain(prisma, now) {
  const sweeps = [];
  do sweeps.push(await sweepPhases(prisma, now));
  while (sweeps.at(-1).more);
  return sweeps;
}

async function measure(prisma, label) {
  const seedMs = await seed(prisma);
  const yesterday = new Date(NOW.getTime() - 86_400_000);
  const runs = { cold: [], newDay: [], steady: [] };
  for (let run = 0; run < RUNS; run++) {
    await prisma.$executeRawUnsafe("TRUNCATE reminder_delivery CASCADE");
    runs.cold.push(await drain(prisma, yesterday)); // everything due is new
    runs.newDay.push(await drain(prisma, NOW)); // a day later: the daily overdue ones are new
    runs.steady.push(await drain(prisma, new Date(NOW.getTime() + 300_000))); // 5 minutes later
  }
  const summary = (drains) => {
    const sweeps = drains.flat();
    return {
      sweeps: drains[0].length,
      duePairs: drains[0].reduce((n, s) => n + s.due, 0),
      deliveriesCreated: drains[0].reduce((n, s) => n + s.created, 0),
      // one sweep: the median and the slowest of every sweep of every run
      sweepSelectMs: Math.round(median(sweeps.map((s) => s.selectMs))),
      sweepInsertMs: Math.round(median(sweeps.map((s) => s.insertMs))),
      sweepTotalMs: Math.round(median(sweeps.map((s) => s.totalMs))),
      slowestSweepMs: Math.round(Math.max(...sweeps.map((s) => s.totalMs))),
      // all the sweeps needed to work the backlog off
      allSweepsMs: Math.round(median(drains.map((d) => d.reduce((n, s) => n + s.totalMs, 0)))),
      everySweepMs: drains.map((d) =>
        d.map((s) => `${Math.round(s.selectMs)}+${Math.round(s.insertMs)}`).join(" "),
      ),
    };
  };
  const result = {
    database: label,
    certificates: CERTIFICATES,
    seedMs,
    steady: summary(runs.steady),
    newDay: summary(runs.newDay),
    cold: summary(runs.cold),
  };
  console.log(`\n${label}: ${CERTIFICATES} certificates (medians of ${RUNS} runs)`);
  console.table({ steady: result.steady, "new day": result.newDay, cold: result.cold });
  return result;
}

async function explain(prisma) {
  const bound = new Date(
    NOW.getTime() + widestWindowDays(await environmentSettings(prisma)) * 86_400_000,
  );
  const rows = await prisma.$queryRaw(
    Prisma.sql`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${dueCandidatesSql(NOW, bound)}`,
  );
  return rows.map((r) => r["QUERY PLAN"]);
}

const results = [];
let plan = [];
{
  const { url, drop } = await createPostgresDatabase();
  const session = await postgresSession(url);
  await migrate(session);
  await session.close();
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    results.push(await measure(prisma, "PostgreSQL"));
    plan = await explain(prisma);
  } finally {
    await prisma.$disconnect();
    await drop();
  }
}
{
  const pglite = newPglite();
  await migrate(pgliteSession(pglite));
  const prisma = new PrismaClient({ adapter: new PGliteAdapter(pglite) });
  try {
    results.push(await measure(prisma, "PGlite (in memory)"));
  } finally {
    await prisma.$disconnect();
    await pglite.close();
  }
}

const usesIndex = plan.some((line) =>
  /certificate_in_service_expiry_idx|certificate_notAfter_idx|certificate_environmentId_notAfter_idx/.test(
    line,
  ),
);
console.log(`\nPostgreSQL plan of the due-pair selection:\n${plan.join("\n")}`);
console.log(`\nnotAfter index used on PostgreSQL: ${usesIndex ? "yes" : "NO"}`);
const verdict = (ms) => (ms <= 1000 ? "OK" : "MISSED");
for (const r of results) {
  const line = (name, x) =>
    `${name} ${x.sweepTotalMs} ms a sweep, slowest ${x.slowestSweepMs} ms (${verdict(x.slowestSweepMs)})`;
  console.log(
    `${r.database}: ${line("steady", r.steady)}; ${line("new day", r.newDay)}; ${line("cold", r.cold)} [${r.cold.sweeps} sweeps, ${r.cold.allSweepsMs} ms in all] — target ≤ 1000 ms a sweep`,
  );
}
writeResult("reminders", {
  runs: RUNS,
  now: NOW.toISOString(),
  target: "≤ 1000 ms for one sweep's select + insert",
  maxNewPairsPerSweep: MAX_NEW_PAIRS_PER_SWEEP,
  results,
  postgresPlan: plan,
  notAfterIndexUsed: usesIndex,
});
