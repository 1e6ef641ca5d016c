// The sweep's SQL names each threshold with the rule of lib/renewal/dates.ts dueThreshold (it
// must, to skip the deliveries that already exist). Random dates, lead times and thresholds,
// boundaries included, on both databases: the two must agree to the millisecond.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { dueThreshold, startRenewalBy } from "@/lib/renewal/dates";
import { acknowledge } from "./mutations";
import { dueCandidatesSql, environmentSettings, selectDuePairs, widestWindowDays } from "./due";
import { DAY, insertCertificate, plusDays, seedGateway, testAdmin } from "./test-support";

describe.each(DATABASE_KINDS)("due thresholds in SQL and in dueThreshold on %s", (kind) => {
  let t: TestDatabase;
  let gatewayId = "";
  let certificateId = "";
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_000001" });
    gatewayId = gw.id;
    certificateId = (await insertCertificate(t.prisma, gw.prd, new Date("2031-01-01T00:00:00Z")))
      .id;
  });
  afterAll(() => t.drop());

  it("agree for random dates, lead times and thresholds, on and around every boundary", async () => {
    const base = Date.parse("2030-06-01T00:00:00Z");
    const scenario = fc.record({
      notAfterMs: fc.integer({ min: base, max: base + 900 * DAY }),
      leadDays: fc.integer({ min: 7, max: 400 }),
      thresholds: fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { maxLength: 8 }),
      subject: fc.constantFrom("start-renewal-by", "expiry"),
      // now: anywhere, or exactly on (or 1 ms beside) a threshold or the date itself
      pick: fc.nat(8),
      shift: fc.constantFrom(-1, 0, 1, 3_600_000, -3_600_000),
      freeNowMs: fc.integer({ min: base - 200 * DAY, max: base + 1200 * DAY }),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const notAfter = new Date(s.notAfterMs);
        const date = s.subject === "expiry" ? notAfter : startRenewalBy(notAfter, s.leadDays);
        const crossing = [0, ...s.thresholds][s.pick % (s.thresholds.length + 1)]!;
        const now =
          s.pick === 8
            ? new Date(s.freeNowMs)
            : new Date(date.getTime() - crossing * DAY + s.shift);
        await t.prisma.gateway.update({
          where: { id: gatewayId },
          data: { reminderThresholds: s.thresholds, renewalLeadDays: s.leadDays },
        });
        await t.prisma.certificate.update({ where: { id: certificateId }, data: { notAfter } });
        const farBound = new Date(now.getTime() + 2000 * DAY);
        const rows = await t.prisma.$queryRaw<{ subject: string; threshold: string }[]>(
          dueCandidatesSql(now, farBound),
        );
        const sql = rows.find((r) => r.subject === s.subject)?.threshold ?? null;
        expect(sql).toBe(dueThreshold(date, s.thresholds, now));
      }),
      { numRuns: 150 },
    );
  });
});

// The selection reads the window in slices of certificates by expiry date (one statement each, so
// that PGlite serves requests between them). Put end to end, the slices must give the single
// statement's rows in its order, wherever a slice ends, and with runs of equal dates (which a
// slice takes whole, past its size).
describe.each(DATABASE_KINDS)("due pairs read in slices on %s", (kind) => {
  let t: TestDatabase;
  const now = new Date("2035-01-01T00:00:00Z");
  let single: string[] = [];
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_000001" });
    // Equal dates in both environments; one expired, one outside the window (90 + 120 days).
    const days = [10, 10, 10, 20, 20, 40, 40, 40, 40, -5, -5, 200, 300];
    const certs = [];
    for (const d of days)
      for (const env of [gw.ppr, gw.prd])
        certs.push(await insertCertificate(t.prisma, env, plusDays(now, d)));
    // Some certificates in the window have nothing due: revoked, or both subjects acknowledged.
    await t.prisma.certificate.updateMany({
      where: { id: { in: [certs[1]!.id, certs[7]!.id, certs[12]!.id] } },
      data: { revokedAt: now },
    });
    for (const subject of ["start-renewal-by", "expiry"] as const)
      for (const c of [certs[4]!, certs[13]!])
        expect(
          (await acknowledge(t.prisma, testAdmin, { certificateId: c.id, subject }, now)).ok,
        ).toBe(true);
    const bound = new Date(
      now.getTime() + widestWindowDays(await environmentSettings(t.prisma)) * DAY,
    );
    const rows = await t.prisma.$queryRaw<
      { certificateId: string; subject: string; threshold: string }[]
    >(dueCandidatesSql(now, bound, 10_000));
    single = rows.map((r) => `${r.certificateId} ${r.subject} ${r.threshold}`);
  });
  afterAll(() => t.drop());

  it("gives the single statement's rows, in order, for every slice size and limit", async () => {
    // 22 certificates with both subjects due and the two at +200 days with start-renewal-by's
    // 120d only, less 3 revoked and 2 acknowledged (both subjects): 2 × 17 + 2.
    expect(single.length).toBe(36);
    for (const size of [1, 2, 3, 5, 7, 24, 1000])
      for (const limit of [1, 4, 9, 35, 36, 37, 1000]) {
        const { pairs, more } = await selectDuePairs(t.prisma, now, limit, { sliceSize: size });
        const sliced = pairs.map((p) => `${p.certificateId} ${p.subject} ${p.threshold}`);
        expect(sliced, `slices of ${size}, limit ${limit}`).toEqual(single.slice(0, limit));
        expect(more, `slices of ${size}, limit ${limit}`).toBe(single.length >= limit);
      }
  });
});
