// The overview's trigger-kept aggregates (ADR 0021) must always give the figures a full
// recomputation gives: random changes of every kind the app makes (imports, supersessions,
// revocations, deletions, lead-time changes, trust-store additions and removals, reminders sent,
// acknowledged and snoozed, a backup restored), then the overview read both ways and compared, at
// instants on and around every boundary; and the page's cached overview, whose parts are kept
// until one of the tables each reads changes, must follow every change. No timings here: speed is the bench's (npm run bench).
import crypto from "node:crypto";
import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { insertCertificate, seedGateway, plusDays, at, DAY } from "@/lib/reminder/test-support";
import { exportDatabase } from "@/lib/backup/export";
import { importDatabase } from "@/lib/backup/import";
import { cachedOverview, loadOverview } from "./data";

type Db = TestDatabase["prisma"];

/** mulberry32: the same random walk on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const KINDS = [
  "client_cert_issuers",
  "d1_server_roots",
  "thales_client_ca",
  "our_server_chain",
] as const;
const SUBJECTS = ["start-renewal-by", "expiry"];

/** What the triggers keep, recomputed from the records with plain GROUP BYs. */
async function aggregatesFromScratch(db: Db) {
  const buckets = await db.$queryRawUnsafe<{ key: string; n: number }[]>(`
    SELECT "environmentId" || '|' || source || '|' || category || '|' || day::text AS key, n FROM (
      SELECT "environmentId", 'certificate' AS source, certificate_category("revokedAt", "supersededById") AS category, "notAfter"::date AS day, count(*)::int AS n
      FROM certificate GROUP BY 1, 3, 4
      UNION ALL
      SELECT "environmentId", 'trust', kind::text || CASE WHEN "isCa" THEN ':ca' ELSE ':leaf' END, "notAfter"::date, count(*)::int
      FROM trust_store_entry GROUP BY 1, 3, 4) x ORDER BY 1`);
  const open = await db.$queryRawUnsafe<
    { certificateId: string; environmentId: string; open: number }[]
  >(`
    SELECT c.id AS "certificateId", c."environmentId", count(DISTINCT rd.subject)::int AS open
    FROM reminder_delivery rd JOIN certificate c ON c.id = rd."certificateId"
    WHERE rd.status = 'sent' AND c."revokedAt" IS NULL AND c."supersededById" IS NULL
      AND NOT EXISTS (SELECT 1 FROM reminder_state rs WHERE rs."certificateId" = rd."certificateId" AND rs.subject = rd.subject AND rs."acknowledgedAt" IS NOT NULL)
    GROUP BY 1, 2 ORDER BY 1`);
  return { buckets, open };
}
async function aggregatesKept(db: Db) {
  const buckets = await db.$queryRawUnsafe<{ key: string; n: number }[]>(
    `SELECT "environmentId" || '|' || source || '|' || category || '|' || day::text AS key, n FROM expiry_bucket WHERE n <> 0 ORDER BY 1`,
  );
  const open = await db.$queryRawUnsafe<
    { certificateId: string; environmentId: string; open: number }[]
  >(`SELECT "certificateId", "environmentId", open FROM reminder_open ORDER BY 1`);
  return { buckets, open };
}

/** The overview both ways at `now`: from the aggregates (what the page shows) and from every record. */
async function expectSameOverview(db: Db, now: Date, label: string) {
  const [kept, full] = await Promise.all([
    loadOverview(db, now, "aggregates"),
    loadOverview(db, now, "records"),
  ]);
  expect(kept, `${label} at ${now.toISOString()}`).toEqual(full);
  return kept;
}

