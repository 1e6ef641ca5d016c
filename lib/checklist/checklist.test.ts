// The onboarding checklist: 0% on a new environment, items ticked by evidence from the inventory,
// manual ticks by a named person (audited, refused where evidence already proves the item).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { makeCaFixtures, type CaFixtures } from "@/lib/pki/test-support/ca";
import { parseCertificateBundle } from "@/lib/pki";
import { addTrustEntries } from "@/lib/trust-store/mutations";
import { seedGateway, testAdmin, insertCertificate } from "@/lib/reminder/test-support";
import { evaluateChecklist } from "./evaluate";
import { checklistProgress } from "./progress";
import { tickItem, untickItem } from "./mutations";
import { manualTickSchema } from "./schema";
import { CHECKLIST_ITEMS } from "./items";

let fx: CaFixtures;
beforeAll(() => {
  fx = makeCaFixtures();
});
afterAll(() => fx.ssl.cleanup());

/** The items done, per the detailed checklist; the overview's batched progress must count as many. */
const doneIds = async (db: TestDatabase["prisma"], env: string) => {
  const detailed = await evaluateChecklist(db, env);
  expect((await checklistProgress(db, [env])).get(env)).toEqual({
    done: detailed.done,
    total: detailed.total,
    percent: detailed.percent,
  });
  return detailed.rows.filter((r) => r.done).map((r) => r.id);
};

describe("a manual tick's input", () => {
  it("needs a known item, a note and a past date", () => {
    const fields = (v: object) =>
      Object.fromEntries(
        manualTickSchema.safeParse(v).error!.issues.map((i) => [i.path[0], i.message]),
      );
    expect(fields({ item: "outbound.coffee", note: "", doneOn: "tomorrow" })).toEqual({
      item: "No such checklist item.",
      note: "Say what you checked, in a few words (it is kept with the tick).",
      doneOn: "Enter the date it was done as YYYY-MM-DD.",
    });
    expect(
      fields({ item: "outbound.oauth-client", note: "Not used", doneOn: "2999-01-01" }),
    ).toEqual({ doneOn: "The date it was done cannot be in the future." });
  });
});

