import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { makeCaFixtures, type CaFixtures } from "@/lib/pki/test-support/ca";
import type { Actor } from "@/lib/auth/actor";
import { createGateway } from "@/lib/gateway/mutations";
import { registerCsr } from "@/lib/csr/mutations";
import { addTrustEntries, parseForStore } from "@/lib/trust-store/mutations";
import { exportTrustStorePem } from "@/lib/trust-store/data";
import { importCertificate } from "./import";

const operator: Actor = { type: "user", id: "u2", label: "ops@example.com", role: "operator" };
const admin: Actor = { type: "user", id: "u1", label: "admin@example.com", role: "admin" };
let fx: CaFixtures;
beforeAll(() => {
  fx = makeCaFixtures();
}, 120_000);
afterAll(() => fx.ssl.cleanup());

describe.each(DATABASE_KINDS)("certificate import on %s", (kind) => {
  let t: TestDatabase;
  let ppr = "";
  const auditCount = () => t.prisma.auditEvent.count();
  const store = async (slug: Parameters<typeof addTrustEntries>[3], input: string) => {
    const parsed = await parseForStore(input);
    if (!parsed.ok) throw new Error(parsed.message);
    return addTrustEntries(t.prisma, operator, ppr, slug, parsed.certificates, "test");
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const gateway = await createGateway(t.prisma, operator, {
      merchantGatewayId: "MGW_000001",
      name: "EU",
    });
    if (!gateway.ok) throw new Error("no gateway");
    [ppr] = gateway.value.environments.map((e) => e.id) as [string, string];
    const csr = await registerCsr(t.prisma, operator, {
      environmentId: ppr,
      pem: fx.clientCsr,
      origin: "registered",
    });
    expect(csr.ok).toBe(true);
  });
  afterAll(() => t.drop());

  it("imports the issued certificate: compliant, matched, its CSR fulfilled, two audit records", async () => {
    const added = await store("client-cert-issuers", fx.issuing + fx.root);
    expect(added.ok && added.report.added.length).toBe(2);
    const before = await auditCount();
    const result = await importCertificate(t.prisma, operator, ppr, fx.good);
    expect(result).toMatchObject({ ok: true, compliant: true, failures: [] });
    if (!result.ok) return;
    expect(result.checks.map((c) => [c.code, c.status])).toEqual(
      expect.arrayContaining([
        ["cert.matches_csr", "pass"],
        ["cert.chain_verifies", "pass"],
        ["cert.eku_client_auth", "pass"],
      ]),
    );
    const csr = await t.prisma.csr.findUniqueOrThrow({ where: { id: result.matchedCsrId! } });
    expect(csr.status).toBe("fulfilled");
    const audit = await t.prisma.auditEvent.findMany({
      where: { seq: { gt: BigInt(before) } },
      orderBy: { seq: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["certificate.import", "csr.fulfil"]);
  });

  it("refuses the same certificate again with 409 and stores nothing", async () => {
    const before = [await t.prisma.certificate.count(), await auditCount()];
    expect(await importCertificate(t.prisma, operator, ppr, fx.good)).toMatchObject({
      ok: false,
      status: 409,
      code: "duplicate",
    });
    expect([await t.prisma.certificate.count(), await auditCount()]).toEqual(before);
  });

  it.each([
    ["RSA 2048", () => fx.rsa2048, "cert.key_allowed"],
    ["SHA-1", () => fx.sha1, "cert.signature_sha256"],
    ["one year", () => fx.oneYear, "cert.validity_about_5_years"],
    ["expired", () => fx.expired, "cert.valid_now"],
    ["serverAuth only", () => fx.serverAuthOnly, "cert.eku_client_auth"],
    ["an unrelated CA", () => fx.unrelated, "cert.chain_verifies"],
  ])(
    "stores a certificate with %s only as non-compliant, naming the failure",
    async (_what, pem, code) => {
      const result = await importCertificate(t.prisma, operator, ppr, pem());
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.compliant).toBe(false);
      expect(result.failures.map((f) => f.code)).toContain(code);
      const stored = await t.prisma.certificate.findUniqueOrThrow({ where: { id: result.id } });
      expect(stored.compliant).toBe(false);
    },
  );

  it.each([
    ["garbage", () => fx.garbage, 422, "input.undecodable"],
    ["a private key", () => fx.ssl.read("client.key"), 422, "private_key_exposed"],
    ["a CSR", () => fx.clientCsr, 422, "input.not_a_certificate"],
    ["a CA certificate alone", () => fx.issuing, 422, "input.not_a_client_certificate"],
    ["10 MB", () => fx.huge, 422, "input."],
  ])("refuses %s with a 4xx and stores nothing", async (_what, input, status, code) => {
    const before = [await t.prisma.certificate.count(), await auditCount()];
    const result = await importCertificate(t.prisma, operator, ppr, input());
    expect(result).toMatchObject({ ok: false, status });
    expect(result.ok ? "" : result.code).toContain(code);
    expect(result.ok ? "" : result.message.length).toBeGreaterThan(20);
    expect([await t.prisma.certificate.count(), await auditCount()]).toEqual(before);
  });
});

