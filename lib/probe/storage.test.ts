// Probe targets and results in the database (PGlite and PostgreSQL): validated adds, audited
// runs stored as evidence with their time, the latest result per target, daily scheduling.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { parseCertificate, parseCertificateBundle } from "@/lib/pki";
import { addTrustEntries } from "@/lib/trust-store/mutations";
import { seedGateway, testAdmin } from "@/lib/reminder/test-support";
import type { Actor } from "@/lib/auth/actor";
import type { ProbeOptions } from "./engine";
import { latestProbeResults } from "./evidence";
import { listProbeResults, listProbeTargets } from "./data";
import { addProbeTarget, removeProbeTarget, runProbeTarget, setProbeDaily } from "./mutations";
import { DAILY_MS, dueDailyTargets, runDueProbes, startDailyProbes } from "./schedule";
import { toProbeTargetDto } from "./dto";
import {
  closedPort,
  makeServerPki,
  startNodeTlsServer,
  type RunningServer,
  type ServerPki,
} from "./test-support";

const OPTIONS: ProbeOptions = { timeoutMs: 2_000, totalTimeoutMs: 6_000, openssl: "openssl" };
const operator: Actor = { type: "user", id: null, label: "operator@example.com", role: "operator" };

let pki: ServerPki;
let mtls: RunningServer;
let plain: RunningServer;
beforeAll(async () => {
  pki = makeServerPki();
  mtls = await startNodeTlsServer({
    key: pki.leafKey,
    cert: pki.leaf + pki.intermediate,
    requestCert: true,
    rejectUnauthorized: true,
    ca: [pki.clientIssuing, pki.clientRoot],
  });
  plain = await startNodeTlsServer({ key: pki.leafKey, cert: pki.leaf + pki.intermediate });
});
afterAll(async () => {
  await mtls.close();
  await plain.close();
  pki.ssl.cleanup();
});

