// 10,000 client certificates: the report is generated (data and PDF) within bounds, and the PDF
// holds every row. Prints the times; docs/inventory-report.md quotes them.
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/databases";
import { DAY, seedGateway, testAdmin } from "@/lib/reminder/test-support";
import { generateReport, resolveReportScope } from "./data";
import { reportCsv } from "./formats";
import { reportPdf } from "./pdf";

const COUNT = 10_000;

// Slow (about a minute and a half on 2 cores, mostly seeding): run with REPORT_SCALE=1.
describe.skipIf(!process.env.REPORT_SCALE)(
  "inventory report at 10,000 certificates (PGlite)",
  () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase("pglite");
      const gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_SCALE1" });
      const now = Date.now();
      for (let start = 0; start < COUNT; start += 2000) {
        await t.prisma.certificate.createMany({
          data: Array.from({ length: 2000 }, (_, j) => {
            const i = start + j;
            return {
              environmentId: i % 2 ? gw.prd : gw.ppr,
              der: new Uint8Array([1]),
              serialNumber: `0A${i.toString(16).toUpperCase().padStart(8, "0")}`,
              subjectDn: `CN=TLSMA-ECDSA/MGW_SCALE1/N${i}`,
              subject: {},
              commonName: `TLSMA-ECDSA/MGW_SCALE1/N${i}`,
              issuerDn: "CN=Thales Business PKI Test CA",
              notBefore: new Date(now - 100 * DAY),
              notAfter: new Date(now + (i % 1800) * DAY),
              keyType: "ECDSA",
              curve: "P-256",
              signatureAlgorithm: "ecdsa-with-SHA256",
              sha256: crypto.createHash("sha256").update(`scale${i}`).digest("hex"),
              publicKeySha256: `pk${i}`,
              compliant: true,
              checks: [],
              createdByLabel: "bulk",
            };
          }),
        });
      }
    }, 300_000);
    afterAll(() => t.drop());

    it("collects and renders every row", async () => {
      const scope = await resolveReportScope(t.prisma, undefined);
      if (!scope.ok) throw new Error(scope.message);
      const t0 = performance.now();
      const data = await generateReport(t.prisma, testAdmin, scope.scope, "pdf");
      const t1 = performance.now();
      const pdf = await reportPdf(data);
      const t2 = performance.now();
      const csv = reportCsv(data);
      const t3 = performance.now();
      const rss = process.memoryUsage().rss;
      expect(data.inventory.filter((r) => r.kind === "client-certificate")).toHaveLength(COUNT);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-scale-"));
      fs.writeFileSync(path.join(dir, "scale.pdf"), pdf);
      const pages = Number(
        /Pages:\s+(\d+)/.exec(
          execFileSync("pdfinfo", [path.join(dir, "scale.pdf")], { encoding: "utf8" }),
        )?.[1],
      );
      console.log(
        `[report-scale] ${data.inventory.length} rows: data ${(t1 - t0).toFixed(0)} ms, PDF ${(t2 - t1).toFixed(0)} ms (${(pdf.length / 1e6).toFixed(1)} MB, ${pages} pages), CSV ${(t3 - t2).toFixed(0)} ms (${(csv.length / 1e6).toFixed(1)} MB); RSS ${(rss / 1e6).toFixed(0)} MB`,
      );
      expect(pages).toBeGreaterThan(COUNT / 30);
    }, 600_000);
  },
);