describe.each(DATABASE_KINDS)("trust stores on %s", (kind) => {
  let t: TestDatabase;
  let ppr = "";
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const gateway = await createGateway(t.prisma, operator, {
      merchantGatewayId: "MGW_000002",
      name: "EU",
    });
    if (!gateway.ok) throw new Error("no gateway");
    ppr = gateway.value.environments[0]!.id;
  });
  afterAll(() => t.drop());

  it("refuses a leaf in thales-client-ca with the pinning explanation, adds CAs, skips duplicates", async () => {
    const parsed = await parseForStore(fx.good + fx.issuing + fx.issuing + fx.root);
    if (!parsed.ok) throw new Error(parsed.message);
    const first = await addTrustEntries(
      t.prisma,
      operator,
      ppr,
      "thales-client-ca",
      parsed.certificates,
      "test",
    );
    if (!first.ok) throw new Error(first.message);
    expect(first.report.added.map((a) => a.subject)).toEqual([
      expect.stringContaining("Issuing CA"),
      expect.stringContaining("Root CA"),
    ]);
    expect(first.report.rejected).toHaveLength(1);
    expect(first.report.rejected[0]!.reason).toMatch(/pinning breaks when Thales rotates/);
    const again = await addTrustEntries(
      t.prisma,
      operator,
      ppr,
      "thales-client-ca",
      parsed.certificates,
      "test",
    );
    expect(again.ok && again.report.skipped.length).toBe(2);
    const pem = await exportTrustStorePem(t.prisma, ppr, "thales-client-ca");
    expect(pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    // One audit record for the first add; none for the second, which changed nothing.
    expect(await t.prisma.auditEvent.count({ where: { action: "trust_store.add" } })).toBe(1);
  });

  it("finds the leaf in a PKCS#7 bundle and, for an admin only, adds its CAs to the issuers store", async () => {
    const before = [await t.prisma.certificate.count(), await t.prisma.auditEvent.count()];
    expect(
      await importCertificate(t.prisma, operator, ppr, fx.p7bDer, { addIssuers: "all" }),
    ).toMatchObject({ ok: false, status: 403, code: "import.add_issuers_admin_only" });
    expect(
      await importCertificate(t.prisma, admin, ppr, fx.p7bDer, { addIssuers: ["ab".repeat(32)] }),
    ).toMatchObject({ ok: false, status: 422, code: "import.issuer_not_in_upload" });
    expect([await t.prisma.certificate.count(), await t.prisma.auditEvent.count()]).toEqual(before);
    const result = await importCertificate(t.prisma, admin, ppr, fx.p7bDer, { addIssuers: "all" });
    expect(result).toMatchObject({ ok: true, issuersAdded: 2, matchedCsrId: null });
    if (!result.ok) return;
    const stored = await t.prisma.certificate.findUniqueOrThrow({ where: { id: result.id } });
    expect(stored.commonName).toBe("TLSMA-ECDSA/MGW_000001/PPR");
    expect(stored.chainPem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    // The chain verifies against the CAs just added; no CSR here has this key (adopted), and its
    // CN names another gateway (MGW_000001), so the subject fails the template in force.
    expect(result.checks.find((c) => c.code === "cert.chain_verifies")?.status).toBe("pass");
    expect(result.checks.find((c) => c.code === "cert.matches_csr")).toMatchObject({
      status: "note",
      reason: "csr.adopted",
    });
    expect(result.failures.map((f) => f.code)).toEqual(["cert.subject_policy"]);
  });

  it("starts d1-server-roots with the five Amazon roots", async () => {
    const pem = await exportTrustStorePem(t.prisma, ppr, "d1-server-roots");
    expect(pem).toContain("Amazon Root CA 1");
    expect(pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(5);
  });
});
