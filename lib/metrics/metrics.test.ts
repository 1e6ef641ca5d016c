import fs from "node:fs";
// The metrics parse with a Prometheus text-format parser and say what the dates say.
import type { AddressInfo } from "node:net";
import os from "node:os";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { at, insertCertificate, seedGateway } from "@/lib/reminder/test-support";
import { inServiceWhere } from "@/lib/reminder/in-service";
import { certificateMetricsText } from "./certificates";
import { escapeLabelValue, lazily, prometheusChunks, renderPrometheus } from "./prometheus";
import { metricsHostFromEnv, startMetricsServer } from "./server";

const now = at("2030-01-01T00:00:00Z");
const family = (text: string, name: string) =>
  parsePrometheusTextFormat(text).find((f) => f.name === name)!;

describe("Prometheus text format", () => {
  it("escapes label values so that a parser reads them back unchanged", () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    const text = renderPrometheus([
      {
        name: "x",
        help: "h\\elp",
        type: "gauge",
        samples: [{ labels: { l: 'TLSMA-"EC"\\x\ny' }, value: -3 }],
      },
    ]);
    expect(family(text, "x").metrics).toEqual([{ labels: { l: 'TLSMA-"EC"\\x\ny' }, value: "-3" }]);
  });

  it("cuts a large exposition into whole lines, each chunk made only when read", () => {
    let made = 0;
    const rows = Array.from({ length: 2500 }, (_, i) => i);
    const families = [
      {
        name: "y",
        help: "h",
        type: "gauge" as const,
        samples: lazily(rows, (i) => {
          made++;
          return { labels: { n: String(i) }, value: i };
        }),
      },
    ];
    const chunks = prometheusChunks(families, 1000);
    expect(chunks.next().value).toMatch(/^# HELP y h\n# TYPE y gauge\ny\{n="0"\} 0\n/);
    expect(made).toBe(998); // the first chunk's 1,000 lines: HELP, TYPE and 998 samples
    const rest = [...chunks];
    expect(rest).toHaveLength(2);
    expect(rest.every((c) => c.endsWith("\n"))).toBe(true);
    expect(family(renderPrometheus(families), "y").metrics).toHaveLength(2500);
  });
});