describe.each(DATABASE_KINDS)("overview aggregates on %s", (kind) => {
  let t: TestDatabase;
  const rnd = random(2026);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const now = at("2027-03-10T12:00:00Z");
  let environments: string[] = [];
  let gateways: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const a = await seedGateway(t.prisma, { merchantGatewayId: "MGW_AGG001" });
    const b = await seedGateway(t.prisma, {
      merchantGatewayId: "MGW_AGG002",
      renewalLeadDays: 120,
    });
    gateways = [a.id, b.id];
    environments = [a.ppr, a.prd, b.ppr, b.prd];
  }, 60_000);
  afterAll(() => t?.drop());

  /** notAfter near the instants that matter (now, +31 days, + the lead times, the timeline's ends), or anywhere. */
  function randomNotAfter(): Date {
    const anchors = [0, 31, 60, 90, 120, 365, 5 * 365, 5 * 365 + 90, 5 * 365 + 120];
    if (rnd() < 0.6)
      return new Date(plusDays(now, pick(anchors)).getTime() + Math.round((rnd() - 0.5) * 2 * DAY));
    return plusDays(now, -400 + rnd() * 2400);
  }

  /** Writes only the overview's checklist and CA-change parts read. */
  async function checklistOrCaChange(db: Db): Promise<string> {
    const environmentId = pick(environments);
    const choice = rnd();
    if (choice < 0.4) {
      await db.checklistTick.create({
        data: {
          environmentId,
          item: pick(["outbound.oauth-client", "inbound.tls-dns", "outbound.reachable"]),
          note: "test",
          doneOn: now,
          tickedByLabel: "test",
        },
      });
      return "checklist tick";
    }
    if (choice < 0.6) {
      const tick = await db.checklistTick.findFirst({ select: { id: true } });
      if (!tick) return "no tick";
      await db.checklistTick.delete({ where: { id: tick.id } });
      return "checklist untick";
    }
    const sha = crypto.randomBytes(32).toString("hex");
    await db.clientCaChange.create({
      data: {
        environmentId,
        der: new Uint8Array([1]),
        sha256: sha,
        subjectDn: `CN=New Thales CA ${sha.slice(0, 6)}`,
        issuerDn: "CN=Root",
        notBefore: plusDays(now, -10),
        notAfter: plusDays(now, 3650),
        source: "notice",
        receivedAt: now,
        effectiveAt: plusDays(now, pick([-5, 20])),
        createdByLabel: "test",
      },
    });
    return "CA change";
  }

  async function randomChange(): Promise<string> {
    const db = t.prisma;
    const live = () =>
      db.certificate.findMany({
        where: { revokedAt: null, supersededById: null },
        select: { id: true, environmentId: true },
      });
    if (rnd() < 0.12) return checklistOrCaChange(db);
    const r = rnd();
    if (r < 0.2) {
      const n = 1 + Math.floor(rnd() * 5);
      for (let i = 0; i < n; i++) await insertCertificate(db, pick(environments), randomNotAfter());
      return `import ${n}`;
    }
    if (r < 0.28) {
      // Bulk import in one statement (createMany): one trigger run for many rows.
      const env = pick(environments);
      await db.certificate.createMany({
        data: Array.from({ length: 20 }, (_, i) => {
          const hex = crypto.randomBytes(8).toString("hex");
          const notAfter = randomNotAfter();
          return {
            environmentId: env,
            der: new Uint8Array([1]),
            serialNumber: hex,
            subjectDn: `CN=bulk ${hex}`,
            subject: {},
            commonName: `bulk ${hex}`,
            issuerDn: "CN=Test",
            notBefore: plusDays(notAfter, -365),
            notAfter,
            keyType: "EC",
            signatureAlgorithm: "ecdsa-with-SHA256",
            sha256: crypto
              .createHash("sha256")
              .update(hex + i)
              .digest("hex"),
            publicKeySha256: hex,
            compliant: true,
            checks: [],
            revokedAt: rnd() < 0.2 ? now : null,
            createdByLabel: "test",
          };
        }),
      });
      return "bulk import";
    }
    if (r < 0.38) {
      const certs = await live();
      if (certs.length < 2) return "nothing to supersede";
      const old = pick(certs);
      const successor = await insertCertificate(db, old.environmentId, randomNotAfter());
      await db.certificate.update({
        where: { id: old.id },
        data: { supersededById: successor.id },
      });
      return "supersede";
    }
    if (r < 0.46) {
      const certs = await live();
      if (!certs.length) return "nothing to revoke";
      await db.certificate.update({
        where: { id: pick(certs).id },
        data: { revokedAt: now, revokedReason: "test" },
      });
      return "revoke";
    }
    if (r < 0.5) {
      // Undo a revocation (as a restore of an older state would).
      const revoked = await db.certificate.findFirst({ where: { revokedAt: { not: null } } });
      if (!revoked) return "nothing revoked";
      await db.certificate.update({ where: { id: revoked.id }, data: { revokedAt: null } });
      return "unrevoke";
    }
    if (r < 0.56) {
      // Delete: certificates nothing refers to, several in one statement; and a date changed in place.
      const free = await db.certificate.findMany({
        where: {
          deliveries: { none: {} },
          reminderStates: { none: {} },
          predecessors: { none: {} },
          installations: { none: {} },
          renewalsFrom: { none: {} },
          renewalsTo: { none: {} },
        },
        select: { id: true },
        take: 3,
      });
      await db.certificate.deleteMany({ where: { id: { in: free.map((c) => c.id) } } });
      const moved = await db.certificate.findFirst({ select: { id: true } });
      if (moved)
        await db.certificate.update({
          where: { id: moved.id },
          data: { notAfter: randomNotAfter() },
        });
      return `delete ${free.length}`;
    }
    if (r < 0.62) {
      if (rnd() < 0.5)
        await db.environment.update({
          where: { id: pick(environments) },
          data: { renewalLeadDaysOverride: pick([null, 30, 45, 90, 200]) },
        });
      else
        await db.gateway.update({
          where: { id: pick(gateways) },
          data: { renewalLeadDays: pick([60, 90, 120]) },
        });
      return "lead time";
    }
    if (r < 0.72) {
      const env = pick(environments);
      const notAfter = rnd() < 0.5 ? plusDays(now, 90 + (rnd() - 0.5) * 2) : randomNotAfter();
      const sha = crypto.randomBytes(32).toString("hex");
      await db.trustStoreEntry.create({
        data: {
          environmentId: env,
          kind: pick(KINDS),
          der: new Uint8Array([1]),
          sha256: sha,
          subjectDn: `CN=CA ${sha.slice(0, 6)}`,
          issuerDn: "CN=Root",
          notBefore: plusDays(notAfter, -3650),
          notAfter,
          isCa: rnd() < 0.8,
          selfIssued: false,
          createdByLabel: "test",
        },
      });
      return "trust add";
    }
    if (r < 0.78) {
      const entry = await db.trustStoreEntry.findFirst({
        skip: Math.floor(rnd() * 5),
        select: { id: true },
      });
      if (!entry) return "no trust entry";
      await db.trustStoreEntry.delete({ where: { id: entry.id } });
      return "trust remove";
    }
    if (r < 0.9) {
      // A sweep: deliveries, pending then sent or failed. Some are about trust-store entries
      // (no certificate): the open-reminder counts must ignore them.
      if (rnd() < 0.25) {
        const entry = await db.trustStoreEntry.findFirst({ select: { id: true } });
        if (!entry) return "no trust entry";
        const key = {
          targetKind: "trust-store-entry",
          targetKey: entry.id,
          subject: pick(SUBJECTS),
          threshold: "30d",
          channel: pick(["email", "webhook"]),
        };
        const d = await db.reminderDelivery.upsert({
          where: { targetKind_targetKey_subject_threshold_channel: key },
          create: key,
          update: {},
        });
        await db.reminderDelivery.update({ where: { id: d.id }, data: { status: "sent" } });
        return "trust reminder delivery";
      }
      const certs = await db.certificate.findMany({ select: { id: true }, take: 50 });
      if (!certs.length) return "no certificate";
      const certificateId = pick(certs).id;
      const key = {
        targetKind: "certificate",
        targetKey: certificateId,
        subject: pick(SUBJECTS),
        threshold: pick(["30d", "14d", "7d"]),
        channel: pick(["email", "webhook"]),
      };
      const delivery = await db.reminderDelivery.upsert({
        where: { targetKind_targetKey_subject_threshold_channel: key },
        create: { ...key, certificateId },
        update: {},
      });
      await db.reminderDelivery.update({
        where: { id: delivery.id },
        data: { status: pick(["sent", "sent", "failed", "pending"]), attempts: { increment: 1 } },
      });
      return "reminder delivery";
    }
    // Acknowledge, snooze or clear a reminder subject.
    const sent = await db.reminderDelivery.findMany({
      where: { status: "sent", certificateId: { not: null } },
      select: { certificateId: true, subject: true },
      take: 30,
    });
    if (!sent.length) return "nothing sent";
    const chosen = pick(sent);
    const { subject } = chosen;
    const certificateId = chosen.certificateId!;
    const choice = rnd();
    if (choice < 0.2) {
      await db.reminderState.deleteMany({ where: { certificateId, subject } });
      return "reminder state cleared";
    }
    const data =
      choice < 0.55
        ? { acknowledgedAt: now, acknowledgedBy: "test", snoozedUntil: null }
        : { acknowledgedAt: null, snoozedUntil: plusDays(now, pick([-1, 0.5, 3])) };
    await db.reminderState.upsert({
      where: { certificateId_subject: { certificateId, subject } },
      create: { certificateId, subject, ...data },
      update: data,
    });
    return "reminder state";
  }

  const instants = () => [
    now,
    plusDays(now, 0.0001),
    plusDays(now, -0.5),
    plusDays(now, 1 + rnd() * 100),
    new Date(Date.UTC(2027, 2, 10, 23, 59, 59, 999)),
    new Date(Date.UTC(2027, 2, 11, 0, 0, 0, 0)),
  ];

  afterEach(() => vi.useRealTimers());

  it("equal a full recomputation after each of 120 random changes, at instants around every boundary", async () => {
    // The page's cache reads the clock: held at `now`, so that only the changes can refresh it.
    vi.useFakeTimers({ toFake: ["Date"], now });
    const done: Record<string, number> = {};
    for (let step = 0; step < 120; step++) {
      const what = await randomChange();
      done[what] = (done[what] ?? 0) + 1;
      const { computedAt: _, ...cached } = await cachedOverview(t.prisma);
      expect(cached, `the cached overview after ${what} (step ${step})`).toEqual(
        await loadOverview(t.prisma, now, "records"),
      );
      if (step % 4 === 3) {
        expect(await aggregatesKept(t.prisma), `after ${what} (step ${step})`).toEqual(
          await aggregatesFromScratch(t.prisma),
        );
        for (const instant of step % 20 === 19 ? instants() : [now])
          await expectSameOverview(t.prisma, instant, `after ${what} (step ${step})`);
      }
    }
    // The random walk did reach every kind of change, and the figures are not trivially empty.
    for (const kind of [
      "import",
      "bulk import",
      "supersede",
      "revoke",
      "lead time",
      "trust add",
      "trust remove",
      "reminder delivery",
      "reminder state",
      "checklist tick",
      "CA change",
    ]) {
      expect(
        Object.keys(done).some((k) => k.startsWith(kind)),
        `${kind} in ${JSON.stringify(done)}`,
      ).toBe(true);
    }
    // Which rows the walk picks follows the tables' physical order (PostgreSQL's autovacuum moves
    // it), so whether an unacknowledged reminder is left at the end is chance: leave one for sure.
    const live = await t.prisma.certificate.findFirstOrThrow({
      where: { revokedAt: null, supersededById: null },
      orderBy: { id: "asc" },
    });
    await t.prisma.reminderState.deleteMany({ where: { certificateId: live.id } });
    await t.prisma.reminderDelivery.create({
      data: {
        targetKind: "certificate",
        targetKey: live.id,
        certificateId: live.id,
        subject: "expiry",
        threshold: "final",
        channel: "email",
        status: "sent",
      },
    });
    const { computedAt: _, ...cached } = await cachedOverview(t.prisma);
    expect(cached, "the cached overview at the end").toEqual(
      await loadOverview(t.prisma, now, "records"),
    );
    const overview = await expectSameOverview(t.prisma, now, "final");
    expect(Object.values(overview.counts).reduce((a, b) => a + b, 0)).toBeGreaterThan(50);
    expect(overview.rows.some((r) => r.unacknowledgedReminders > 0)).toBe(true);
    expect(overview.timeline.monthly.some((b) => b.expiries > 0 && b.startRenewalBy > 0)).toBe(
      true,
    );
  }, 240_000);

  it("are rebuilt when a backup is restored into an empty database", async () => {
    const chunks: Buffer[] = [];
    await exportDatabase(
      t.prisma,
      new Writable({
        write: (chunk: Buffer, _enc, done) => {
          chunks.push(chunk);
          done();
        },
      }),
    );
    const copy = await createTestDatabase(kind);
    try {
      await importDatabase(copy.prisma, Buffer.concat(chunks).toString("utf8"));
      expect(await aggregatesKept(copy.prisma)).toEqual(await aggregatesKept(t.prisma));
      expect(await aggregatesKept(copy.prisma)).toEqual(await aggregatesFromScratch(copy.prisma));
      expect(await loadOverview(copy.prisma, now)).toEqual(await loadOverview(t.prisma, now));
    } finally {
      await copy.drop();
    }
  }, 120_000);

  it("follow a TRUNCATE too", async () => {
    await t.prisma.$executeRawUnsafe(`TRUNCATE reminder_state`);
    expect(await aggregatesKept(t.prisma)).toEqual(await aggregatesFromScratch(t.prisma));
    await t.prisma.$executeRawUnsafe(
      `TRUNCATE reminder_delivery, delivery_attempt, certificate, trust_store_entry CASCADE`,
    );
    expect(await aggregatesKept(t.prisma)).toEqual({ buckets: [], open: [] });
    // The search's copies of the names follow a TRUNCATE too (migration 20261206030000).
    expect(
      await t.prisma.$queryRaw`SELECT (SELECT count(*) FROM certificate_name)::int AS certificates,
                                      (SELECT count(*) FROM trust_store_entry_name)::int AS entries`,
    ).toEqual([{ certificates: 0, entries: 0 }]);
    await expectSameOverview(t.prisma, now, "after truncate");
    // And what comes after it.
    const env = environments[0]!;
    for (const days of [-1, 10, 45, 100, 400])
      await insertCertificate(t.prisma, env, plusDays(now, days));
    expect(await aggregatesKept(t.prisma)).toEqual(await aggregatesFromScratch(t.prisma));
    const overview = await expectSameOverview(t.prisma, now, "after truncate and imports");
    expect(Object.values(overview.counts).reduce((a, b) => a + b, 0)).toBe(5);
  });
});

