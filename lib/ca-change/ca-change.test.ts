// The Thales Client CA ledger: what it accepts, the state it derives from the trust store, and
// the reconciliation findings, on both databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { makeCaFixtures, type CaFixtures } from "@/lib/pki/test-support/ca";
import { parseCertificateBundle, type ParsedCertificate } from "@/lib/pki";
import { addTrustEntries, removeTrustEntry } from "@/lib/trust-store/mutations";
import { seedGateway, testAdmin, at, plusDays } from "@/lib/reminder/test-support";
import { clientCaChangeSchema } from "./schema";
import { recordClientCaChange } from "./mutations";
import { listClientCaChanges } from "./data";
import { reconcileClientCa } from "./findings";
import { announceFindings, caChangeFindings } from "./announce";
import { insertUser } from "@/lib/reminder/test-support";

let fx: CaFixtures;
const parse = async (pem: string) => (await parseCertificateBundle(pem)).certificates;
const input = (fields: Record<string, unknown>) =>
  clientCaChangeSchema.parse({ source: "notice", receivedAt: "2026-01-10", notes: "", ...fields });

beforeAll(() => {
  fx = makeCaFixtures();
});
afterAll(() => fx.ssl.cleanup());

describe("a change's input", () => {
  it("names each problem with its field", () => {
    const result = clientCaChangeSchema.safeParse({
      source: "email",
      receivedAt: "10/01/2026",
      effectiveAt: "soon",
      replacesSha256: "abc",
    });
    const fields = Object.fromEntries(result.error!.issues.map((i) => [i.path[0], i.message]));
    expect(fields).toMatchObject({
      source: expect.stringContaining("onboarding, a notice from Thales, or a probe"),
      receivedAt: "Enter the date it was received as YYYY-MM-DD.",
      effectiveAt: "Enter the announced effective date as YYYY-MM-DD.",
      replacesSha256: expect.stringContaining("64 hex digits"),
    });
    expect(
      clientCaChangeSchema.safeParse({ source: "notice", receivedAt: "2999-01-01" }).error
        ?.issues[0]?.message,
    ).toBe("The date received cannot be in the future.");
    // A fingerprint pasted with colons, as openssl prints it, is accepted.
    expect(input({ replacesSha256: `${"AB:".repeat(31)}AB` }).replacesSha256).toBe("ab".repeat(32));
  });
});