describe.each(DATABASE_KINDS)("certificate metrics on %s", (kind) => {
  let t: TestDatabase;
  let text = "";
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_000001" });
    await seedGateway(t.prisma, { merchantGatewayId: "MGW_000002" });
    await t.prisma.environment.update({
      where: { id: gw.ppr },
      data: { renewalLeadDaysOverride: 30 },
    });
    await insertCertificate(t.prisma, gw.prd, at("2031-01-01T00:00:00Z"), {
      commonName: 'TLSMA-EC/MGW_000001/PRD "main"',
    });
    await insertCertificate(t.prisma, gw.prd, at("2030-03-01T00:00:00Z"), { commonName: "due" }); // 59 days: past 90-day start-renewal-by
    await insertCertificate(t.prisma, gw.ppr, at("2030-01-21T00:00:00Z"), {
      commonName: "expiring",
    });
    await insertCertificate(t.prisma, gw.ppr, at("2029-12-01T00:00:00Z"), {
      commonName: "expired",
    });
    const revoked = await insertCertificate(t.prisma, gw.ppr, at("2030-06-01T00:00:00Z"), {
      commonName: "revoked",
    });
    await t.prisma.certificate.update({ where: { id: revoked.id }, data: { revokedAt: now } });
    // Out of service too (lib/reminder/in-service.ts): superseded, or its renewal completed or
    // its successor deployed. The metrics state that rule in SQL; these hold it to the Prisma one.
    const outOfService = await Promise.all(
      ["superseded", "renewed", "successor deployed"].map((commonName) =>
        insertCertificate(t.prisma, gw.prd, at("2030-09-01T00:00:00Z"), { commonName }),
      ),
    );
    await t.prisma.certificate.update({
      where: { id: outOfService[0]!.id },
      data: { supersededById: revoked.id },
    });
    await t.prisma.renewal.create({
      data: {
        environmentId: gw.prd,
        oldCertificateId: outOfService[1]!.id,
        startedBy: "x",
        status: "completed",
      },
    });
    await t.prisma.renewal.create({
      data: {
        environmentId: gw.prd,
        oldCertificateId: outOfService[2]!.id,
        startedBy: "x",
        deployedAt: now,
      },
    });
    const inService = await t.prisma.certificate.findMany({
      where: inServiceWhere,
      select: { commonName: true },
    });
    expect(inService.map((c) => c.commonName).sort()).toEqual(
      ['TLSMA-EC/MGW_000001/PRD "main"', "due", "expired", "expiring"].sort(),
    );
    text = await certificateMetricsText(t.prisma, now);
  });
  afterAll(() => t.drop());

  it("gives not-after, days left and start-renewal-by per certificate in service", () => {
    const main = {
      gateway: "MGW_000001",
      environment: "PRD",
      common_name: 'TLSMA-EC/MGW_000001/PRD "main"',
    };
    const notAfter = family(text, "d1_certificate_not_after_seconds");
    expect(notAfter.type).toBe("GAUGE");
    expect(notAfter.metrics).toHaveLength(4);
    expect(notAfter.metrics.find((m) => m.labels?.common_name === main.common_name)).toMatchObject({
      labels: main,
      value: String(Date.parse("2031-01-01T00:00:00Z") / 1000),
    });
    expect(
      notAfter.metrics.find((m) => m.labels?.common_name === main.common_name)!.labels!.serial,
    ).toMatch(/^0A[0-9A-F]{16}$/);
    const days = Object.fromEntries(
      family(text, "d1_certificate_days_left").metrics.map((m) => [
        m.labels!.common_name,
        Number(m.value),
      ]),
    );
    expect(days).toEqual({ [main.common_name]: 365, due: 59, expiring: 20, expired: -31 });
    const srb = Object.fromEntries(
      family(text, "d1_certificate_start_renewal_by_seconds").metrics.map((m) => [
        m.labels!.common_name,
        Number(m.value),
      ]),
    );
    expect(srb.expiring).toBe(Date.parse("2029-12-22T00:00:00Z") / 1000); // PPR override: 30 days
    expect(srb[main.common_name]).toBe(Date.parse("2030-10-03T00:00:00Z") / 1000);
  });

  it("counts certificates by state per gateway and environment, zeros included", () => {
    const counts = family(text, "d1_certificates").metrics.map(
      (m) => `${m.labels!.gateway} ${m.labels!.environment} ${m.labels!.state} ${m.value}`,
    );
    expect(counts).toHaveLength(16);
    expect(counts).toEqual(
      expect.arrayContaining([
        "MGW_000001 PRD ok 1",
        "MGW_000001 PRD renewal-due 1",
        "MGW_000001 PPR expiring 1",
        "MGW_000001 PPR expired 1",
        "MGW_000001 PPR ok 0",
        "MGW_000002 PRD expired 0",
      ]),
    );
  });

  it("reports the server's memory under the Node.js client's names", () => {
    const value = (name: string) => {
      const f = family(text, name);
      expect(f.type).toBe("GAUGE");
      return Number(f.metrics[0]!.value);
    };
    const rss = value("process_resident_memory_bytes");
    // This process is the server here: within a quarter of what the kernel says right now.
    const kernelRss =
      Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"))![1]) * 1024;
    expect(Math.abs(rss - kernelRss) / kernelRss).toBeLessThan(0.25);
    expect(value("nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
    expect(value("nodejs_heap_size_used_bytes")).toBeLessThanOrEqual(
      value("nodejs_heap_size_total_bytes"),
    );
    expect(value("nodejs_external_memory_bytes")).toBeGreaterThan(0);
  });

  it("listens on loopback only unless METRICS_HOST says otherwise", async () => {
    expect(metricsHostFromEnv({})).toBe("127.0.0.1");
    expect(metricsHostFromEnv({ METRICS_HOST: " 0.0.0.0 " })).toBe("0.0.0.0");
    const server = await startMetricsServer(0, metricsHostFromEnv({}), async () => t.prisma);
    try {
      const { address, port } = server.address() as AddressInfo;
      expect(address).toBe("127.0.0.1");
      // From this machine's other addresses (if it has any), the port is closed.
      const outside = Object.values(os.networkInterfaces())
        .flat()
        .find((i) => i && i.family === "IPv4" && !i.internal);
      if (outside)
        await expect(fetch(`http://${outside.address}:${port}/metrics`)).rejects.toThrow();
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("serves the same text without a token on METRICS_PORT", async () => {
    const server = await startMetricsServer(0, "127.0.0.1", async () => t.prisma);
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const response = await fetch(`${base}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
      expect(family(await response.text(), "d1_certificates").metrics).toHaveLength(16);
      expect((await fetch(`${base}/api/v1/gateways`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: "POST" })).status).toBe(405);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
