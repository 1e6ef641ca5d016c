// The shipped alert rules and Grafana dashboard (deploy/monitoring) against the app's real
// metrics: promtool checks and unit-tests the rules, the test series have the app's labels, every
// metric the rules and panels use is one the app exports, and the rules fire as expected on a
// capture of /api/metrics from a seeded database.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/databases";
import { insertCertificate, plusDays, seedGateway } from "@/lib/reminder/test-support";
import { runSweep } from "@/lib/reminder/sweep";
import { certificateMetricsText } from "@/lib/metrics/certificates";

const DIR = "deploy/monitoring";
const hasPromtool = spawnSync("promtool", ["--version"], { stdio: "ignore" }).status === 0;
if (!hasPromtool)
  console.warn(
    "[monitoring] SKIPPED the promtool tests: promtool is not installed (Debian: apt-get install prometheus)",
  );
const promtool = (...args: string[]) => spawnSync("promtool", args, { encoding: "utf8" });

const rules = parse(fs.readFileSync(`${DIR}/alerts.yaml`, "utf8")) as {
  groups: { rules: { alert: string; expr: string }[] }[];
};
const dashboard = JSON.parse(fs.readFileSync(`${DIR}/grafana-dashboard.json`, "utf8")) as {
  panels: { title: string; targets: { expr: string }[] }[];
};
const metricNames = (expr: string) => [...expr.matchAll(/\b(d1_[a-z_]+)\b/g)].map((m) => m[1]!);

describe.skipIf(!hasPromtool)("alert rules (promtool)", () => {
  it("pass `promtool check rules`", () => {
    const result = promtool("check", "rules", `${DIR}/alerts.yaml`);
    expect(result.stdout + result.stderr).toContain("SUCCESS: 8 rules found");
    expect(result.status).toBe(0);
  });

  it("pass their unit tests (`promtool test rules alerts.test.yaml`)", () => {
    const result = promtool("test", "rules", `${DIR}/alerts.test.yaml`);
    expect(result.stdout + result.stderr).toContain("SUCCESS");
    expect(result.status).toBe(0);
  });
});