describe.each(DATABASE_KINDS)("Thales Client CA ledger on %s", (kind) => {
  let t: TestDatabase;
  let gw: { id: string; ppr: string; prd: string };
  let oldCa: ParsedCertificate;
  let newCa: ParsedCertificate;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_CACHG1" });
    oldCa = (await parse(fx.root))[0]!;
    newCa = (await parse(fx.unrelatedCa))[0]!;
  });
  afterAll(() => t.drop());

  it("refuses a leaf (pinning), a bundle, and a CA replacing itself, storing nothing", async () => {
    const before = await t.prisma.auditEvent.count();
    const leaf = await recordClientCaChange(
      t.prisma,
      testAdmin,
      gw.ppr,
      await parse(fx.good),
      input({}),
    );
    expect(leaf).toMatchObject({ ok: false, status: 422, code: "leaf_pinning" });
    expect(leaf.ok || leaf.message).toMatch(/pinning/);
    expect(
      await recordClientCaChange(
        t.prisma,
        testAdmin,
        gw.ppr,
        await parse(fx.root + fx.unrelatedCa),
        input({}),
      ),
    ).toMatchObject({ ok: false, code: "one_certificate" });
    expect(
      await recordClientCaChange(
        t.prisma,
        testAdmin,
        gw.ppr,
        [newCa],
        input({ replacesSha256: newCa.sha256 }),
      ),
    ).toMatchObject({ ok: false, code: "replaces_itself" });
    expect(await t.prisma.clientCaChange.count()).toBe(0);
    expect(await t.prisma.auditEvent.count()).toBe(before);
  });

  it("moves announced → trusted when the CA enters the store, → completed once the old one is gone after the effective date", async () => {
    await addTrustEntries(t.prisma, testAdmin, gw.ppr, "thales-client-ca", [oldCa], "test");
    const recorded = await recordClientCaChange(
      t.prisma,
      testAdmin,
      gw.ppr,
      [newCa],
      input({ effectiveAt: "2026-03-01", replacesSha256: oldCa.sha256, notes: "Notice THL-42" }),
    );
    expect(recorded.ok).toBe(true);
    expect(
      await recordClientCaChange(t.prisma, testAdmin, gw.ppr, [newCa], input({})),
    ).toMatchObject({ ok: false, status: 409, code: "duplicate" });
    const state = async (now: Date) => (await listClientCaChanges(t.prisma, gw.ppr, now))[0]!;
    expect(await state(at("2026-02-01T00:00:00Z"))).toMatchObject({
      state: "announced",
      replacesSubject: oldCa.subjectDn,
      notes: "Notice THL-42",
    });

    await addTrustEntries(t.prisma, testAdmin, gw.ppr, "thales-client-ca", [newCa], "test");
    expect((await state(at("2026-02-01T00:00:00Z"))).state).toBe("trusted");
    // Both trusted during the overlap; removing the old one completes the change after the effective date.
    const oldEntry = await t.prisma.trustStoreEntry.findFirstOrThrow({
      where: { environmentId: gw.ppr, sha256: oldCa.sha256 },
    });
    await removeTrustEntry(t.prisma, testAdmin, oldEntry.id);
    expect((await state(at("2026-02-15T00:00:00Z"))).state).toBe("trusted");
    expect((await state(at("2026-03-02T00:00:00Z"))).state).toBe("completed");
    const audit = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: "client_ca_change.record" },
    });
    expect(audit.summary).toMatchObject({
      sha256: newCa.sha256,
      source: "notice",
      effectiveAt: "2026-03-01T00:00:00.000Z",
    });
  });

  it("finds an untrusted CA near its effective date and an old CA kept too long; PPR and PRD trusting different CAs is no finding", async () => {
    const codes = async (env: string, now: Date) =>
      (await reconcileClientCa(t.prisma, env, now)).map((f) => `${f.code}:${f.severity}`);
    // PRD: the new CA announced for 2026-06-01, not trusted; the old one trusted.
    await addTrustEntries(t.prisma, testAdmin, gw.prd, "thales-client-ca", [oldCa], "test");
    await recordClientCaChange(
      t.prisma,
      testAdmin,
      gw.prd,
      [newCa],
      input({ effectiveAt: "2026-06-01", replacesSha256: oldCa.sha256 }),
    );
    // The two environments trust different Thales Client CAs: they are isolated, so that is fine.
    const stores = async (env: string) =>
      (
        await t.prisma.trustStoreEntry.findMany({
          where: { environmentId: env, kind: "thales_client_ca" },
        })
      ).map((e) => e.sha256);
    expect(await stores(gw.ppr)).toEqual([newCa.sha256]);
    expect(await stores(gw.prd)).toEqual([oldCa.sha256]);
    expect(await codes(gw.ppr, at("2026-04-01T00:00:00Z"))).toEqual([]);
    expect(await codes(gw.prd, at("2026-04-01T00:00:00Z"))).toEqual([]);
    expect(await codes(gw.prd, at("2026-05-10T00:00:00Z"))).toEqual(["new-ca-not-trusted:warning"]);
    expect(await codes(gw.prd, at("2026-06-03T00:00:00Z"))).toEqual([
      "new-ca-not-trusted:critical",
    ]);
    // Trusted, but the old one stays: fine during the overlap, a finding 30 days after.
    await addTrustEntries(t.prisma, testAdmin, gw.prd, "thales-client-ca", [newCa], "test");
    expect(await codes(gw.prd, at("2026-06-20T00:00:00Z"))).toEqual([]);
    expect(await codes(gw.prd, plusDays(at("2026-06-01T00:00:00Z"), 31))).toEqual([
      "old-ca-still-trusted:warning",
    ]);
    // PRD now trusts old and new, PPR only the new one: still nothing to say about the difference.
    expect(await codes(gw.ppr, plusDays(at("2026-06-01T00:00:00Z"), 31))).toEqual([]);
  });

  it("reports a leaf that sits in the Thales Client CA store as pinning", async () => {
    const [leaf] = await parse(fx.good);
    await t.prisma.trustStoreEntry.create({
      data: {
        environmentId: gw.ppr,
        kind: "thales_client_ca",
        der: new Uint8Array(leaf!.der),
        sha256: leaf!.sha256,
        subjectDn: leaf!.subjectDn,
        issuerDn: leaf!.issuerDn,
        notBefore: leaf!.notBefore,
        notAfter: leaf!.notAfter,
        isCa: false,
        selfIssued: false,
        createdByLabel: "legacy import",
      },
    });
    const findings = await reconcileClientCa(t.prisma, gw.ppr, at("2026-06-20T00:00:00Z"));
    expect(findings.map((f) => f.code)).toEqual(["leaf-pinned"]);
    expect(findings[0]!.message).toContain("pinning");
  });

  it("rings the bell once per finding and user, however many sweeps run", async () => {
    const [a] = [
      await insertUser(t.prisma, "ops-a@example.com", "operator"),
      await insertUser(t.prisma, "ops-b@example.com"),
    ];
    const now = at("2026-06-20T00:00:00Z");
    const findings =
      (await reconcileClientCa(t.prisma, gw.ppr, now)).length +
      (await reconcileClientCa(t.prisma, gw.prd, now)).length;
    expect(findings).toBeGreaterThan(0);
    expect(await announceFindings(t.prisma, now)).toBe(findings * 2);
    expect(await announceFindings(t.prisma, now)).toBe(0);
    const mine = await t.prisma.notification.findMany({ where: { userId: a!.id } });
    expect(mine[0]!.title).toMatch(/^Critical: Thales Client CA · MGW_CACHG1 PPR$/);
    expect(mine[0]!.link).toBe("/gateways/MGW_CACHG1/PPR/trust-stores");
  });

  it("gives way between environments and finds the same as without", async () => {
    const now = at("2026-06-20T00:00:00Z");
    const environments = await t.prisma.environment.count();
    expect(environments).toBeGreaterThanOrEqual(2);
    let waits = 0;
    const giving = await caChangeFindings(t.prisma, now, async () => {
      waits++;
    });
    expect(waits).toBe(environments - 1);
    expect(giving).toEqual(await caChangeFindings(t.prisma, now));
    expect(giving.length).toBeGreaterThan(0);
  });
});
