// Seeding shared by the benchmarks: 5 gateways (through the real mutation, so each has its PPR
// and PRD environments and prefilled trust store), then certificates, CSRs and trust-store entries
// in multi-row INSERT statements of BENCH_SEED_BATCH rows (the DER a bound parameter shared by
// every row, the rest literals: no per-row parameter handling, ~5× faster than createMany).
// BENCH_SCALE multiplies the fleet (10 or 100k: 100,000 certificates). A seeded, drained fleet
// is kept for BENCH_SEED_CACHE_HOURS (default 6; 0 turns it off) and copied for the next run
// (a PGlite data directory, a PostgreSQL template database), so that bench:lighthouse and
// bench:first-load do not seed 100,000 certificates again. Also fresh databases to seed into: a PGlite data directory the app
// can be started on, and a throwaway PostgreSQL database (127.0.0.1:5432, dropped after).
// Runs under `node --conditions=react-server --import tsx`.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "@/lib/db/client";
import { createGateway } from "@/lib/gateway/mutations";
import { runSweep } from "@/lib/reminder/sweep";
import { environmentSettings, selectDuePairs } from "@/lib/reminder/due";
import { selectReviewPairs, selectTrustEntryPairs } from "@/lib/reminder/due-targets";
import { collectFindings, FINDING_SOURCES, findingPairs } from "@/lib/reminder/findings";
import { insertDeliveries, planDeliveries, planTargetDeliveries } from "@/lib/reminder/enqueue";

const DAY_MS = 86_400_000;
const BATCH = Number(process.env.BENCH_SEED_BATCH ?? 2000);
const actor = { type: "system", id: null, label: "bench", role: "admin" };

/** A small deterministic PRNG (mulberry32), so every run seeds the same fleet. */
export function random(seed = 42) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (label) => crypto.createHash("sha256").update(label).digest("hex");

/** Same bytes for every row: only the size matters (a P-256 client certificate is about 900 bytes). */
const DER = crypto.randomBytes(900);
const PEM = `-----BEGIN CERTIFICATE REQUEST-----\n${crypto.randomBytes(450).toString("base64").replace(/.{64}/g, "$&\n")}\n-----END CERTIFICATE REQUEST-----\n`;

/** Creates gateways MGW_000001… (PPR and PRD each) and returns their environments. */
export async function createGateways(prisma, count = 5) {
  const environments = [];
  for (let g = 1; g <= count; g++) {
    const merchantGatewayId = `MGW_${String(g).padStart(6, "0")}`;
    const result = await createGateway(prisma, actor, { merchantGatewayId, name: `Bench ${g}` });
    if (!result.ok) throw new Error(result.message);
    environments.push(
      ...result.value.environments.map((e) => ({ id: e.id, code: e.code, merchantGatewayId })),
    );
  }
  return environments;
}

/** A value as an SQL literal; Uint8Array as $1 (the one DER every bench row carries). */
function literal(value) {
  if (value === null || value === undefined) return "NULL";
  if (value instanceof Uint8Array) return "$1";
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `'${text.replace(/'/g, "''")}'`;
}

