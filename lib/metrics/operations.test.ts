// The operational gauges the shipped alert rules watch (deploy/monitoring/alerts.yaml), read
// back with a Prometheus text-format parser, on both databases.
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { at, insertCertificate, plusDays, seedGateway } from "@/lib/reminder/test-support";
import { runSweep } from "@/lib/reminder/sweep";
import { certificateMetricsText } from "./certificates";

const now = at("2030-01-01T00:00:00Z");
const unix = (iso: string) => Date.parse(iso) / 1000;
const samples = (text: string, name: string) =>
  (parsePrometheusTextFormat(text).find((f) => f.name === name)?.metrics ?? []).map((m) => ({
    labels: m.labels ?? {},
    value: Number(m.value),
  }));

describe.each(DATABASE_KINDS)("operational metrics on %s", (kind) => {
  let t: TestDatabase;
  let env: { ppr: string; prd: string };
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    env = await seedGateway(t.prisma, { merchantGatewayId: "MGW_OPS001" });
  });
  afterAll(() => t.drop());
  const text = () => certificateMetricsText(t.prisma, now);

  it("gives each trust-store CA's expiry, and leaves leaf certificates out", async () => {
    const entry = (
      kind: "thales_client_ca" | "d1_server_roots" | "our_server_chain",
      subjectDn: string,
      notAfter: string,
      isCa: boolean,
    ) => ({
      environmentId: env.prd,
      kind,
      der: Buffer.from([1]),
      sha256: subjectDn.padEnd(64, "0").slice(0, 64),
      subjectDn,
      issuerDn: subjectDn,
      notBefore: at("2020-01-01T00:00:00Z"),
      notAfter: at(notAfter),
      isCa,
      selfIssued: isCa,
      createdByLabel: "test",
    });
    await t.prisma.trustStoreEntry.createMany({
      data: [
        entry("thales_client_ca", "CN=Thales Client CA 2", "2030-02-01T00:00:00Z", true),
        entry("our_server_chain", "CN=api.example.com", "2030-01-15T00:00:00Z", false),
      ],
    });
    const cas = samples(await text(), "d1_trust_store_ca_not_after_seconds");
    // every environment starts with the five Amazon roots in d1-server-roots
    expect(cas.filter((s) => s.labels.store === "d1-server-roots")).toHaveLength(10);
    expect(cas.filter((s) => s.labels.store !== "d1-server-roots")).toEqual([
      {
        labels: {
          gateway: "MGW_OPS001",
          environment: "PRD",
          store: "thales-client-ca",
          subject: "CN=Thales Client CA 2",
          sha256: expect.any(String),
        },
        value: unix("2030-02-01T00:00:00Z"),
      },
    ]);
  });

  it("gives the first unacknowledged reminder per certificate and subject; acknowledging or snoozing removes it", async () => {
    const a = await insertCertificate(t.prisma, env.ppr, plusDays(now, 20), {
      commonName: "unacked",
    });
    const b = await insertCertificate(t.prisma, env.ppr, plusDays(now, 25), {
      commonName: "acked",
    });
    const c = await insertCertificate(t.prisma, env.ppr, plusDays(now, 26), {
      commonName: "snoozed",
    });
    const sent = (certificateId: string, threshold: string, sentAt: string, status = "sent") => ({
      certificateId,
      subject: "expiry",
      threshold,
      channel: "in-app",
      status,
      sentAt: status === "sent" ? at(sentAt) : null,
    });
    await t.prisma.reminderDelivery.createMany({
      data: [
        sent(a.id, "30d", "2029-12-02T00:00:00Z"),
        sent(a.id, "14d", "2029-12-18T00:00:00Z"),
        sent(a.id, "7d", "", "pending"),
        sent(b.id, "30d", "2029-12-07T00:00:00Z"),
        sent(c.id, "30d", "2029-12-08T00:00:00Z"),
      ],
    });
    await t.prisma.reminderState.create({
      data: {
        certificateId: b.id,
        subject: "expiry",
        acknowledgedAt: at("2029-12-08T00:00:00Z"),
        acknowledgedBy: "ops",
      },
    });
    await t.prisma.reminderState.create({
      data: {
        certificateId: c.id,
        subject: "expiry",
        snoozedUntil: new Date(Date.now() + 86_400_000),
        snoozeReason: "waiting for Thales",
      },
    });
    expect(samples(await text(), "d1_reminder_unacknowledged_since_seconds")).toEqual([
      {
        labels: {
          gateway: "MGW_OPS001",
          environment: "PPR",
          common_name: "unacked",
          serial: a.serialNumber,
          subject: "expiry",
        },
        value: unix("2029-12-02T00:00:00Z"),
      },
    ]);
  });

  it("gives the end of the latest complete sweep, which never moves back, and this instance's interval", async () => {
    const before = await text();
    expect(samples(before, "d1_reminder_last_sweep_timestamp_seconds")).toEqual([]);
    expect(samples(before, "d1_reminder_sweep_interval_seconds")).toEqual([
      { labels: {}, value: 300 },
    ]);
    const config = { smtp: null, appUrl: "https://certs.example.com" };
    await runSweep(t.prisma, { now, config });
    await runSweep(t.prisma, { now: plusDays(now, -1), config });
    expect(samples(await text(), "d1_reminder_last_sweep_timestamp_seconds")).toEqual([
      { labels: {}, value: unix("2030-01-01T00:00:00Z") },
    ]);
    // a sweep stopped for shutdown is not complete: it does not count
    const stopped = new AbortController();
    stopped.abort();
    await runSweep(t.prisma, { now: plusDays(now, 1), config, signal: stopped.signal });
    expect(samples(await text(), "d1_reminder_last_sweep_timestamp_seconds")).toEqual([
      { labels: {}, value: unix("2030-01-01T00:00:00Z") },
    ]);
  });

  it("gives each probe target's latest result, pass or fail, and when it ran", async () => {
    const target = await t.prisma.probeTarget.create({
      data: {
        environmentId: env.prd,
        direction: "inbound",
        host: "d1.example.com",
        port: 443,
        createdByLabel: "test",
      },
    });
    await t.prisma.probeResult.createMany({
      data: [
        {
          targetId: target.id,
          at: at("2029-12-30T00:00:00Z"),
          ok: true,
          durationMs: 10,
          result: {},
        },
        {
          targetId: target.id,
          at: at("2029-12-31T00:00:00Z"),
          ok: false,
          durationMs: 10,
          result: {},
        },
      ],
    });
    await t.prisma.probeTarget.create({
      data: {
        environmentId: env.prd,
        direction: "outbound",
        host: "never.example.com",
        port: 443,
        createdByLabel: "test",
      },
    });
    const labels = {
      gateway: "MGW_OPS001",
      environment: "PRD",
      direction: "inbound",
      target: "d1.example.com:443",
    };
    const body = await text();
    expect(samples(body, "d1_probe_success")).toEqual([{ labels, value: 0 }]);
    expect(samples(body, "d1_probe_last_run_timestamp_seconds")).toEqual([
      { labels, value: unix("2029-12-31T00:00:00Z") },
    ]);
  });
});