// The counts and timeline sums of the days away from every boundary are kept between writes and
// brought up to date with the buckets a write changed (lib/overview/histogram.ts): a lead time
// changes no bucket, yet moves certificates between states and start-renewal-by months.
describe.each(DATABASE_KINDS)("the overview's figures kept between writes on %s", (kind) => {
  let t: TestDatabase;
  const now = at("2027-03-10T12:00:00Z");
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  }, 60_000);
  afterAll(() => t?.drop());

  it("follow a lead time change, which moves no bucket, and a revocation", async () => {
    const g = await seedGateway(t.prisma, { merchantGatewayId: "MGW_KEPT01", renewalLeadDays: 90 });
    // 100 days out (no boundary day): OK with a 90-day lead, renewal due with a 120-day one.
    const soon = await insertCertificate(t.prisma, g.ppr, plusDays(now, 100));
    await insertCertificate(t.prisma, g.prd, plusDays(now, 200));
    const first = await expectSameOverview(t.prisma, now, "at first");
    expect(first.counts).toMatchObject({ ok: 2, "renewal-due": 0, revoked: 0 });
    const startsIn = (o: typeof first, month: string) =>
      o.timeline.monthly.find((b) => b.start === month)?.startRenewalBy;
    // Start renewal by: 2027-03-20 and 2027-06-28.
    expect([startsIn(first, "2027-03-01"), startsIn(first, "2027-06-01")]).toEqual([1, 1]);

    await t.prisma.gateway.update({ where: { id: g.id }, data: { renewalLeadDays: 120 } });
    const longer = await expectSameOverview(t.prisma, now, "after the lead time");
    expect(longer.counts).toMatchObject({ ok: 1, "renewal-due": 1 });
    // Now 2027-02-18 (past: renewal due, off the timeline) and 2027-05-29.
    expect(
      ["2027-03-01", "2027-05-01", "2027-06-01"].map((month) => startsIn(longer, month)),
    ).toEqual([0, 1, 0]);

    await t.prisma.certificate.update({ where: { id: soon.id }, data: { revokedAt: now } });
    const revoked = await expectSameOverview(t.prisma, now, "after the revocation");
    expect(revoked.counts).toMatchObject({ ok: 1, "renewal-due": 0, revoked: 1 });
  });
});
