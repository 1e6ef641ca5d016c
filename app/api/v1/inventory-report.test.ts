// The PCI DSS 4.2.1.1 / 12.3.3 inventory report: the PDF opens (poppler renders it and reads its
// text back), its text, the CSV and the JSON carry the inventory's rows; the 12.3.3 section lists
// the stored probes' protocols and ciphers; generating is audited; viewers read it; only admins
// record the yearly review. On PGlite and PostgreSQL.
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiHarness, type ApiHarness } from "@/lib/testing/api";
import { DATABASE_KINDS } from "@/lib/testing/databases";
import {
  DAY,
  insertCertificate,
  insertUser,
  seedGateway,
  testAdmin,
} from "@/lib/reminder/test-support";
import { mozillaRootsPem } from "@/lib/trust-store/amazon-roots";
import { GET as reportGet } from "@/app/api/v1/reports/inventory/route";
import { GET as reviewsGet, POST as reviewsPost } from "@/app/api/v1/reviews/route";
import {
  generateReport,
  INVENTORY_COLUMNS,
  resolveReportScope,
  type ReportData,
} from "@/lib/report/data";
import { reportCsv, reportJson } from "@/lib/report/formats";
import { reportPdf } from "@/lib/report/pdf";
import { reportBody } from "@/lib/report/respond";
import { recordReview } from "@/lib/review/mutations";
import { reviewInputSchema } from "@/lib/review/schema";
import { parseCsvRecords } from "@/lib/testing/csv";

