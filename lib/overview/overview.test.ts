// The overview's numbers, computed by the database, must agree with lib/renewal/dates.ts; its
// rows come most urgent first; the timeline counts per month and week.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { insertCertificate, seedGateway, plusDays, at } from "@/lib/reminder/test-support";
import { lifecycleState } from "@/lib/renewal/dates";
import {
  CERTIFICATE_SORTS,
  CERTIFICATE_STATE_FILTERS,
  listCertificates,
  listCertificatesForApi,
  listCertificateSummaries,
  type CertificateSort,
} from "@/lib/certificate/data";
import { toCertificateDto } from "@/lib/certificate/dto";
import { loadOverview } from "./data";
import { loadTimeline } from "./timeline";

describe.each(DATABASE_KINDS)("overview on %s", (kind) => {
  let t: TestDatabase;
  const now = at("2027-03-10T12:00:00Z");
  let calm: { ppr: string; prd: string };
  let urgent: { ppr: string; prd: string };
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    calm = await seedGateway(t.prisma, { merchantGatewayId: "MGW_CALM01" });
    urgent = await seedGateway(t.prisma, { merchantGatewayId: "MGW_URGENT", renewalLeadDays: 120 });
    // Around each boundary of each state, in both gateways' lead times.
    for (const days of [-3, 0.5, 15, 30.4, 31.2, 60, 89.9, 90.1, 119.5, 121, 400, 1700]) {
      await insertCertificate(t.prisma, calm.ppr, plusDays(now, days));
      await insertCertificate(t.prisma, urgent.prd, plusDays(now, days));
    }
    const successor = await insertCertificate(t.prisma, calm.prd, plusDays(now, 1800));
    await insertCertificate(t.prisma, calm.prd, plusDays(now, 10), {
      supersededById: successor.id,
    });
    const revoked = await insertCertificate(t.prisma, calm.prd, plusDays(now, 500));
    await t.prisma.certificate.update({ where: { id: revoked.id }, data: { revokedAt: now } });
    // The urgent gateway's PPR: its certificate in service expires in 20 days.
    await insertCertificate(t.prisma, urgent.ppr, plusDays(now, 20));
  });
  afterAll(() => t.drop());

  it("counts certificates by state exactly as lib/renewal/dates.ts names them", async () => {
    const { counts } = await loadOverview(t.prisma, now);
    const all = await t.prisma.certificate.findMany({
      include: { environment: { include: { gateway: true } } },
    });
    const expected = {
      ok: 0,
      "renewal-due": 0,
      expiring: 0,
      expired: 0,
      superseded: 0,
      revoked: 0,
    };
    for (const c of all) {
      if (c.revokedAt) expected.revoked++;
      else if (c.supersededById) expected.superseded++;
      else
        expected[
          lifecycleState(
            c.notAfter,
            c.environment.renewalLeadDaysOverride ?? c.environment.gateway.renewalLeadDays,
            now,
          )
        ]++;
    }
    expect(counts).toEqual(expected);
    expect(expected.revoked + expected.superseded).toBe(2);
    expect(expected["renewal-due"]).toBeGreaterThan(0);
    // The inventory's state filter agrees, state by state.
    for (const state of [
      "ok",
      "renewal-due",
      "expiring",
      "expired",
      "superseded",
      "revoked",
    ] as const) {
      expect((await listCertificates(t.prisma, { state, now })).total, state).toBe(expected[state]);
    }
  });

  it("the inventory's one-query summary lists and counts exactly what the full query does, for every filter and sort", async () => {
    const envs = [undefined, [calm.ppr, urgent.prd], [urgent.ppr], []];
    for (const state of [undefined, ...CERTIFICATE_STATE_FILTERS]) {
      for (const environmentIds of envs) {
        for (const expiringWithinDays of [undefined, 30, 100]) {
          for (const sort of Object.keys(CERTIFICATE_SORTS) as CertificateSort[]) {
            const filter = { state, environmentIds, expiringWithinDays, now };
            const label = JSON.stringify({
              state,
              environmentIds: environmentIds?.length,
              expiringWithinDays,
              sort,
            });
            const [full, summary] = await Promise.all([
              listCertificates(t.prisma, filter, 1, 7, sort),
              listCertificateSummaries(t.prisma, filter, 1, 7, sort),
            ]);
            expect(summary.total, label).toBe(full.total);
            expect(
              summary.rows.map((r) => r.id),
              label,
            ).toEqual(full.rows.map((r) => r.id));
          }
        }
      }
    }
    const [full, summary] = await Promise.all([
      listCertificates(t.prisma, { now }, 2, 5),
      listCertificateSummaries(t.prisma, { now }, 2, 5),
    ]);
    expect(summary.rows).toEqual(
      full.rows.map((r) => ({
        id: r.id,
        commonName: r.commonName,
        serialNumber: r.serialNumber,
        issuerDn: r.issuerDn,
        sha256: r.sha256,
        compliant: r.compliant,
        supersededById: r.supersededById,
        csrId: r.csrId,
        keyType: r.keyType,
        keySize: r.keySize,
        curve: r.curve,
        checks: r.checks,
        notBefore: r.notBefore,
        notAfter: r.notAfter,
        revokedAt: r.revokedAt,
        environment: r.environment,
      })),
    );
  });

  it("the API's one-query page gives the same certificates, as the API shows them, as the full query", async () => {
    for (const environmentIds of [undefined, [urgent.prd], []]) {
      for (const expiringWithinDays of [undefined, 30]) {
        for (const [page, pageSize] of [
          [1, 3],
          [2, 3],
          [1, 1000],
        ] as const) {
          const filter = { environmentIds, expiringWithinDays, now };
          const label = JSON.stringify({
            environmentIds: environmentIds?.length,
            expiringWithinDays,
            page,
            pageSize,
          });
          const [full, api] = await Promise.all([
            listCertificates(t.prisma, filter, page, pageSize),
            listCertificatesForApi(t.prisma, filter, page, pageSize),
          ]);
          expect(api.total, label).toBe(full.total);
          expect(api.pages, label).toBe(full.pages);
          expect(
            api.rows.map((r) => ({ ...toCertificateDto(r, now), environment: r.environment })),
            label,
          ).toEqual(
            full.rows.map((r) => ({ ...toCertificateDto(r, now), environment: r.environment })),
          );
        }
      }
    }
  });

  it("remembers an inventory total until a certificate is written", async () => {
    const before = (await listCertificateSummaries(t.prisma, { environmentIds: [calm.ppr] })).total;
    expect((await listCertificateSummaries(t.prisma, { environmentIds: [calm.ppr] })).total).toBe(
      before,
    );
    await insertCertificate(t.prisma, calm.ppr, plusDays(new Date(), 700));
    expect((await listCertificateSummaries(t.prisma, { environmentIds: [calm.ppr] })).total).toBe(
      before + 1,
    );
  });

  it("shares an inventory page until a certificate is written, then shows the write", async () => {
    const filter = { environmentIds: [calm.ppr] };
    const first = await listCertificateSummaries(t.prisma, filter, 1, 50, "-createdAt");
    // The same page again is the same shared result: no second read.
    expect(await listCertificateSummaries(t.prisma, filter, 1, 50, "-createdAt")).toBe(first);
    const added = await insertCertificate(t.prisma, calm.ppr, plusDays(new Date(), 900));
    const after = await listCertificateSummaries(t.prisma, filter, 1, 50, "-createdAt");
    expect(after).not.toBe(first);
    expect(after.total).toBe(first.total + 1);
    expect(after.rows[0]!.id).toBe(added.id);
    // A revocation moves it out of "ok" at once as well.
    const ok = () => listCertificateSummaries(t.prisma, { ...filter, state: "ok" }, 1, 50);
    expect((await ok()).rows.map((r) => r.id)).toContain(added.id);
    await t.prisma.certificate.update({ where: { id: added.id }, data: { revokedAt: new Date() } });
    expect((await ok()).rows.map((r) => r.id)).not.toContain(added.id);
  });

  it("lists every environment, most urgent first, with the certificate in service and its start-renewal-by", async () => {
    const { rows } = await loadOverview(t.prisma, now);
    expect(rows.map((r) => `${r.merchantGatewayId} ${r.code}`)).toEqual([
      "MGW_URGENT PPR",
      "MGW_CALM01 PPR",
      "MGW_URGENT PRD",
      "MGW_CALM01 PRD",
    ]);
    const [first] = rows;
    expect(first!.certificate).toMatchObject({ state: "expiring", daysLeft: 20 });
    expect(first!.certificate!.startRenewalBy.toISOString()).toBe(
      plusDays(now, 20 - 120).toISOString(),
    );
    // The certificate in service is the latest expiry, not superseded, not revoked.
    const calmPrd = rows.find((r) => r.merchantGatewayId === "MGW_CALM01" && r.code === "PRD")!;
    expect(calmPrd.certificate).toMatchObject({ daysLeft: 1800, state: "ok" });
    expect(calmPrd.storeWarnings).toContain("Thales Client CA is empty");
    // Its compliant certificate (no CSR on record: adopted) proves "certificate received" (ADR 0014).
    expect(calmPrd.checklist).toEqual({ done: 1, total: 11, percent: 9 });
  });

  it("counts expiries and start-renewal-by dates per month over 5 years and per week over 12 months", async () => {
    const timeline = await loadTimeline(t.prisma, now);
    expect(timeline.monthly).toHaveLength(61);
    expect(timeline.weekly).toHaveLength(53);
    const live = await t.prisma.certificate.findMany({
      where: { revokedAt: null, supersededById: null, notAfter: { gt: now } },
    });
    expect(timeline.monthly.reduce((n, b) => n + b.expiries, 0)).toBe(
      live.filter((c) => c.notAfter <= plusDays(now, 5 * 365 + 1)).length,
    );
    // 2027-03-10 + 15 days: March 2027, week of Monday 2027-03-22.
    expect(timeline.monthly[0]).toMatchObject({ start: "2027-03-01" });
    expect(timeline.weekly.find((w) => w.start === "2027-03-22")!.expiries).toBe(2);
  });
});

describe.each(DATABASE_KINDS)("overview of a new install on %s", (kind) => {
  it("with no gateway yet, shows nothing rather than failing (from the aggregates and from the records)", async () => {
    const t = await createTestDatabase(kind);
    try {
      for (const from of ["aggregates", "records"] as const) {
        const { rows, counts } = await loadOverview(t.prisma, new Date(), from);
        expect(rows).toEqual([]);
        expect(Object.values(counts).every((n) => n === 0)).toBe(true);
      }
    } finally {
      await t.drop();
    }
  });
});
