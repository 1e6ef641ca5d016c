#!/usr/bin/env node
// `npm run bench:reminders`: one reminder sweep's database phases over 100,000 certificates
// (5 gateways × PPR/PRD), on PostgreSQL (a throwaway database, dropped after) and on PGlite
// (in memory). Timed: (a) the SQL that selects the due pairs, with the exact threshold named in
// JS, and (b) the INSERT … ON CONFLICT DO NOTHING of their deliveries (in-app channel only, the
// one every gateway has). "first" = nothing delivered yet (every due delivery is new), "repeat"
// = a later sweep that finds them all existing. Target ≤ 1 s each. Also shows PostgreSQL's plan.
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, Prisma } from "@/lib/db/generated/client";
import { PGliteAdapter } from "@/lib/db/pglite-adapter";
import { migrate } from "@/lib/db/migrate";
import { pgliteSession, postgresSession } from "@/lib/db/sql-session";
import { createPostgresDatabase } from "@/lib/testing/databases";
import { createGateway } from "@/lib/gateway/mutations";
import { candidatesSql, selectDuePairs, widestWindowDays } from "@/lib/reminder/due";
import { insertDeliveries, planDeliveries } from "@/lib/reminder/enqueue";
import { median, writeResult } from "./support.mjs";

const CERTIFICATES = Number(process.env.BENCH_CERTIFICATES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const NOW = new Date("2027-01-01T00:00:00Z");
const actor = { type: "system", id: null, label: "bench", role: "admin" };

/** 5 gateways with their environments (through the real mutation), then the certificates in one INSERT … SELECT. */
async function seed(prisma) {
  const environments = [];
  for (let g = 1; g <= 5; g++) {
    const result = await createGateway(prisma, actor, { merchantGatewayId: `MGW_00000${g}`, name: `Bench ${g}` });
    environments.push(...result.value.environments.map((e) => e.id));
  }
  // notAfter spread evenly from 60 days ago to 5 years ahead: 5-year certificates issued over
  // the last five years, a few left expired. About a quarter are inside a reminder window.
  const started = performance.now();
  await prisma.$executeRaw`
    INSERT INTO certificate (id, "environmentId", der, "serialNumber", "subjectDn", subject, "commonName", "issuerDn",
                             "notBefore", "notAfter", "keyType", "signatureAlgorithm", sha256, "publicKeySha256",
                             compliant, checks, "createdByLabel")
    SELECT 'bench' || i, (${environments}::text[])[1 + i % 10], '\\x010203'::bytea, lpad(to_hex(i), 16, '0'),
           'CN=TLSMA-EC/bench/' || i, '{}'::jsonb, 'TLSMA-EC/bench/' || i, 'CN=Bench CA',
           na - interval '1826 days', na, 'EC', 'ecdsa-with-SHA256',
           encode(sha256(('c' || i)::bytea), 'hex'), encode(sha256(('k' || i)::bytea), 'hex'), true, '[]'::jsonb, 'bench'
    FROM generate_series(1, ${CERTIFICATES}::int) AS i,
         LATERAL (SELECT ${NOW.toISOString()}::timestamp - interval '60 days' + (i * interval '1886 days') / ${CERTIFICATES}::int AS na) AS x`;
  await prisma.$executeRawUnsafe("ANALYZE");
  return Math.round(performance.now() - started);
}

async function time(fn) {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

async function measure(prisma, label) {
  const seedMs = await seed(prisma);
  const first = { select: [], insert: [] };
  const repeat = { select: [], insert: [] };
  let due = 0;
  let created = 0;
  for (let run = 0; run < RUNS; run++) {
    await prisma.$executeRawUnsafe("TRUNCATE reminder_delivery CASCADE");
    for (const [phase, out] of [["first", first], ["repeat", repeat]]) {
      const select = await time(() => selectDuePairs(prisma, NOW));
      const insert = await time(() => insertDeliveries(prisma, planDeliveries(select.value, false), NOW));
      out.select.push(select.ms);
      out.insert.push(insert.ms);
      due = select.value.length;
      if (phase === "first") created = insert.value;
      else if (insert.value !== 0) throw new Error(`a repeat sweep created ${insert.value} deliveries`);
    }
  }
  const med = (xs) => Math.round(median(xs));
  const result = {
    database: label,
    certificates: CERTIFICATES,
    seedMs,
    duePairs: due,
    deliveriesCreated: created,
    first: { selectMs: med(first.select), insertMs: med(first.insert), totalMs: med(first.select.map((s, i) => s + first.insert[i])) },
    repeat: { selectMs: med(repeat.select), insertMs: med(repeat.insert), totalMs: med(repeat.select.map((s, i) => s + repeat.insert[i])) },
    allFirstTotalsMs: first.select.map((s, i) => Math.round(s + first.insert[i])),
  };
  console.log(`\n${label}: ${CERTIFICATES} certificates, ${due} due pairs, ${created} deliveries created by the first sweep`);
  console.table({ first: result.first, repeat: result.repeat });
  return result;
}

async function explain(prisma) {
  const bound = new Date(NOW.getTime() + (await widestWindowDays(prisma)) * 86_400_000);
  const rows = await prisma.$queryRaw(Prisma.sql`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${candidatesSql(NOW, bound)}`);
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
  const pglite = new PGlite();
  await migrate(pgliteSession(pglite));
  const prisma = new PrismaClient({ adapter: new PGliteAdapter(pglite) });
  try {
    results.push(await measure(prisma, "PGlite (in memory)"));
  } finally {
    await prisma.$disconnect();
    await pglite.close();
  }
}

const usesIndex = plan.some((line) => /certificate_notAfter_idx|certificate_environmentId_notAfter_idx/.test(line));
console.log(`\nPostgreSQL plan of the due-pair selection:\n${plan.join("\n")}`);
console.log(`\nnotAfter index used on PostgreSQL: ${usesIndex ? "yes" : "NO"}`);
for (const r of results) console.log(`${r.database}: first sweep ${r.first.totalMs} ms, repeat ${r.repeat.totalMs} ms — target ≤ 1000 ms: ${r.first.totalMs <= 1000 && r.repeat.totalMs <= 1000 ? "OK" : "MISSED"}`);
writeResult("reminders", { runs: RUNS, now: NOW.toISOString(), target: "≤ 1000 ms for select + insert", results, postgresPlan: plan, notAfterIndexUsed: usesIndex });