const hasPoppler = (() => {
  try {
    execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

const pemToDer = (pem: string) =>
  new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64"));

/** Writes the PDF, renders page 1 to PNG with pdftoppm and extracts the text with pdftotext. */
function readPdf(pdf: Buffer, name: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-"));
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  execFileSync("pdftoppm", [
    "-png",
    "-r",
    "60",
    "-f",
    "1",
    "-l",
    "1",
    file,
    path.join(dir, "page"),
  ]);
  const png = fs.readdirSync(dir).find((f) => f.endsWith(".png"))!;
  const text = execFileSync("pdftotext", ["-layout", file, "-"], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const pages = Number(
    /Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))?.[1],
  );
  return { dir, png: fs.readFileSync(path.join(dir, png)), text, pages };
}

const NOW = new Date();
const CN = "TLSMA-ECDSA/MGW_REPRT1/PRD";

describe.each(DATABASE_KINDS)("inventory report on %s", (kind) => {
  let t: ApiHarness;
  let gw: Awaited<ReturnType<typeof seedGateway>>;
  const ids: Record<string, string> = {};
  /** GET /api/v1/reports/inventory of the PRD environment with a viewer's token. */
  const viewerDownload = (format: "pdf" | "csv" | "json") =>
    t.call(
      reportGet,
      "GET",
      `/api/v1/reports/inventory?format=${format}&environment=${gw.prd}`,
      {},
      { token: "viewer" },
    );

  beforeAll(async () => {
    t = await apiHarness(kind);
    gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_REPRT1" });
    const custodian = await insertUser(t.prisma, "keeper@example.com", "operator");
    await t.prisma.user.update({ where: { id: custodian.id }, data: { name: "Kim Keeper" } });
    await t.prisma.environmentCustodian.create({
      data: { environmentId: gw.prd, userId: custodian.id, assignedBy: "admin@example.com" },
    });
    const current = await insertCertificate(
      t.prisma,
      gw.prd,
      new Date(NOW.getTime() + 400 * DAY + 3_600_000),
      { commonName: CN },
    );
    ids.current = current.id;
    const renewed = await insertCertificate(
      t.prisma,
      gw.prd,
      new Date(NOW.getTime() + 40 * DAY + 3_600_000),
      { commonName: "TLSMA-ECDSA/MGW_REPRT1/PRD-old", supersededById: current.id },
    );
    ids.stillInstalled = renewed.id;
    ids.history = (
      await insertCertificate(t.prisma, gw.prd, new Date(NOW.getTime() + 10 * DAY), {
        commonName: "history-superseded",
        supersededById: current.id,
      })
    ).id;
    const revoked = await insertCertificate(t.prisma, gw.prd, new Date(NOW.getTime() + 100 * DAY), {
      commonName: "revoked-one",
    });
    await t.prisma.certificate.update({
      where: { id: revoked.id },
      data: { revokedAt: NOW, revokedReason: "test" },
    });
    ids.ppr = (
      await insertCertificate(t.prisma, gw.ppr, new Date(NOW.getTime() + 200 * DAY + 3_600_000), {
        commonName: "TLSMA-ECDSA/MGW_REPRT1/PPR",
      })
    ).id;
    await t.prisma.installation.create({
      data: {
        environmentId: gw.prd,
        certificateId: current.id,
        kind: "java_keystore",
        systemName: "payments-api",
        host: "api1.internal",
        location: "/etc/d1/keystore.jks",
        custodianId: custodian.id,
        createdByLabel: "admin@example.com",
      },
    });
    await t.prisma.installation.create({
      data: {
        environmentId: gw.prd,
        certificateId: renewed.id,
        kind: "file",
        systemName: "batch-host",
        location: "/opt/d1/old.pem",
        createdByLabel: "admin@example.com",
      },
    });
    const { publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
    ids.spki = crypto
      .createHash("sha256")
      .update(publicKey.export({ type: "spki", format: "der" }))
      .digest("hex");
    await t.prisma.signingKey.create({
      data: {
        environmentId: gw.prd,
        publicKeyPem,
        jwk: {},
        thumbprint: "thumb-REPRT1-prd",
        onboardedAt: new Date(NOW.getTime() - 100 * DAY + 3_600_000),
        createdByLabel: "ops",
      },
    });
    // A leaf in the Thales Client CA store: pinning, a CA-change finding.
    const root = new crypto.X509Certificate(mozillaRootsPem()[0]!);
    ids.pinned = root.fingerprint256.replace(/:/g, "").toLowerCase();
    await t.prisma.trustStoreEntry.create({
      data: {
        environmentId: gw.prd,
        kind: "thales_client_ca",
        der: pemToDer(mozillaRootsPem()[0]!),
        sha256: ids.pinned,
        subjectDn: root.subject.replace(/\n/g, ", "),
        issuerDn: root.issuer.replace(/\n/g, ", "),
        notBefore: new Date(root.validFrom),
        notAfter: new Date(root.validTo),
        isCa: false,
        selfIssued: true,
        createdByLabel: "ops",
      },
    });
    const target = await t.prisma.probeTarget.create({
      data: {
        environmentId: gw.prd,
        direction: "outbound",
        host: "gw.example.test",
        port: 443,
        createdByLabel: "admin",
      },
    });
    await t.prisma.installation.create({
      data: {
        environmentId: gw.prd,
        probeTargetId: target.id,
        kind: "host_port",
        systemName: "edge-lb",
        host: "gw.example.test",
        port: 443,
        createdByLabel: "admin",
      },
    });
    const report = {
      target: { host: "gw.example.test", port: 443, direction: "outbound" },
      dns: { addresses: [{ address: "203.0.113.7", family: 4, ttl: 60 }] },
      tls12: { ok: true, protocol: "TLSv1.2", cipher: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" },
      tls13: { ok: true, protocol: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" },
      chain: { certificates: [], verified: true, verifiedAgainst: "mozilla" },
      clientCertRequested: true,
      clientCertRequired: true,
      acceptableCaNames: [],
      thalesClientCaAccepted: { matches: [], missing: [], extra: [] },
      reachable: true,
      connected: true,
      addressScope: "public",
      timedOut: false,
      connectedAddress: "203.0.113.7",
    };
    await t.prisma.probeResult.create({
      data: {
        targetId: target.id,
        at: new Date(NOW.getTime() - 3_600_000),
        ok: true,
        durationMs: 40,
        result: { ...report, tls13: { ok: false, error: "old result" } },
      },
    });
    await t.prisma.probeResult.create({
      data: {
        targetId: target.id,
        at: new Date(NOW.getTime() - 60_000),
        ok: true,
        durationMs: 42,
        result: report,
      },
    });
    const inbound = await t.prisma.probeTarget.create({
      data: {
        environmentId: gw.prd,
        direction: "inbound",
        host: "d1.example.test",
        port: 443,
        createdByLabel: "admin",
      },
    });
    await t.prisma.probeResult.create({
      data: {
        targetId: inbound.id,
        ok: true,
        durationMs: 30,
        result: {
          ...report,
          target: { host: "d1.example.test", port: 443, direction: "inbound" },
          tls12: { ok: false, error: "The server refused this TLS version (protocol_version)." },
          tls13: { ok: true, protocol: "TLSv1.3", cipher: "TLS_CHACHA20_POLY1305_SHA256" },
        },
      },
    });
  }, 120_000);
  afterAll(() => t.drop());

  const prdScope = async () => {
    const r = await resolveReportScope(t.prisma, "MGW_REPRT1/PRD");
    if (!r.ok) throw new Error(r.message);
    return r.scope;
  };

  /** What the inventory holds for PRD, read independently of lib/report. */
  async function expectedPrd() {
    const certs = await t.prisma.certificate.findMany({
      where: { environmentId: gw.prd, revokedAt: null },
    });
    const installed = new Set(
      (
        await t.prisma.installation.findMany({
          where: { removedAt: null, certificateId: { not: null } },
        })
      ).map((i) => i.certificateId),
    );
    const current = certs.filter((c) => !c.supersededById || installed.has(c.id));
    const entries = await t.prisma.trustStoreEntry.findMany({ where: { environmentId: gw.prd } });
    return {
      certs: current,
      entries,
      sha256s: [...current.map((c) => c.sha256), ids.spki!, ...entries.map((e) => e.sha256)].sort(),
    };
  }

  let prd: ReportData;
  it("collects every current key and certificate, audits the generation and names that record as its audit head", async () => {
    const before = await t.auditCount();
    prd = await generateReport(t.prisma, testAdmin, await prdScope(), "pdf");
    expect(await t.auditCount()).toBe(before + 1);
    const record = await t.prisma.auditEvent.findFirst({ orderBy: { seq: "desc" } });
    expect(record).toMatchObject({
      action: "report.inventory.generate",
      actorLabel: "admin@example.com",
      environmentId: gw.prd,
    });
    expect(record!.summary).toMatchObject({
      scope: "MGW_REPRT1 (Gateway MGW_REPRT1) / PRD",
      format: "pdf",
      rows: { inventory: prd.inventory.length },
    });
    expect(prd.auditHead).toEqual({ seq: record!.seq.toString(), hash: record!.hash });

    const expected = await expectedPrd();
    expect(prd.inventory.map((r) => r.sha256).sort()).toEqual(expected.sha256s);
    // History stays out: revoked, and superseded with no installation left.
    expect(prd.inventory.map((r) => r.commonName)).not.toContain("history-superseded");
    expect(prd.inventory.map((r) => r.commonName)).not.toContain("revoked-one");
    expect(
      prd.inventory.filter((r) => r.kind === "trust-store" && r.store === "d1-server-roots"),
    ).toHaveLength(5); // the Amazon roots, prefilled

    const cert = prd.inventory.find((r) => r.id === ids.current)!;
    expect(cert).toMatchObject({
      kind: "client-certificate",
      direction: "inbound",
      commonName: CN,
      algorithm: "ECDSA",
      keyStrength: "P-256",
      daysLeft: 400,
      status: "active",
    });
    expect(cert.installations).toBe(
      "payments-api (Java keystore: api1.internal /etc/d1/keystore.jks)",
    );
    expect(cert.custodians).toBe("Kim Keeper <keeper@example.com>");
    expect(prd.inventory.find((r) => r.id === ids.stillInstalled)).toMatchObject({
      status: "superseded",
      daysLeft: 40,
      installations: "batch-host (file: /opt/d1/old.pem)",
    });
    const key = prd.inventory.find((r) => r.kind === "oauth-signing-key")!;
    expect(key).toMatchObject({
      sha256: ids.spki,
      algorithm: "ECDSA",
      keyStrength: "P-256",
      signatureAlgorithm: "ES256",
      daysLeft: 265,
    });
    // Trust-store facts read from the DER, checked against Node's parser of the same root.
    const amazon1 = prd.inventory.find(
      (r) => r.store === "d1-server-roots" && r.commonName === "Amazon Root CA 1",
    )!;
    expect(amazon1).toMatchObject({
      direction: "inbound",
      algorithm: "RSA",
      keyStrength: "2048-bit",
      sha256: "8ecde6884f3d87b1125ba31ac3fcb13d7016de7f57cc904fe1cb97c6ae98196e",
      serialNumber: "066C9FCF99BF8C0A39E2F0788A43E696365BCA",
    });
    const chainRow = prd.inventory.find((r) => r.store === "thales-client-ca")!;
    expect(chainRow).toMatchObject({
      direction: "outbound",
      status: expect.stringContaining("leaf"),
    });

    expect(prd.findings.map((f) => f.key)).toContain(
      `ca-change.leaf-pinned:${ids.pinned}:${gw.prd}`,
    );
    expect(prd.environments).toEqual([
      expect.objectContaining({
        environment: "PRD",
        custodians: "Kim Keeper <keeper@example.com>",
        lastReviewedOn: null,
        reviewOverdue: true,
      }),
    ]);
    expect(prd.review).toEqual({ last: null, nextDue: null, overdue: true });
  });

  it("12.3.3: the protocols and ciphers of each endpoint's latest stored probe", () => {
    expect(
      prd.protocols.map((p) => [p.direction, p.endpoint, p.protocol, p.supported, p.cipher]),
    ).toEqual([
      ["inbound", "d1.example.test:443", "TLSv1.2", false, ""],
      ["inbound", "d1.example.test:443", "TLSv1.3", true, "TLS_CHACHA20_POLY1305_SHA256"],
      [
        "outbound",
        "gw.example.test:443",
        "TLSv1.2",
        true,
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      ],
      ["outbound", "gw.example.test:443", "TLSv1.3", true, "TLS_AES_256_GCM_SHA384"],
    ]);
  });

  it.skipIf(!hasPoppler)(
    "the PDF opens: poppler renders page 1 and its text holds every row's fingerprint, CN and days left",
    async () => {
      const pdf = await reportPdf(prd);
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      const { png, text, pages } = readPdf(pdf, `report-${kind}`);
      expect(png.subarray(1, 4).toString()).toBe("PNG");
      expect(png.length).toBeGreaterThan(5_000);
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(text).toContain(
        "Inventory of trusted keys and certificates (PCI DSS v4 4.2.1.1, 12.3.3)",
      );
      expect(text).toContain("MGW_REPRT1 (Gateway MGW_REPRT1) / PRD");
      expect(text).toContain(`seq ${prd.auditHead.seq}, hash ${prd.auditHead.hash}`);
      expect(text).toContain(`Page 1 of ${pages}`);
      expect(text).toContain("No review recorded - OVERDUE");
      const lines = text.split("\n");
      for (const row of prd.inventory) {
        // Each fingerprint is printed as two 32-digit halves; the first shares its line with the days left.
        const first = lines.find((l) => l.includes(row.sha256.slice(0, 32)));
        expect(first, row.sha256).toBeDefined();
        expect(first).toMatch(new RegExp(`(^|\\s)${row.daysLeft} days left\\b`));
        expect(text).toContain(row.sha256.slice(32));
      }
      for (const cn of [CN, "Amazon Root CA 1", "Starfield Services Root Certificate"])
        expect(text).toContain(cn);
      expect(text).not.toContain("history-superseded");
      // 12.3.3
      const section = text.slice(text.indexOf("12.3.3 Protocols and cipher suites"));
      for (const p of prd.protocols.filter((x) => x.supported)) {
        expect(section).toMatch(
          new RegExp(
            `${p.endpoint.replace(/\./g, "\\.")}[\\s\\S]*${p.protocol}\\s+yes\\s+${p.cipher}`,
          ),
        );
      }
      expect(section).toContain("leaf certificate");
    },
  );

  it.skipIf(!hasPoppler)(
    "a PDF of many pages: every page is footed with its number and the page count poppler reads, and every row is in it",
    async () => {
      const many: ReportData = {
        ...prd,
        inventory: Array.from({ length: 12 }, (_, copy) =>
          prd.inventory.map((r) => ({ ...r, commonName: `${r.commonName}-copy${copy}` })),
        ).flat(),
      };
      const { text, pages } = readPdf(await reportPdf(many), `report-many-${kind}`);
      expect(pages).toBeGreaterThan(3);
      const pageTexts = text.split("\f").filter((p) => p.trim());
      expect(pageTexts).toHaveLength(pages);
      pageTexts.forEach((page, i) => {
        expect(page).toContain(`Page ${i + 1} of ${pages}`);
        expect(page).toContain(`audit head ${prd.auditHead.seq}:`);
      });
      // Each row's fingerprint is printed once per copy.
      for (const row of prd.inventory)
        expect(text.split(row.sha256.slice(0, 32)).length - 1).toBe(12);
    },
  );

  it("CSV and JSON carry the same rows as the inventory (and the PDF)", () => {
    const csv = parseCsvRecords(reportCsv(prd));
    const json = JSON.parse(reportJson(prd));
    expect(csv.map((r) => r.sha256)).toEqual(prd.inventory.map((r) => r.sha256));
    expect(json.inventory.map((r: { sha256: string }) => r.sha256)).toEqual(
      prd.inventory.map((r) => r.sha256),
    );
    expect(
      csv.map((r) => [
        r.id,
        r.commonName,
        r.daysLeft,
        r.serialNumber,
        r.installations,
        r.custodians,
      ]),
    ).toEqual(
      prd.inventory.map((r) => [
        r.id,
        r.commonName,
        String(r.daysLeft),
        r.serialNumber,
        r.installations,
        r.custodians,
      ]),
    );
    expect(json.inventory).toEqual(prd.inventory);
    expect(json).toMatchObject({
      generatedAt: prd.generatedAt,
      auditHead: prd.auditHead,
      counts: { inventory: prd.inventory.length, protocols: 4 },
    });
    const protocols = parseCsvRecords(reportCsv(prd, "protocols"));
    expect(protocols.map((r) => [r.endpoint, r.protocol, r.supported, r.cipher])).toEqual(
      prd.protocols.map((r) => [r.endpoint, r.protocol, String(r.supported), r.cipher]),
    );
  });

  it("CSV and JSON are written to a temporary file a few environments at a time and read back: the same text as in memory, and no file left", async () => {
    const scope = await resolveReportScope(t.prisma, undefined);
    if (!scope.ok) throw new Error(scope.message);
    const now = new Date();
    const whole = await generateReport(t.prisma, testAdmin, scope.scope, "json", { now });
    const environments = new Set(
      whole.inventory.map((r) => `${r.merchantGatewayId}/${r.environment}`),
    );
    expect(environments.size).toBeGreaterThan(1);
    const spools = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith("d1-report-"));
    const before = spools();
    const text = async (
      body: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
    ) => {
      const parts: Buffer[] = [];
      for await (const part of body) parts.push(Buffer.from(part));
      return Buffer.concat(parts).toString("utf8");
    };
    // One environment per group, and everything in one group.
    for (const batchRows of [1, 100_000]) {
      const csv = await reportBody(
        t.prisma,
        testAdmin,
        scope.scope,
        { format: "csv" },
        { now, batchRows },
      );
      expect(spools()).toEqual(before);
      expect(await text(csv.body)).toBe(reportCsv(whole));
      const json = await reportBody(
        t.prisma,
        testAdmin,
        scope.scope,
        { format: "json" },
        { now, batchRows },
      );
      // Each generation is its own audit record: only the head it names differs.
      expect(json.meta.auditHead).not.toEqual(whole.auditHead);
      expect(await text(json.body)).toBe(reportJson({ ...whole, auditHead: json.meta.auditHead }));
    }
    // An environment with no rows at all: the JSON's inventory is an empty array.
    const empty = await seedGateway(t.prisma, { merchantGatewayId: "MGW_EMPTY1" });
    await t.prisma.trustStoreEntry.deleteMany({ where: { environmentId: empty.ppr } });
    const none = await resolveReportScope(t.prisma, empty.ppr);
    if (!none.ok) throw new Error(none.message);
    const doc = await reportBody(t.prisma, testAdmin, none.scope, { format: "json" }, { now });
    expect(JSON.parse(await text(doc.body))).toMatchObject({
      inventory: [],
      counts: { inventory: 0 },
    });
    const header = await reportBody(t.prisma, testAdmin, none.scope, { format: "csv" }, { now });
    expect(await text(header.body)).toBe(`${INVENTORY_COLUMNS.join(",")}\n`);
  });

  it("API: when the temporary folder cannot be written, the CSV and JSON are refused with a 503 that says so, and nothing is audited; the PDF still works", async () => {
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = path.join(os.tmpdir(), "d1-no-such-folder", "deeper");
    try {
      for (const format of ["csv", "json"] as const) {
        const before = await t.auditCount();
        const res = await viewerDownload(format);
        expect(res.status).toBe(503);
        const body = await res.json();
        expect(body.error.code).toBe("report_unavailable");
        expect(body.error.message).toContain("temporary folder");
        expect(body.error.message).toContain("ENOENT");
        expect(await t.auditCount()).toBe(before);
      }
      const pdf = await viewerDownload("pdf");
      expect(pdf.status).toBe(200);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it("CSV cells cannot start a formula", async () => {
    const evil = await insertCertificate(t.prisma, gw.ppr, new Date(NOW.getTime() + 50 * DAY), {
      commonName: '=HYPERLINK("http://evil.example","x")',
    });
    const scope = await resolveReportScope(t.prisma, gw.ppr);
    const data = await generateReport(
      t.prisma,
      testAdmin,
      scope.ok ? scope.scope : (null as never),
      "csv",
    );
    const rows = parseCsvRecords(reportCsv(data));
    expect(rows.find((r) => r.id === evil.id)!.commonName).toBe(
      `'=HYPERLINK("http://evil.example","x")`,
    );
  });

  it("API: a viewer downloads the PDF, CSV and JSON; every download is audited with who, scope and format", async () => {
    for (const format of ["pdf", "csv", "json"] as const) {
      const before = await t.auditCount();
      const res = await viewerDownload(format);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toMatch(
        new RegExp(
          `attachment; filename="inventory-report-MGW_REPRT1-PRD-\\d{4}-\\d{2}-\\d{2}\\.${format}"`,
        ),
      );
      const body = Buffer.from(await res.arrayBuffer());
      if (format === "pdf") expect(body.subarray(0, 5).toString()).toBe("%PDF-");
      if (format === "json")
        expect(JSON.parse(body.toString()).inventory).toHaveLength(prd.inventory.length);
      expect(await t.auditCount()).toBe(before + 1);
      const record = await t.prisma.auditEvent.findFirst({ orderBy: { seq: "desc" } });
      expect(record).toMatchObject({
        action: "report.inventory.generate",
        actorLabel: "token:test-viewer",
        environmentId: gw.prd,
      });
      expect(record!.summary).toMatchObject({ format });
      expect(res.headers.get("x-audit-head")).toBe(`${record!.seq}:${record!.hash}`);
    }
    const everything = await t.call(
      reportGet,
      "GET",
      "/api/v1/reports/inventory?format=json",
      {},
      { token: "viewer" },
    );
    const doc = await everything.json();
    expect(doc.scope).toEqual({ environmentId: null, label: "All gateways and environments" });
    expect(doc.inventory.map((r: { environment: string }) => r.environment)).toEqual(
      expect.arrayContaining(["PPR", "PRD"]),
    );
    const before = await t.auditCount();
    expect(
      (
        await t.call(
          reportGet,
          "GET",
          "/api/v1/reports/inventory?format=docx",
          {},
          { token: "viewer" },
        )
      ).status,
    ).toBe(422);
    expect(
      (
        await t.call(
          reportGet,
          "GET",
          "/api/v1/reports/inventory?environment=MGW_NOPE00/PRD",
          {},
          { token: "viewer" },
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await t.call(
          reportGet,
          "GET",
          "/api/v1/reports/inventory",
          {},
          { token: null, headers: { authorization: "Bearer d1t_wrong" } },
        )
      ).status,
    ).toBe(401);
    expect(await t.auditCount()).toBe(before);
  });

  it("reviews: only admins record one (403 for operator and viewer), bad input stores nothing, and the report shows the last one and whether it is overdue", async () => {
    const good = {
      environmentId: gw.prd,
      reviewedOn: "2020-03-01",
      reviewer: "Quinn Assessor",
      notes: "Reviewed the inventory and TLS 1.2/1.3 cipher suites of both endpoints.",
      changes: "Removed a pinned leaf.",
    };
    const count = () => t.prisma.inventoryReview.count();
    const before = await t.auditCount();
    for (const token of ["viewer", "operator"] as const) {
      const res = await t.call(reviewsPost, "POST", "/api/v1/reviews", {}, { token, body: good });
      expect(res.status).toBe(403);
    }
    for (const [body, field] of [
      [{ ...good, reviewedOn: "2020-02-30" }, "reviewedOn"],
      [{ ...good, reviewedOn: "" }, "reviewedOn"],
      [{ ...good, reviewedOn: "last spring" }, "reviewedOn"],
      [{ ...good, reviewedOn: "2020-13-45" }, "reviewedOn"],
      [
        { ...good, reviewedOn: new Date(NOW.getTime() + 3 * DAY).toISOString().slice(0, 10) },
        "reviewedOn",
      ],
      [{ ...good, notes: "ok" }, "notes"],
      [{ ...good, reviewer: "" }, "reviewer"],
    ] as const) {
      const res = await t.call(reviewsPost, "POST", "/api/v1/reviews", {}, { body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await res.json()).error.fields).toHaveProperty(field);
    }
    expect(
      (
        await t.call(
          reviewsPost,
          "POST",
          "/api/v1/reviews",
          {},
          { body: { ...good, environmentId: "nope" } },
        )
      ).status,
    ).toBe(404);
    expect(
      (await t.call(reviewsPost, "POST", "/api/v1/reviews", {}, { body: { ...good, extra: 1 } }))
        .status,
    ).toBe(422);
    expect(await count()).toBe(0);
    expect(await t.auditCount()).toBe(before);

    // An old review: recorded, but overdue.
    const res = await t.call(reviewsPost, "POST", "/api/v1/reviews", {}, { body: good });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      review: {
        reviewedOn: "2020-03-01",
        reviewer: "Quinn Assessor",
        nextDue: "2021-03-01",
        scope: "MGW_REPRT1/PRD",
      },
      status: { overdue: true },
    });
    expect(await t.auditCount()).toBe(before + 1);
    expect(await t.prisma.auditEvent.findFirst({ orderBy: { seq: "desc" } })).toMatchObject({
      action: "review.record",
      actorLabel: "token:test-admin",
      environmentId: gw.prd,
    });
    let data = await generateReport(t.prisma, testAdmin, await prdScope(), "json");
    expect(data.review).toMatchObject({
      last: { reviewedOn: "2020-03-01", reviewer: "Quinn Assessor" },
      nextDue: "2021-03-01",
      overdue: true,
    });

    // A review of everything, last month: covers PRD too, and is not overdue; next due 12 months later.
    const lastMonth = new Date(NOW.getTime() - 30 * DAY).toISOString().slice(0, 10);
    const parsed = reviewInputSchema.parse({
      reviewedOn: lastMonth,
      reviewer: "Ada Admin",
      notes: "Yearly review of every gateway's keys and protocols.",
      changes: "",
    });
    expect(await recordReview(t.prisma, testAdmin, parsed)).toMatchObject({ ok: true });
    const due = new Date(`${lastMonth}T00:00:00Z`);
    due.setUTCFullYear(due.getUTCFullYear() + 1);
    data = await generateReport(t.prisma, testAdmin, await prdScope(), "pdf");
    expect(data.review).toMatchObject({
      last: { reviewedOn: lastMonth, reviewer: "Ada Admin", scope: "everything" },
      overdue: false,
    });
    expect(data.review.nextDue).toBe(due.toISOString().slice(0, 10));
    if (hasPoppler)
      expect(readPdf(await reportPdf(data), `reviewed-${kind}`).text).toContain(
        `${lastMonth} by Ada Admin (scope: everything); next due ${data.review.nextDue}`,
      );

    const list = await (
      await t.call(
        reviewsGet,
        "GET",
        `/api/v1/reviews?environmentId=${gw.prd}`,
        {},
        { token: "viewer" },
      )
    ).json();
    expect(list.reviews.map((r: { reviewer: string }) => r.reviewer)).toEqual([
      "Ada Admin",
      "Quinn Assessor",
    ]);
    expect(list.status).toMatchObject({ overdue: false, last: { reviewer: "Ada Admin" } });
  });
});