describe.each(DATABASE_KINDS)("probe storage on %s", (kind) => {
  let t: TestDatabase;
  let gw: { id: string; ppr: string; prd: string };
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_PROBE1" });
    const add = async (slug: "d1-server-roots" | "thales-client-ca", pem: string) =>
      expect(
        (
          await addTrustEntries(
            t.prisma,
            testAdmin,
            gw.ppr,
            slug,
            (
              await parseCertificateBundle(pem)
            ).certificates,
            "test",
          )
        ).ok,
      ).toBe(true);
    await add("d1-server-roots", pki.root);
    await add("thales-client-ca", pki.clientIssuing);
  });
  afterAll(() => t.drop());

  const audits = (action: string) =>
    t.prisma.auditEvent.findMany({ where: { action }, orderBy: { seq: "asc" } });

  it("adds a valid target with an audit record; refuses bad, duplicate and unknown-environment input and stores nothing", async () => {
    const added = await addProbeTarget(t.prisma, testAdmin, gw.ppr, {
      direction: "outbound",
      host: "LOCALHOST",
      port: mtls.port,
      daily: true,
    });
    expect(added.ok).toBe(true);
    expect(added.ok && added.target).toMatchObject({
      environmentId: gw.ppr,
      direction: "outbound",
      host: "localhost",
      port: mtls.port,
      daily: true,
      createdByLabel: "admin@example.com",
    });
    expect((await audits("probe_target.add")).map((a) => a.summary)).toEqual([
      { direction: "outbound", host: "localhost", port: mtls.port, daily: true },
    ]);

    const before = await t.prisma.auditEvent.count();
    const bad = await addProbeTarget(t.prisma, testAdmin, gw.ppr, {
      direction: "outbound",
      host: "169.254.169.254",
      port: 0,
    });
    expect(bad).toMatchObject({
      ok: false,
      status: 422,
      fields: {
        host: expect.stringMatching(/cloud metadata address/),
        port: expect.stringMatching(/^Port 0 is not a real port/),
      },
    });
    const duplicate = await addProbeTarget(t.prisma, testAdmin, gw.ppr, {
      direction: "outbound",
      host: "localhost",
      port: mtls.port,
    });
    expect(duplicate).toMatchObject({
      ok: false,
      status: 409,
      message: `localhost:${mtls.port} is already an outbound target of this environment.`,
    });
    expect(
      await addProbeTarget(t.prisma, testAdmin, "no-such-env", {
        direction: "inbound",
        host: "127.0.0.1",
        port: 443,
      }),
    ).toMatchObject({ ok: false, status: 404 });
    expect(await t.prisma.probeTarget.count()).toBe(1);
    expect(await t.prisma.auditEvent.count()).toBe(before);
  });

  it("runs a probe and stores the report as evidence with its time, audited; latestProbeResults gives the newest per target", async () => {
    const outbound = (
      await t.prisma.probeTarget.findFirstOrThrow({
        where: { environmentId: gw.ppr, direction: "outbound" },
      })
    ).id;
    const added = await addProbeTarget(t.prisma, testAdmin, gw.ppr, {
      direction: "inbound",
      host: "127.0.0.1",
      port: plain.port,
    });
    const inbound = added.ok ? added.target.id : "";

    const before = Date.now();
    const first = await runProbeTarget(t.prisma, operator, outbound, OPTIONS);
    expect(first.ok && first.result).toBeTruthy();
    const stored = await t.prisma.probeResult.findFirstOrThrow({ where: { targetId: outbound } });
    expect(stored.at.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(stored.at.getTime()).toBeLessThanOrEqual(Date.now());
    expect(stored.durationMs).toBeGreaterThan(0);
    const issuing = await parseCertificate(pki.clientIssuing);
    expect(stored.result).toMatchObject({
      target: { host: "localhost", port: mtls.port, direction: "outbound" },
      tls12: { ok: true },
      tls13: { ok: true },
      clientCertRequested: true,
      clientCertRequired: true,
      thalesClientCaAccepted: {
        matches: [issuing.subjectDn],
        missing: [],
        extra: ["C=FR, O=Thales Test\\, D1, CN=Thales Test Client Root CA"],
      },
      chain: { verified: false, verifiedAgainst: "mozilla" },
      // Our server on loopback: probed whole, but D1 could not reach it there.
      reachable: false,
      connected: true,
      addressScope: "loopback",
      timedOut: false,
    });
    expect(stored.ok).toBe(false); // our private CA is not Mozilla-recognised

    const second = await runProbeTarget(t.prisma, operator, inbound, OPTIONS);
    expect(second.ok && second.result?.ok).toBe(true); // verified against d1-server-roots, which holds our test root
    const runs = await audits("probe.run");
    expect(
      runs.map((a) => [
        a.actorLabel,
        a.objectId,
        (a.summary as { ok: boolean }).ok,
        (a.summary as { scheduled: boolean }).scheduled,
      ]),
    ).toEqual([
      ["operator@example.com", outbound, false, false],
      ["operator@example.com", inbound, true, false],
    ]);

    const latest = await latestProbeResults(t.prisma, gw.ppr);
    expect(latest.map((l) => l.targetId)).toEqual([inbound, outbound]);
    expect(latest[0]).toMatchObject({
      ok: true,
      report: {
        target: { direction: "inbound" },
        chain: { verified: true, verifiedAgainst: "d1-server-roots" },
      },
    });
    expect(latest[0]!.at).toBeInstanceOf(Date);
    await runProbeTarget(t.prisma, operator, outbound, OPTIONS);
    const again = await latestProbeResults(t.prisma, gw.ppr);
    expect(again.map((l) => l.targetId)).toEqual([outbound, inbound]);
    expect(again[0]!.resultId).not.toBe(stored.id);
    expect(await latestProbeResults(t.prisma, gw.prd)).toEqual([]);

    const page = await listProbeResults(t.prisma, outbound, 1, 1);
    expect(page.total).toBe(2);
    expect(page.rows[0]!.id).toBe(again[0]!.resultId);
    const targets = await listProbeTargets(t.prisma, gw.ppr);
    expect(
      targets
        .map((x) => toProbeTargetDto(x, x.results[0] ?? null))
        .map((d) => [d.direction, d.host, d.latest?.id]),
    ).toEqual([
      ["inbound", "127.0.0.1", latest[0]!.resultId],
      ["outbound", "localhost", again[0]!.resultId],
    ]);
  });

  it("a probe of a closed port is stored too, as a failure", async () => {
    const added = await addProbeTarget(t.prisma, testAdmin, gw.prd, {
      direction: "outbound",
      host: "127.0.0.1",
      port: await closedPort(),
    });
    const run = await runProbeTarget(t.prisma, operator, added.ok ? added.target.id : "", OPTIONS);
    expect(run.ok && run.result).toMatchObject({ ok: false, report: { reachable: false } });
    expect(await runProbeTarget(t.prisma, operator, "no-such-target", OPTIONS)).toMatchObject({
      ok: false,
      status: 404,
      message: "No such probe target.",
    });
  });

  it("runs daily targets whose latest result is older than 24 hours, as the scheduler, and no others", async () => {
    const dailyId = (
      await t.prisma.probeTarget.findFirstOrThrow({
        where: { environmentId: gw.ppr, direction: "outbound" },
      })
    ).id;
    // It was probed a moment ago: not due.
    expect(await dueDailyTargets(t.prisma)).toEqual([]);
    expect(await runDueProbes(t.prisma, new Date(), OPTIONS)).toEqual({
      due: 0,
      ran: [],
      failed: [],
    });
    // 25 hours on, it is due again (and only it: the other targets are not daily).
    const later = new Date(Date.now() + DAILY_MS + 3_600_000);
    expect((await dueDailyTargets(t.prisma, later)).map((d) => d.id)).toEqual([dailyId]);
    const before = await t.prisma.probeResult.count({ where: { targetId: dailyId } });
    const summary = await runDueProbes(t.prisma, later, OPTIONS);
    expect(summary).toEqual({ due: 1, ran: [{ targetId: dailyId, ok: false }], failed: [] });
    expect(await t.prisma.probeResult.count({ where: { targetId: dailyId } })).toBe(before + 1);
    const last = (await audits("probe.run")).at(-1)!;
    expect([
      last.actorType,
      last.actorLabel,
      (last.summary as { scheduled: boolean }).scheduled,
    ]).toEqual(["system", "scheduler:daily-probe", true]);

    // Turning the daily run on for a target with no result makes it due at once (in PRD, whose
    // d1-server-roots hold only the Amazon roots: it runs, and fails verification).
    const fresh = await addProbeTarget(t.prisma, testAdmin, gw.prd, {
      direction: "inbound",
      host: "127.0.0.1",
      port: plain.port,
    });
    const freshId = fresh.ok ? fresh.target.id : "";
    expect(await setProbeDaily(t.prisma, testAdmin, freshId, true)).toEqual({ ok: true });
    expect((await audits("probe_target.daily")).map((a) => a.summary)).toEqual([
      { host: "127.0.0.1", port: plain.port, direction: "inbound", daily: true },
    ]);
    expect((await dueDailyTargets(t.prisma)).map((d) => d.id)).toEqual([freshId]);

    // The tick hook: returns at once, never two runs at once, logs what it did.
    const log = { info: vi.fn(), error: vi.fn() };
    const running = startDailyProbes(t.prisma, log);
    expect(running).not.toBeNull();
    expect(startDailyProbes(t.prisma, log)).toBeNull();
    await running;
    expect(log.info).toHaveBeenCalledWith("[probes] daily: 1 probed (0 passed), 0 failed");
    expect(await dueDailyTargets(t.prisma)).toEqual([]);
  });

  it("removes a target with its results, audited; a second removal says it is gone", async () => {
    const target = await t.prisma.probeTarget.findFirstOrThrow({
      where: { environmentId: gw.ppr, direction: "outbound" },
    });
    const results = await t.prisma.probeResult.count({ where: { targetId: target.id } });
    expect(results).toBeGreaterThan(0);
    expect(await removeProbeTarget(t.prisma, testAdmin, target.id)).toEqual({ ok: true });
    expect(await t.prisma.probeResult.count({ where: { targetId: target.id } })).toBe(0);
    expect((await audits("probe_target.remove")).map((a) => a.summary)).toEqual([
      { direction: "outbound", host: "localhost", port: mtls.port, resultsRemoved: results },
    ]);
    expect(await removeProbeTarget(t.prisma, testAdmin, target.id)).toMatchObject({
      ok: false,
      status: 404,
      message: "This probe target was already removed.",
    });
  });
});