/** One INSERT … VALUES of many rows, the way COPY would send them: literals, one shared parameter. */
async function insertRows(prisma, table, rows) {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]);
  const values = rows
    .map((row) => `(${columns.map((c) => literal(row[c])).join(",")})`)
    .join(",\n");
  const der = rows
    .map((row) => Object.values(row).find((v) => v instanceof Uint8Array))
    .find(Boolean);
  const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(",")}) VALUES ${values}`;
  if (der) await prisma.$executeRawUnsafe(sql, der);
  else await prisma.$executeRawUnsafe(sql);
}

async function inBatches(count, make, insert) {
  for (let start = 0; start < count; start += BATCH) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) rows.push(make(i));
    await insert(rows);
  }
}

/**
 * A realistic spread of expiry dates around `now`: 5 % expired (up to a year ago), 5 % expiring
 * (≤ 30 days), 10 % renewal due (31–90 days, the default lead time), 80 % fine (up to 5 years).
 */
export function realisticNotAfter(now, seed = 7) {
  const rnd = random(seed);
  return () => {
    const r = rnd();
    const days =
      r < 0.05
        ? -1 - rnd() * 365
        : r < 0.1
          ? 0.5 + rnd() * 29.5
          : r < 0.2
            ? 31 + rnd() * 59
            : 91 + rnd() * (1826 - 91);
    return new Date(now.getTime() + Math.round(days * DAY_MS));
  };
}

const subjectOf = (cn) => ({
  C: "FR",
  ST: "Ile-de-France",
  L: "Paris",
  O: "Bench Payments",
  OU: "Ops",
  CN: cn,
});
const dn = (cn) => `C=FR, ST=Ile-de-France, L=Paris, O=Bench Payments, OU=Ops, CN=${cn}`;
/** CN of row i: the CN template plus a sequence number, so a search can find one (…/PRD-00042) or many (MGW_000003). */
export const benchCommonName = (env, i) =>
  `TLSMA-EC/${env.merchantGatewayId}/${env.code}-${String(i).padStart(5, "0")}`;

/**
 * Certificates, spread over the environments round-robin. `notAfter(i)` gives each one's expiry;
 * `csrIds(env)` optionally lists CSR ids to link (one per certificate, while they last).
 */
export async function seedCertificates(
  prisma,
  environments,
  count,
  { notAfter, id, csrIds, revokedShare = 0.01 } = {},
) {
  const expiry = notAfter ?? realisticNotAfter(new Date());
  const rnd = random(11);
  const links = new Map(environments.map((e) => [e.id, [...(csrIds?.(e) ?? [])]]));
  const prefix = `bc${crypto.randomBytes(4).toString("hex")}`;
  await inBatches(
    count,
    (i) => {
      const env = environments[i % environments.length];
      const na = expiry(i);
      const cn = benchCommonName(env, i);
      return {
        id: id ? id(i) : `${prefix}${i}`,
        environmentId: env.id,
        der: DER,
        serialNumber: hex(`serial ${i}`).slice(0, 32),
        subjectDn: dn(cn),
        subject: subjectOf(cn),
        commonName: cn,
        issuerDn: "C=FR, O=Thales, CN=Bench Client CA",
        notBefore: new Date(na.getTime() - 1826 * DAY_MS),
        notAfter: na,
        keyType: "EC",
        curve: "P-256",
        signatureAlgorithm: "ecdsa-with-SHA256",
        sha256: hex(`certificate ${i}`),
        publicKeySha256: hex(`key ${i}`),
        compliant: true,
        checks: [{ code: "cert.key_allowed", status: "pass", message: "ECDSA P-256 is accepted." }],
        csrId: links.get(env.id).pop() ?? null,
        revokedAt: rnd() < revokedShare ? new Date(na.getTime() - 400 * DAY_MS) : null,
        revokedReason: null,
        createdByLabel: "bench",
      };
    },
    (rows) => insertRows(prisma, "certificate", rows),
  );
}

/** CSRs spread round-robin, made over the last 5 years; returns the fulfilled ones' ids per environment. */
export async function seedCsrs(prisma, environments, count, now = new Date()) {
  const rnd = random(23);
  const fulfilled = new Map(environments.map((e) => [e.id, []]));
  const statuses = ["fulfilled", "fulfilled", "fulfilled", "submitted", "generated", "cancelled"];
  await inBatches(
    count,
    (i) => {
      const env = environments[i % environments.length];
      const status = statuses[Math.floor(rnd() * statuses.length)];
      const createdAt = new Date(now.getTime() - Math.round(rnd() * 1826 * DAY_MS));
      const id = `benchcsr${i}`;
      if (status === "fulfilled") fulfilled.get(env.id).push(id);
      const cn = benchCommonName(env, i);
      return {
        id,
        environmentId: env.id,
        pem: PEM,
        subjectDn: dn(cn),
        subject: subjectOf(cn),
        commonName: cn,
        keyType: "EC",
        curve: "P-256",
        signatureAlgorithm: "ecdsa-with-SHA256",
        publicKeySha256: hex(`csr key ${i}`),
        origin: i % 3 ? "browser" : "registered",
        status,
        submittedAt: status === "generated" ? null : new Date(createdAt.getTime() + DAY_MS),
        submittedTo: status === "generated" ? null : "Thales D1 onboarding",
        cancelledAt: status === "cancelled" ? new Date(createdAt.getTime() + 2 * DAY_MS) : null,
        cancelReason: status === "cancelled" ? "bench" : null,
        fulfilledAt: status === "fulfilled" ? new Date(createdAt.getTime() + 7 * DAY_MS) : null,
        createdByLabel: "bench",
        createdAt,
        updatedAt: createdAt,
      };
    },
    (rows) => insertRows(prisma, "csr", rows),
  );
  return (env) => fulfilled.get(env.id);
}

/** Trust-store entries across every environment and kind, until there are `total` in all (gateway creation prefills a few). */
export async function seedTrustEntries(prisma, environments, total, now = new Date()) {
  // The enum's database values (schema.prisma @map).
  const kinds = ["client-cert-issuers", "d1-server-roots", "thales-client-ca", "our-server-chain"];
  const prefix = `bt${crypto.randomBytes(4).toString("hex")}`;
  const notAfter = realisticNotAfter(now, 31);
  const count = Math.max(0, total - (await prisma.trustStoreEntry.count()));
  await inBatches(
    count,
    (i) => {
      const env = environments[i % environments.length];
      const na = notAfter(i);
      return {
        id: `${prefix}${i}`,
        environmentId: env.id,
        kind: kinds[Math.floor(i / environments.length) % kinds.length],
        der: DER,
        sha256: hex(`trust ${i}`),
        subjectDn: `C=FR, O=Bench, CN=Bench CA ${i}`,
        issuerDn: `C=FR, O=Bench, CN=Bench Root ${i % 7}`,
        subjectKeyId: hex(`ski ${i}`).slice(0, 40),
        notBefore: new Date(na.getTime() - 3650 * DAY_MS),
        notAfter: na,
        isCa: true,
        selfIssued: i % 7 === 0,
        createdByLabel: "bench",
      };
    },
    (rows) => insertRows(prisma, "trust_store_entry", rows),
  );
}

/**
 * BENCH_SCALE: how many times issue 7's fleet. "10", "10x" or "100k" (certificates) give 100,000
 * certificates, 100,000 CSRs and 20,000 trust-store entries; unset, 1.
 */
export function parseScale(text = process.env.BENCH_SCALE) {
  if (text === undefined || text === "") return 1;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(k|x)?\s*$/i.exec(text);
  if (!m)
    throw new Error(
      `BENCH_SCALE=${text}: give a factor (10, 10x) or a number of certificates (100k)`,
    );
  const scale = m[2]?.toLowerCase() === "k" ? (Number(m[1]) * 1000) / 10_000 : Number(m[1]);
  if (!(scale > 0)) throw new Error(`BENCH_SCALE=${text}: must be more than 0`);
  return scale;
}
export const SCALE = parseScale();

export const FLEET = {
  gateways: 5,
  certificates: Number(process.env.BENCH_CERTIFICATES ?? Math.round(10_000 * SCALE)),
  csrs: Number(process.env.BENCH_CSRS ?? Math.round(10_000 * SCALE)),
  trustEntries: Number(process.env.BENCH_TRUST_ENTRIES ?? Math.round(2_000 * SCALE)),
};

/** The fleet of issue 7 (× BENCH_SCALE): 5 gateways, 10,000 certificates, 10,000 CSRs, 2,000 trust-store entries. */
export async function seedFleet(prisma, fleet = FLEET, now = new Date()) {
  const started = performance.now();
  const environments = await createGateways(prisma, fleet.gateways);
  const csrIds = await seedCsrs(prisma, environments, fleet.csrs, now);
  await seedCertificates(prisma, environments, fleet.certificates, {
    notAfter: realisticNotAfter(now),
    csrIds,
  });
  await seedTrustEntries(prisma, environments, fleet.trustEntries, now);
  const counts = {
    gateways: await prisma.gateway.count(),
    certificates: await prisma.certificate.count(),
    csrs: await prisma.csr.count(),
    trustEntries: await prisma.trustStoreEntry.count(),
  };
  return { environments, counts, seedMs: Math.round(performance.now() - started) };
}

/**
 * BENCH_DRAIN: "sweep" works the first backlog off with real sweeps (one transaction per
 * delivery: ~100 s at 10,000 on a busy machine), "bulk" with the sweep's selection and one
 * UPDATE. Default: sweep for up to 10,000 certificates, bulk above.
 */
const DRAIN = process.env.BENCH_DRAIN ?? (FLEET.certificates > 10_000 ? "bulk" : "sweep");

/** Change it whenever what seedFleet or the drain writes changes: cached fleets of another format are not used. */
const SEED_FORMAT = "2026-12-06.1";
const CACHE_HOURS = Number(process.env.BENCH_SEED_CACHE_HOURS ?? 6);
const CACHE_DIR = path.join(os.tmpdir(), "d1-bench-fleets");

/** What a cached fleet must match: the fleet, the schema (migrations) and this seeding code. */
function fleetKey(kind, fleet) {
  const migrations = fs
    .readdirSync("prisma/migrations")
    .filter((m) => /^\d/.test(m))
    .sort()
    .map((m) => m + fs.readFileSync(path.join("prisma/migrations", m, "migration.sql"), "utf8"))
    .join(",");
  return `${kind}-${fleet.certificates}-${crypto
    .createHash("sha256")
    .update(JSON.stringify(fleet) + migrations + SEED_FORMAT)
    .digest("hex")
    .slice(0, 12)}`;
}

function readCache(key) {
  if (!(CACHE_HOURS > 0)) return undefined;
  const file = path.join(CACHE_DIR, `${key}.json`);
  if (!fs.existsSync(file)) return undefined;
  const meta = JSON.parse(fs.readFileSync(file, "utf8"));
  if (Date.now() - Date.parse(meta.cachedAt) < CACHE_HOURS * 3_600_000) return meta;
  return undefined;
}

/** Creates the admin and its token with the CLI, then works off the reminder backlog. */
async function prepare(env) {
  const { createAccount } = await import("./support.mjs");
  const account = createAccount(env);
  const reminders = await drainReminders(env);
  return { account, reminders };
}

/**
 * A fresh, migrated database of the given kind, seeded with the fleet, with an admin and its
 * token, its reminder backlog worked off, and closed again, ready for the app: `env` is what to
 * start the app with; `drop()` removes it. From the cache when a fleet like it was seeded less
 * than BENCH_SEED_CACHE_HOURS ago (`cached` then says when; `seedMs` is that seeding's).
 * PostgreSQL gets VACUUM ANALYZE, as autovacuum would do within a minute of such inserts; PGlite has
 * no autovacuum, so it is left as it is: the app vacuums it when it opens it (lib/db/pglite.ts).
 */
export async function seededDatabase(kind, fleet = FLEET) {
  const key = fleetKey(kind, fleet);
  const cached = readCache(key);
  const copyStarted = performance.now();
  if (kind === "pglite") {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-bench-"));
    const env = { DATA_DIR: dataDir, DATABASE_URL: "" };
    const drop = async () => fs.rmSync(dataDir, { recursive: true, force: true });
    if (cached) {
      fs.cpSync(cached.dataDir, dataDir, { recursive: true });
      return {
        kind,
        label: "PGlite",
        ...cached.seeded,
        account: cached.account,
        reminders: cached.reminders,
        cached: { at: cached.cachedAt, copyMs: Math.round(performance.now() - copyStarted) },
        env,
        drop,
      };
    }
    const opened = await openDatabase("bench seed", { kind: "pglite", dataDir });
    let seeded;
    try {
      seeded = await seedFleet(opened.prisma, fleet);
    } finally {
      await opened.close();
    }
    const { account, reminders } = await prepare(env);
    if (CACHE_HOURS > 0) {
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      const copy = path.join(CACHE_DIR, key);
      fs.rmSync(copy, { recursive: true, force: true });
      fs.cpSync(dataDir, copy, { recursive: true });
      const { environments, ...rest } = seeded;
      fs.writeFileSync(
        path.join(CACHE_DIR, `${key}.json`),
        JSON.stringify({
          cachedAt: new Date().toISOString(),
          dataDir: copy,
          seeded: rest,
          account,
          reminders,
        }),
      );
    }
    return { kind, label: "PGlite", ...seeded, account, reminders, env, drop };
  }
  if (cached) {
    const { url, drop } = await createBenchPostgres(cached.template);
    return {
      kind,
      label: "PostgreSQL",
      ...cached.seeded,
      account: cached.account,
      reminders: cached.reminders,
      cached: { at: cached.cachedAt, copyMs: Math.round(performance.now() - copyStarted) },
      env: { DATABASE_URL: url },
      drop,
    };
  }
  const { url, drop } = await createBenchPostgres();
  const env = { DATABASE_URL: url };
  const opened = await openDatabase("bench seed", { kind: "postgres", url });
  let seeded;
  try {
    seeded = await seedFleet(opened.prisma, fleet);
    await opened.prisma.$executeRawUnsafe("VACUUM ANALYZE");
  } finally {
    await opened.close();
  }
  const { account, reminders } = await prepare(env);
  if (CACHE_HOURS > 0) {
    // A copy of the drained database, as the template of the next runs' databases.
    const template = `d1_bench_fleet_${key.replace(/[^a-z0-9]/gi, "_")}`;
    await adminSql(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await adminSql(`CREATE DATABASE ${template} TEMPLATE ${new URL(url).pathname.slice(1)}`);
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const { environments, ...rest } = seeded;
    fs.writeFileSync(
      path.join(CACHE_DIR, `${key}.json`),
      JSON.stringify({
        cachedAt: new Date().toISOString(),
        template,
        seeded: rest,
        account,
        reminders,
      }),
    );
  }
  return { kind, label: "PostgreSQL", ...seeded, account, reminders, env, drop };
}

/**
 * Works off the reminders a freshly seeded fleet has due all at once (and their in-app
 * notifications to the users that exist by then), as the app's scheduler would over its first
 * sweeps; so that the measured server is in its steady state, not busy with that backlog.
 */
export async function drainReminders(env) {
  const target = env.DATABASE_URL
    ? { kind: "postgres", url: env.DATABASE_URL }
    : { kind: "pglite", dataDir: env.DATA_DIR };
  const opened = await openDatabase("bench reminders", target);
  const started = performance.now();
  let sweeps = 0;
  let deliveries = 0;
  try {
    if (DRAIN === "bulk") {
      // The sweep's own selection and planning, then every new delivery marked sent in one
      // statement: the sweeps' end state without ~50,000 one-delivery transactions (no in-app
      // notifications are written). Then one real sweep, which finds nothing left to do.
      const now = new Date();
      let more = true;
      while (more && sweeps < 50) {
        const due = await selectDuePairs(opened.prisma, now, 20_000);
        deliveries += await insertDeliveries(opened.prisma, planDeliveries(due.pairs, false), now);
        await opened.prisma
          .$executeRaw`UPDATE reminder_delivery SET status = 'sent', "sentAt" = ${now}, attempts = 1 WHERE status = 'pending'`;
        more = due.more;
        sweeps++;
      }
      // The other targets of a sweep (ADR 0023): trust-store entries (one per entry at this
      // fleet's size), findings and the yearly review, likewise; without them the app's first
      // sweep sends thousands of trust-store reminders while it is being measured.
      const settings = await environmentSettings(opened.prisma);
      const found = await collectFindings(opened.prisma, now, FINDING_SOURCES);
      const others = [
        ...(await findingPairs(opened.prisma, found, settings)),
        ...(await selectReviewPairs(opened.prisma, settings, now)),
        ...(await selectTrustEntryPairs(opened.prisma, settings, now)),
      ];
      deliveries += await insertDeliveries(opened.prisma, planTargetDeliveries(others, false), now);
      await opened.prisma
        .$executeRaw`UPDATE reminder_delivery SET status = 'sent', "sentAt" = ${now}, attempts = 1 WHERE status = 'pending'`;
      const last = await runSweep(opened.prisma);
      if (last.created > 0)
        console.warn(`bench drain: the check sweep still found ${last.created} new deliveries`);
      return { sweeps, deliveries, ms: Math.round(performance.now() - started), drain: "bulk" };
    }
    let summary;
    do {
      summary = await runSweep(opened.prisma);
      sweeps++;
      deliveries += summary.created;
    } while (summary.more && sweeps < 50);
  } finally {
    await opened.close();
  }
  return { sweeps, deliveries, ms: Math.round(performance.now() - started) };
}

export const POSTGRES_ADMIN_URL =
  process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function adminSql(sql) {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** An empty database d1_bench_<pid> on the local PostgreSQL (replaced if a crashed run left one), or a copy of `template`. */
export async function createBenchPostgres(template) {
  const name = `d1_bench_${process.pid}`;
  const run = adminSql;
  await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await run(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * The production server on a freshly seeded fleet, signed in: `cookie` for pages, `app.token`
 * for the API. Its reminder backlog is worked off before it starts. `stop()` stops it and drops
 * the database.
 */
export async function startSeededApp(kind, fleet = FLEET) {
  const { freePort, signIn, startApp } = await import("./support.mjs");
  const seedStarted = performance.now();
  const database = await seededDatabase(kind, fleet);
  const { reminders } = database;
  // Without the reminder scheduler: its first sweep, 15 s after start, fell on whichever part of
  // a bench ran then. bench:load runs a sweep where it measures the pages during one.
  const app = await startApp(await freePort(), {
    env: { ...database.env, REMINDERS_SCHEDULER: "off" },
    account: database.account,
  });
  console.log(
    `${database.label}: seeded ${JSON.stringify(database.counts)} in ${Math.round(database.seedMs / 1000)} s; ` +
      `first reminder sweeps (${reminders.sweeps}, ${reminders.deliveries} deliveries) in ${Math.round(reminders.ms / 1000)} s; ` +
      (database.cached
        ? `(that fleet copied from the one cached at ${database.cached.at} in ${Math.round(database.cached.copyMs / 1000)} s) `
        : "") +
      `ready in ${Math.round((performance.now() - seedStarted) / 1000)} s`,
  );
  try {
    const cookie = await signIn(app);
    return {
      database,
      reminders,
      app,
      cookie,
      stop: async () => {
        await app.stop();
        await database.drop();
      },
    };
  } catch (error) {
    await app.stop();
    await database.drop();
    throw error;
  }
}