describe("alert rules and dashboard against the app's /api/metrics", () => {
  let t: TestDatabase;
  let exposition = "";
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  beforeAll(async () => {
    t = await createTestDatabase("pglite");
    const gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_ALERT1" });
    const soon = await insertCertificate(t.prisma, gw.prd, plusDays(now, 20), {
      commonName: "TLSMA-EC/MGW_ALERT1/PRD",
    });
    await insertCertificate(t.prisma, gw.prd, plusDays(now, 400), {
      commonName: "TLSMA-EC/MGW_ALERT1/PRD-next",
    });
    await insertCertificate(t.prisma, gw.ppr, plusDays(now, -2), {
      commonName: "TLSMA-EC/MGW_ALERT1/PPR",
    });
    await t.prisma.trustStoreEntry.create({
      data: {
        environmentId: gw.prd,
        kind: "thales_client_ca",
        der: Buffer.from([1]),
        sha256: "c".repeat(64),
        subjectDn: "CN=Thales Client CA 1",
        issuerDn: "CN=Thales Root",
        notBefore: plusDays(now, -1000),
        notAfter: plusDays(now, 40),
        isCa: true,
        selfIssued: false,
        createdByLabel: "test",
      },
    });
    await t.prisma.reminderDelivery.create({
      data: {
        certificateId: soon.id,
        subject: "expiry",
        threshold: "30d",
        channel: "in-app",
        status: "sent",
        sentAt: plusDays(now, -8),
      },
    });
    await runSweep(t.prisma, {
      now: new Date(now.getTime() - 3_600_000),
      config: { smtp: null, appUrl: "https://certs.example.com" },
    });
    const target = await t.prisma.probeTarget.create({
      data: {
        environmentId: gw.prd,
        direction: "inbound",
        host: "d1.example.com",
        port: 443,
        createdByLabel: "test",
      },
    });
    await t.prisma.probeResult.create({
      data: { targetId: target.id, at: plusDays(now, -0.5), ok: false, durationMs: 12, result: {} },
    });
    exposition = await certificateMetricsText(t.prisma, now);
  });
  afterAll(() => t.drop());

  const families = () => new Map(parsePrometheusTextFormat(exposition).map((f) => [f.name, f]));
  const exported = () => new Set([...exposition.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));

  it("use only metrics the app exports, in the rules and in every dashboard panel", () => {
    const used = [
      ...rules.groups.flatMap((g) => g.rules.map((r) => r.expr)),
      ...dashboard.panels.flatMap((p) => p.targets.map((x) => x.expr)),
    ].flatMap(metricNames);
    expect(new Set(used).size).toBeGreaterThanOrEqual(9);
    for (const name of used) expect(exported(), name).toContain(name);
    expect(dashboard.panels.every((p) => p.targets.length > 0)).toBe(true);
  });

  it("unit-test series that have exactly the labels of the app's series (plus job and instance)", () => {
    const tests = parse(fs.readFileSync(`${DIR}/alerts.test.yaml`, "utf8")) as {
      tests: { input_series: { series: string }[] }[];
    };
    const byName = families();
    const seen = new Set<string>();
    for (const { series } of tests.tests.flatMap((x) => x.input_series)) {
      const [, name, labels] = /^(\w+)\{(.*)\}$/.exec(series)!;
      if (name === "up") continue; // Prometheus' own
      seen.add(name!);
      const keys = [...labels!.matchAll(/(\w+)="/g)]
        .map((m) => m[1]!)
        .filter((k) => k !== "job" && k !== "instance")
        .sort();
      const real = byName.get(name!)?.metrics[0];
      expect(real, `${name} has samples in the capture`).toBeDefined();
      expect(keys, name).toEqual(Object.keys(real!.labels ?? {}).sort());
    }
    expect(seen.size).toBe(7);
  });

  it.skipIf(!hasPromtool)(
    "fire on a real capture exactly for what is wrong in the seeded data",
    () => {
      // The capture, shifted in time so that promtool's clock (which starts at 0) reads `now` at 2 h.
      const base = now.getTime() / 1000 - 7200;
      const input_series = parsePrometheusTextFormat(exposition).flatMap((family) =>
        family.metrics.map((m) => {
          const value =
            Number(m.value) -
            (/_seconds$/.test(family.name) && !/interval/.test(family.name) ? base : 0);
          const labels = Object.entries({
            job: "d1-dashboard",
            instance: "app:9464",
            ...m.labels,
          }).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
          return { series: `${family.name}{${labels.join(",")}}`, values: `${value}x130` };
        }),
      );
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-promtool-"));
      try {
        // The annotations are unit-tested above; here the question is which alerts fire.
        const bare = {
          groups: rules.groups.map((g) => ({
            ...g,
            rules: g.rules.map(({ alert, expr, ...rest }) => ({
              alert,
              expr,
              for: (rest as { for?: string }).for,
              labels: (rest as { labels?: object }).labels,
            })),
          })),
        };
        fs.writeFileSync(path.join(dir, "rules.yaml"), stringify(bare));
        const alert = (alertname: string, labels: Record<string, string>[]) => ({
          eval_time: "2h",
          alertname,
          exp_alerts: labels.map((l) => ({ exp_labels: { job: "d1-dashboard", ...l } })),
        });
        const cert = (cn: string, severity: string) => {
          const sample = families()
            .get("d1_certificate_days_left")!
            .metrics.find((m) => m.labels!.common_name === cn)!;
          return { severity, ...sample.labels };
        };
        const ca = families()
          .get("d1_trust_store_ca_not_after_seconds")!
          .metrics.find((m) => m.labels!.store === "thales-client-ca")!.labels!;
        // the sweep an hour ago sent more reminders: only the one sent 8 days ago is overdue
        const reminder = families()
          .get("d1_reminder_unacknowledged_since_seconds")!
          .metrics.filter(
            (m) =>
              m.labels!.common_name === "TLSMA-EC/MGW_ALERT1/PRD" && m.labels!.subject === "expiry",
          );
        expect(reminder).toHaveLength(1);
        const test = {
          rule_files: ["rules.yaml"],
          evaluation_interval: "1m",
          tests: [
            {
              interval: "1m",
              input_series,
              alert_rule_test: [
                alert("D1CertificatePastStartRenewalBy", [
                  cert("TLSMA-EC/MGW_ALERT1/PRD", "warning"),
                  cert("TLSMA-EC/MGW_ALERT1/PPR", "warning"),
                ]),
                alert("D1CertificateExpiringSoon", [cert("TLSMA-EC/MGW_ALERT1/PRD", "critical")]),
                alert("D1CertificateExpired", [cert("TLSMA-EC/MGW_ALERT1/PPR", "critical")]),
                alert("D1TrustStoreCaExpiring", [{ severity: "warning", ...ca }]),
                alert("D1ReminderUnacknowledged", [
                  { severity: "warning", ...reminder[0]!.labels },
                ]),
                alert("D1ReminderSweepsStopped", [{ severity: "critical" }]),
                alert("D1ProbeFailing", [
                  {
                    severity: "critical",
                    gateway: "MGW_ALERT1",
                    environment: "PRD",
                    direction: "inbound",
                    target: "d1.example.com:443",
                  },
                ]),
              ],
            },
          ],
        };
        fs.writeFileSync(path.join(dir, "capture.test.yaml"), stringify(test));
        const result = promtool("test", "rules", path.join(dir, "capture.test.yaml"));
        expect(result.stdout + result.stderr).toContain("SUCCESS");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
