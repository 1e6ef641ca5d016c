// The per-environment renewal lead time: validated, audited, and followed by the sweep.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { selectDuePairs } from "@/lib/reminder/due";
import { at, insertCertificate, seedGateway, testAdmin } from "@/lib/reminder/test-support";
import { renewalLeadOverrideSchema } from "./schema";
import { setRenewalLeadOverride } from "./mutations";

describe("lead time input", () => {
  it("takes whole days from 7 to 730, or null for the gateway's", () => {
    expect(renewalLeadOverrideSchema.parse({ renewalLeadDaysOverride: "120" })).toEqual({
      renewalLeadDaysOverride: 120,
    });
    expect(renewalLeadOverrideSchema.parse({ renewalLeadDaysOverride: null })).toEqual({
      renewalLeadDaysOverride: null,
    });
    const message = (v: unknown) =>
      renewalLeadOverrideSchema.safeParse({ renewalLeadDaysOverride: v }).error?.issues[0]?.message;
    expect(message(3)).toMatch(/at least 7 days/);
    expect(message(5000)).toMatch(/at most 730 days/);
    expect(message(30.5)).toMatch(/whole number/);
    expect(message("soon")).toBeDefined();
  });
});

describe.each(DATABASE_KINDS)("renewal lead override on %s", (kind) => {
  let t: TestDatabase;
  let gw: { id: string; ppr: string; prd: string };
  let pprCert = "";
  let prdCert = "";
  const now = at("2031-01-01T00:00:00Z");
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_LEAD01", reminderThresholds: [30] });
    // Not-after 2031-06-30: start-renewal-by is 2031-04-01 with 90 days, 2030-12-02 with 210.
    pprCert = (await insertCertificate(t.prisma, gw.ppr, at("2031-06-30T00:00:00Z"))).id;
    prdCert = (await insertCertificate(t.prisma, gw.prd, at("2031-06-30T00:00:00Z"))).id;
  });
  afterAll(() => t.drop());

  const dueFor = async (certificateId: string) =>
    (await selectDuePairs(t.prisma, now)).pairs.filter(
      (p) => p.certificateId === certificateId && p.subject === "start-renewal-by",
    );

  it("moves only that environment's start-renewal-by, and is audited once per change", async () => {
    expect(await dueFor(pprCert)).toEqual([]);
    const before = await t.prisma.auditEvent.count();
    const result = await setRenewalLeadOverride(t.prisma, testAdmin, gw.ppr, {
      renewalLeadDaysOverride: 210,
    });
    expect(result).toEqual({
      ok: true,
      value: { renewalLeadDaysOverride: 210, effectiveLeadDays: 210 },
    });
    expect((await dueFor(pprCert)).map((p) => p.threshold)).toEqual(["overdue:2031-01-01"]);
    expect(await dueFor(prdCert)).toEqual([]);
    // Saving the same value again changes nothing and records nothing.
    await setRenewalLeadOverride(t.prisma, testAdmin, gw.ppr, { renewalLeadDaysOverride: 210 });
    const events = await t.prisma.auditEvent.findMany({
      where: { seq: { gt: BigInt(0) }, action: "environment.renewal-lead.update" },
    });
    expect(events).toHaveLength(1);
    expect(events[0]!.summary).toMatchObject({
      env: "PPR",
      from: null,
      to: 210,
      gatewayDefault: 90,
    });
    expect(await t.prisma.auditEvent.count()).toBe(before + 1);
  });

  it("goes back to the gateway's lead time when cleared, and refuses an unknown environment", async () => {
    expect(
      await setRenewalLeadOverride(t.prisma, testAdmin, gw.ppr, { renewalLeadDaysOverride: null }),
    ).toMatchObject({ ok: true, value: { effectiveLeadDays: 90 } });
    expect(await dueFor(pprCert)).toEqual([]);
    const before = await t.prisma.auditEvent.count();
    expect(
      await setRenewalLeadOverride(t.prisma, testAdmin, "nope", { renewalLeadDaysOverride: 100 }),
    ).toMatchObject({ ok: false, code: "not_found" });
    expect(await t.prisma.auditEvent.count()).toBe(before);
  });
});
