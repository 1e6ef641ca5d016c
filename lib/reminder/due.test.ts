// The sweep's SQL names each threshold with the rule of lib/renewal/dates.ts dueThreshold (it
// must, to skip the deliveries that already exist). Random dates, lead times and thresholds,
// boundaries included, on both databases: the two must agree to the millisecond.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { dueThreshold, startRenewalBy } from "@/lib/renewal/dates";
import { dueCandidatesSql } from "./due";
import { DAY, insertCertificate, seedGateway } from "./test-support";

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
