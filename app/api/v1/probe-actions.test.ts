// The probe buttons over the API (issue 18): run now (operator), daily on/off and remove (admin),
// called as route handlers against a real database, probing a real TLS server on loopback.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "@/lib/testing/databases";
import { apiHarness, type ApiHarness } from "@/lib/testing/api";
import { seedGateway, testAdmin } from "@/lib/reminder/test-support";
import { addProbeTarget } from "@/lib/probe/mutations";
import {
  makeServerPki,
  startNodeTlsServer,
  type RunningServer,
  type ServerPki,
} from "@/lib/probe/test-support";
import { POST as run } from "./environments/[envId]/probes/[targetId]/run/route";
import { DELETE as remove, PATCH as patch } from "./environments/[envId]/probes/[targetId]/route";

let pki: ServerPki;
let server: RunningServer;
beforeAll(async () => {
  pki = makeServerPki();
  server = await startNodeTlsServer({ key: pki.leafKey, cert: pki.leaf + pki.intermediate });
}, 120_000);
afterAll(async () => {
  await server.close();
  pki.ssl.cleanup();
});

describe.each(DATABASE_KINDS)("probe actions over the API on %s", (kind) => {
  let h: ApiHarness;
  let gw: { ppr: string; prd: string };
  let targetId = "";
  beforeAll(async () => {
    h = await apiHarness(kind);
    gw = await seedGateway(h.prisma, { merchantGatewayId: "MGW_APIPRB" });
    const added = await addProbeTarget(h.prisma, testAdmin, gw.ppr, {
      direction: "outbound",
      host: "127.0.0.1",
      port: server.port,
    });
    if (!added.ok) throw new Error(added.message);
    targetId = added.target.id;
  });
  afterAll(() => h.drop());
  const params = () => ({ envId: gw.ppr, targetId });
  const path = () => `/api/v1/environments/${gw.ppr}/probes/${targetId}`;
  const counts = async () => [
    await h.auditCount(),
    await h.prisma.probeResult.count(),
    await h.prisma.probeTarget.count(),
  ];

  it("runs a probe now for an operator: the result is stored, answered and audited once", async () => {
    const before = await h.auditCount();
    const response = await h.call(run, "POST", `${path()}/run`, params(), { token: "operator" });
    expect(response.status).toBe(201);
    const { result } = await response.json();
    // Connected, but a loopback address is not reachable by D1 (issue 14): the probe says why.
    expect(result).toMatchObject({
      targetId,
      report: {
        connected: true,
        reachable: false,
        addressScope: "loopback",
        target: { host: "127.0.0.1", port: server.port },
      },
    });
    expect(result.findings.map((f: { code: string }) => f.code)).toContain(
      "unreachable-private-address",
    );
    // Our test server's chain is private (not in the D1 server roots here): the probe says so.
    expect(result.report.tls12.ok || result.report.tls13.ok).toBe(true);
    expect(
      await h.prisma.probeResult.findUniqueOrThrow({ where: { id: result.id } }),
    ).toMatchObject({ targetId, ok: result.ok });
    expect(await h.auditCount()).toBe(before + 1);
    const audit = await h.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(audit).toMatchObject({
      action: "probe.run",
      objectId: targetId,
      actorLabel: "token:test-operator",
      environmentId: gw.ppr,
    });
  });

  it("refuses a viewer (403), a target of another environment (404) and a body with parameters (422), storing nothing", async () => {
    const before = await counts();
    const viewer = await h.call(run, "POST", `${path()}/run`, params(), { token: "viewer" });
    expect(viewer.status).toBe(403);
    expect((await viewer.json()).error.code).toBe("forbidden");
    expect((await h.call(run, "POST", `${path()}/run`, params(), { token: null })).status).toBe(
      401,
    );
    const elsewhere = await h.call(
      run,
      "POST",
      `/api/v1/environments/${gw.prd}/probes/${targetId}/run`,
      { envId: gw.prd, targetId },
      { token: "operator" },
    );
    expect(elsewhere.status).toBe(404);
    expect((await elsewhere.json()).error.message).toBe(
      "No such probe target in this environment.",
    );
    const withBody = await h.call(run, "POST", `${path()}/run`, params(), {
      token: "operator",
      body: { host: "10.0.0.1" },
    });
    expect(withBody.status).toBe(422);
    expect((await withBody.json()).error.code).toBe("invalid_body");
    expect(await counts()).toEqual(before);
  });

  it("turns the daily run on for an admin only, refusing a bad body", async () => {
    const before = await counts();
    expect(
      (await h.call(patch, "PATCH", path(), params(), { token: "operator", body: { daily: true } }))
        .status,
    ).toBe(403);
    const bad = await h.call(patch, "PATCH", path(), params(), { body: { daily: "yes" } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields).toEqual({ daily: "daily must be true or false." });
    const extra = await h.call(patch, "PATCH", path(), params(), {
      body: { daily: true, host: "10.0.0.1" },
    });
    expect(extra.status).toBe(422);
    expect(await counts()).toEqual(before);
    expect((await h.prisma.probeTarget.findUniqueOrThrow({ where: { id: targetId } })).daily).toBe(
      false,
    );

    const response = await h.call(patch, "PATCH", path(), params(), { body: { daily: true } });
    expect(response.status).toBe(200);
    expect((await response.json()).target).toMatchObject({
      id: targetId,
      daily: true,
      latest: { targetId },
    });
    expect((await h.prisma.probeTarget.findUniqueOrThrow({ where: { id: targetId } })).daily).toBe(
      true,
    );
    expect(await h.auditCount()).toBe(before[0]! + 1);
    expect((await h.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } })).action).toBe(
      "probe_target.daily",
    );
  });

  it("removes a target for an admin only, with its results; a second removal is a 404", async () => {
    const before = await counts();
    expect((await h.call(remove, "DELETE", path(), params(), { token: "operator" })).status).toBe(
      403,
    );
    expect(await counts()).toEqual(before);
    const response = await h.call(remove, "DELETE", path(), params());
    expect(response.status).toBe(204);
    expect(await h.prisma.probeTarget.findUnique({ where: { id: targetId } })).toBeNull();
    expect(await h.prisma.probeResult.count({ where: { targetId } })).toBe(0);
    expect((await h.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } })).action).toBe(
      "probe_target.remove",
    );
    expect((await h.call(remove, "DELETE", path(), params())).status).toBe(404);
  });
});