describe.each(DATABASE_KINDS)("onboarding checklist on %s", (kind) => {
  let t: TestDatabase;
  let gw: { id: string; ppr: string; prd: string };
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_CHECK1" });
  });
  afterAll(() => t.drop());

  it("starts at 0% on a new environment, although its D1 server roots are prefilled", async () => {
    expect(
      await t.prisma.trustStoreEntry.count({
        where: { environmentId: gw.ppr, kind: "d1_server_roots" },
      }),
    ).toBe(5);
    const list = await evaluateChecklist(t.prisma, gw.ppr);
    expect([list.done, list.total, list.percent]).toEqual([0, CHECKLIST_ITEMS.length, 0]);
  });

  it("ticks items from evidence: CSR, submission, matched certificate, Thales CA without leaf, signing key, probes, server chain", async () => {
    const csr = await t.prisma.csr.create({
      data: {
        environmentId: gw.ppr,
        pem: "-",
        subjectDn: "CN=x",
        subject: {},
        commonName: "TLSMA-ECDSA/MGW_CHECK1/PPR",
        keyType: "ECDSA",
        curve: "P-256",
        signatureAlgorithm: "ecdsa-with-SHA256",
        publicKeySha256: "a".repeat(64),
        origin: "browser",
        createdByLabel: "ops",
      },
    });
    expect(await doneIds(t.prisma, gw.ppr)).toEqual(["inbound.csr-generated"]);
    await t.prisma.csr.update({
      where: { id: csr.id },
      data: { status: "submitted", submittedAt: new Date() },
    });
    const cert = await insertCertificate(
      t.prisma,
      gw.ppr,
      new Date(Date.now() + 1800 * 86_400_000),
    );
    await t.prisma.certificate.update({ where: { id: cert.id }, data: { compliant: false } });
    expect(await doneIds(t.prisma, gw.ppr)).not.toContain("inbound.certificate-received"); // unverified or non-compliant
    await t.prisma.certificate.update({ where: { id: cert.id }, data: { compliant: true } });
    expect(await doneIds(t.prisma, gw.ppr)).toContain("inbound.certificate-received"); // adopted: no CSR on record, compliant
    await t.prisma.certificate.update({
      where: { id: cert.id },
      data: { csrId: csr.id, compliant: true },
    });
    await addTrustEntries(
      t.prisma,
      testAdmin,
      gw.ppr,
      "thales-client-ca",
      (await parseCertificateBundle(fx.root)).certificates,
      "test",
    );
    await t.prisma.signingKey.create({
      data: {
        environmentId: gw.ppr,
        publicKeyPem: "-",
        jwk: {},
        thumbprint: "t".repeat(43),
        onboardedAt: new Date(),
        createdByLabel: "ops",
      },
    });
    expect(await doneIds(t.prisma, gw.ppr)).toEqual([
      "inbound.csr-generated",
      "inbound.csr-sent",
      "inbound.certificate-received",
      "inbound.oauth-key",
      "outbound.thales-ca-trusted",
    ]);

    // Probes: an IP literal does not prove DNS-only resolution; a host name that verified against the D1 roots does.
    const probe = async (direction: string, host: string, port: number, result: object) => {
      const target = await t.prisma.probeTarget.create({
        data: { environmentId: gw.ppr, direction, host, port, createdByLabel: "admin" },
      });
      await t.prisma.probeResult.create({
        data: { targetId: target.id, ok: true, durationMs: 40, result },
      });
    };
    const passed = {
      dns: { addresses: [{ address: "192.0.2.10", family: 4, ttl: 60 }] },
      tls12: { ok: true },
      tls13: { ok: true },
      reachable: true,
    };
    await probe("inbound", "192.0.2.10", 443, {
      ...passed,
      chain: { verified: true, verifiedAgainst: "d1-server-roots" },
    });
    expect(await doneIds(t.prisma, gw.ppr)).toContain("inbound.d1-roots-trusted");
    expect(await doneIds(t.prisma, gw.ppr)).not.toContain("inbound.tls-dns");
    await probe("inbound", "api.d1-stg.example.net", 443, {
      ...passed,
      chain: { verified: true, verifiedAgainst: "mozilla" },
    });
    await probe("outbound", "d1.merchant.example", 9443, {
      ...passed,
      chain: null,
      clientCertRequired: true,
    });
    const afterProbes = await doneIds(t.prisma, gw.ppr);
    expect(afterProbes).toContain("inbound.tls-dns");
    expect(afterProbes).toContain("outbound.tls");
    expect(afterProbes).not.toContain("outbound.reachable"); // 9443 is neither 443 nor 8443
    await t.prisma.serverChainChange.create({
      data: {
        environmentId: gw.ppr,
        chainPem: "-",
        summary: {},
        plannedAt: new Date(),
        status: "acknowledged",
        notifiedAt: new Date(),
        acknowledgedAt: new Date(),
        createdByLabel: "ops",
      },
    });
    const row = (await evaluateChecklist(t.prisma, gw.ppr)).rows.find(
      (r) => r.id === "outbound.server-chain-given",
    )!;
    expect(row.evidence?.label).toBe("Server chain change acknowledged by Thales");
    // PRD has none of it: PPR and PRD never share material.
    expect(await doneIds(t.prisma, gw.prd)).toEqual([]);
    // The overview's batched progress counts the same.
    const progress = await checklistProgress(t.prisma, [gw.ppr, gw.prd]);
    const detailed = await evaluateChecklist(t.prisma, gw.ppr);
    expect(progress.get(gw.ppr)).toEqual({
      done: detailed.done,
      total: detailed.total,
      percent: detailed.percent,
    });
    expect(progress.get(gw.prd)).toMatchObject({ done: 0, percent: 0 });
  });

  it("takes a manual tick with who and when, refuses one where evidence proves the item, and audits tick and untick", async () => {
    const before = await t.prisma.auditEvent.count();
    const proven = await tickItem(
      t.prisma,
      testAdmin,
      gw.ppr,
      manualTickSchema.parse({ item: "inbound.csr-generated", note: "Done", doneOn: "2026-01-05" }),
    );
    expect(proven).toMatchObject({ ok: false, code: "proven" });
    const tick = manualTickSchema.parse({
      item: "outbound.oauth-client",
      note: "Not used: Thales does not call our token endpoint",
      doneOn: "2026-01-05",
    });
    expect(await tickItem(t.prisma, testAdmin, gw.ppr, tick)).toEqual({ ok: true });
    expect(await tickItem(t.prisma, testAdmin, gw.ppr, tick)).toMatchObject({
      ok: false,
      code: "already_ticked",
    });
    const row = (await evaluateChecklist(t.prisma, gw.ppr)).rows.find(
      (r) => r.id === "outbound.oauth-client",
    )!;
    expect(row).toMatchObject({
      done: true,
      evidence: null,
      tick: { by: testAdmin.label, note: "Not used: Thales does not call our token endpoint" },
    });
    expect(row.tick!.doneOn.toISOString()).toBe("2026-01-05T00:00:00.000Z");
    expect(await untickItem(t.prisma, testAdmin, gw.ppr, "outbound.oauth-client")).toEqual({
      ok: true,
    });
    expect(await untickItem(t.prisma, testAdmin, gw.ppr, "outbound.oauth-client")).toMatchObject({
      ok: false,
      code: "not_ticked",
    });
    const events = await t.prisma.auditEvent.findMany({
      where: { seq: { gt: BigInt(0) }, action: { startsWith: "checklist." } },
      orderBy: { seq: "asc" },
    });
    expect(events.map((e) => e.action)).toEqual(["checklist.tick", "checklist.untick"]);
    expect(await t.prisma.auditEvent.count()).toBe(before + 2);
  });
});
