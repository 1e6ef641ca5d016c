// Installations and custodians over the API (issue 17), against real databases: the happy path,
// 403 by role, and bad input that stores nothing and leaves the audit trail as it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "@/lib/testing/databases";
import { apiHarness, type ApiHarness } from "@/lib/testing/api";
import { insertCertificate, insertUser, seedGateway } from "@/lib/reminder/test-support";
import { GET as list, POST as create } from "./installations/route";
import {
  DELETE as remove,
  GET as read,
  PATCH as edit,
} from "./installations/[installationId]/route";
import { GET as ofCertificate } from "./certificates/[certificateId]/installations/route";
import { GET as custodians, POST as assign } from "./environments/[envId]/custodians/route";
import { DELETE as unassign } from "./environments/[envId]/custodians/[userId]/route";
import { POST as deploy } from "./environments/[envId]/renewals/[renewalId]/deploy/route";
import { POST as retire } from "./environments/[envId]/renewals/[renewalId]/retire/route";

describe.each(DATABASE_KINDS)("installations and custodians over the API on %s", (kind) => {
  let h: ApiHarness;
  let gw: { ppr: string; prd: string };
  let certId = "";
  let installationId = "";
  beforeAll(async () => {
    h = await apiHarness(kind);
    gw = await seedGateway(h.prisma, { merchantGatewayId: "MGW_APIINS" });
    certId = (
      await insertCertificate(h.prisma, gw.ppr, new Date("2027-05-01"), { commonName: "OLD-CERT" })
    ).id;
  });
  afterAll(() => h.drop());
  const state = async () => [
    await h.auditCount(),
    JSON.stringify(await h.prisma.installation.findMany({ orderBy: { id: "asc" } })),
    JSON.stringify(await h.prisma.environmentCustodian.findMany({ orderBy: { id: "asc" } })),
    await h.prisma.probeTarget.count(),
  ];
  const body = (extra: Record<string, unknown> = {}) => ({
    environmentId: gw.ppr,
    of: { certificateId: certId },
    systemName: "gw-ppr-01",
    kind: "java-keystore",
    host: "gw1.internal",
    location: "/opt/gw/d1.jks#client",
    notes: "",
    ...extra,
  });

  it("refuses a viewer (403), and bad input with a specific 4xx, storing nothing and auditing nothing", async () => {
    const before = await state();
    expect(
      (await h.call(create, "POST", "/api/v1/installations", {}, { token: "viewer", body: body() }))
        .status,
    ).toBe(403);
    expect(
      (await h.call(create, "POST", "/api/v1/installations", {}, { token: null, body: body() }))
        .status,
    ).toBe(401);
    const invalid = await h.call(
      create,
      "POST",
      "/api/v1/installations",
      {},
      { token: "operator", body: body({ kind: "floppy", systemName: "" }) },
    );
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.fields).toMatchObject({
      kind: expect.stringContaining("one of"),
      systemName: "Name the system, e.g. payments-gw-prd-01.",
    });
    const malformed = await h.call(
      create,
      "POST",
      "/api/v1/installations",
      {},
      { token: "operator", body: "{nope" },
    );
    expect(malformed.status).toBe(400);
    expect(
      (
        await h.call(
          create,
          "POST",
          "/api/v1/installations",
          {},
          { token: "operator", body: body({ environmentId: gw.prd }) },
        )
      ).status,
    ).toBe(404);
    const operatorTarget = await h.call(
      create,
      "POST",
      "/api/v1/installations",
      {},
      {
        token: "operator",
        body: body({ of: { serverChain: true }, kind: "host-port", host: "127.0.0.1", port: 8443 }),
      },
    );
    expect(operatorTarget.status).toBe(403);
    expect((await operatorTarget.json()).error.code).toBe("installation.target_needs_admin");
    const metadata = await h.call(
      create,
      "POST",
      "/api/v1/installations",
      {},
      {
        token: "admin",
        body: body({
          of: { serverChain: true },
          kind: "host-port",
          host: "169.254.169.254",
          port: 443,
        }),
      },
    );
    expect(metadata.status).toBe(422);
    expect((await metadata.json()).error.fields.host).toContain("metadata");
    expect(
      (
        await h.call(
          assign,
          "POST",
          `/api/v1/environments/${gw.ppr}/custodians`,
          { envId: gw.ppr },
          { token: "operator", body: { userId: "x" } },
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await h.call(
          assign,
          "POST",
          `/api/v1/environments/${gw.ppr}/custodians`,
          { envId: gw.ppr },
          { token: "admin", body: {} },
        )
      ).status,
    ).toBe(422);
    expect(
      (
        await h.call(
          assign,
          "POST",
          `/api/v1/environments/${gw.ppr}/custodians`,
          { envId: gw.ppr },
          { token: "admin", body: { userId: "nobody" } },
        )
      ).status,
    ).toBe(422);
    expect(await state()).toEqual(before);
  });

  it("records, reads, edits (version) and removes an installation for an operator, each audited once", async () => {
    const audit = await h.auditCount();
    const created = await h.call(
      create,
      "POST",
      "/api/v1/installations",
      {},
      { token: "operator", body: body() },
    );
    expect(created.status).toBe(201);
    const row = await created.json();
    expect(row).toMatchObject({
      of: { certificateId: certId },
      kind: "java-keystore",
      systemName: "gw-ppr-01",
      version: 1,
      custodian: null,
      proof: null,
      createdBy: "token:test-operator",
    });
    installationId = row.id;
    const listed = await (
      await h.call(
        list,
        "GET",
        `/api/v1/installations?environmentId=${gw.ppr}&certificateId=${certId}`,
        {},
        { token: "viewer" },
      )
    ).json();
    expect(listed.installations.map((i: { id: string }) => i.id)).toEqual([installationId]);
    expect(
      (
        await (
          await h.call(
            ofCertificate,
            "GET",
            `/api/v1/certificates/${certId}/installations`,
            { certificateId: certId },
            { token: "viewer" },
          )
        ).json()
      ).installations,
    ).toHaveLength(1);
    const p = { installationId };
    expect(
      (
        await h.call(edit, "PATCH", `/api/v1/installations/${installationId}`, p, {
          token: "viewer",
          body: { ...body(), version: 1 },
        })
      ).status,
    ).toBe(403);
    const saved = await h.call(edit, "PATCH", `/api/v1/installations/${installationId}`, p, {
      token: "operator",
      body: { systemName: "gw-ppr-01", kind: "pkcs11", location: "luna/d1-2026", version: 1 },
    });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      kind: "pkcs11",
      location: "luna/d1-2026",
      version: 2,
    });
    const stale = await h.call(edit, "PATCH", `/api/v1/installations/${installationId}`, p, {
      token: "operator",
      body: { systemName: "x", kind: "file", version: 1 },
    });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe("installation.stale");
    expect(
      (
        await h.call(remove, "DELETE", `/api/v1/installations/${installationId}?version=2`, p, {
          token: "viewer",
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await h.call(remove, "DELETE", `/api/v1/installations/${installationId}`, p, {
          token: "operator",
        })
      ).status,
    ).toBe(422);
    const removed = await h.call(
      remove,
      "DELETE",
      `/api/v1/installations/${installationId}?version=2`,
      p,
      { token: "operator" },
    );
    expect(removed.status).toBe(200);
    expect((await removed.json()).removedBy).toBe("token:test-operator");
    expect(
      (
        await (
          await h.call(read, "GET", `/api/v1/installations/${installationId}`, p, {
            token: "viewer",
          })
        ).json()
      ).removedAt,
    ).not.toBeNull();
    expect(await h.auditCount()).toBe(audit + 3);
    const actions = await h.prisma.auditEvent.findMany({
      where: { objectId: installationId },
      orderBy: { seq: "asc" },
    });
    expect(actions.map((a) => a.action)).toEqual([
      "installation.add",
      "installation.update",
      "installation.remove",
    ]);
  });

  it("records our server's installation for an admin, with its probe target and proof", async () => {
    const created = await h.call(
      create,
      "POST",
      "/api/v1/installations",
      {},
      {
        token: "admin",
        body: body({
          of: { serverChain: true },
          systemName: "edge",
          kind: "host-port",
          host: "127.0.0.1",
          port: 8443,
          location: "",
        }),
      },
    );
    expect(created.status).toBe(201);
    const row = await created.json();
    expect(row).toMatchObject({
      of: { serverChain: true },
      port: 8443,
      proof: { verdict: "not-probed", presentedSha256: null },
    });
    expect(row.probeTargetId).toBe(
      (
        await h.prisma.probeTarget.findFirstOrThrow({
          where: { environmentId: gw.ppr, direction: "outbound" },
        })
      ).id,
    );
  });

  it("names and removes custodians (admin), audited; lists them with the findings", async () => {
    const user = await insertUser(h.prisma, "keeper@example.com", "viewer");
    const p = { envId: gw.ppr };
    const before = await (
      await h.call(custodians, "GET", `/api/v1/environments/${gw.ppr}/custodians`, p, {
        token: "viewer",
      })
    ).json();
    expect(before.findings.map((f: { key: string }) => f.key)).toContain(
      `custody.no-custodian:${gw.ppr}`,
    );
    const named = await h.call(assign, "POST", `/api/v1/environments/${gw.ppr}/custodians`, p, {
      token: "admin",
      body: { userId: user.id },
    });
    expect(named.status).toBe(201);
    expect(await named.json()).toMatchObject({
      user: { email: "keeper@example.com" },
      acknowledgedAt: null,
      assignedBy: "token:test-admin",
    });
    expect(
      (
        await h.call(assign, "POST", `/api/v1/environments/${gw.ppr}/custodians`, p, {
          token: "admin",
          body: { userId: user.id },
        })
      ).status,
    ).toBe(409);
    const after = await (
      await h.call(custodians, "GET", `/api/v1/environments/${gw.ppr}/custodians`, p, {
        token: "viewer",
      })
    ).json();
    expect(after.custodians).toHaveLength(1);
    expect(after.findings).toEqual([]);
    expect(
      (
        await h.call(
          unassign,
          "DELETE",
          `/api/v1/environments/${gw.ppr}/custodians/${user.id}`,
          { ...p, userId: user.id },
          { token: "operator" },
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await h.call(
          unassign,
          "DELETE",
          `/api/v1/environments/${gw.ppr}/custodians/${user.id}`,
          { ...p, userId: user.id },
          { token: "admin" },
        )
      ).status,
    ).toBe(200);
    expect(
      await h.prisma.auditEvent.count({
        where: { action: { in: ["custodian.assign", "custodian.remove"] } },
      }),
    ).toBe(2);
  });

  it("moves installations at the deploy step and refuses to retire while one is left (409 naming it)", async () => {
    const old = await insertCertificate(h.prisma, gw.prd, new Date("2027-02-01"), {
      commonName: "PRD-OLD",
    });
    const fresh = await insertCertificate(h.prisma, gw.prd, new Date("2029-02-01"), {
      commonName: "PRD-NEW",
    });
    const ids: string[] = [];
    for (const name of ["gw-a", "gw-b"]) {
      const r = await h.call(
        create,
        "POST",
        "/api/v1/installations",
        {},
        {
          token: "operator",
          body: {
            ...body(),
            environmentId: gw.prd,
            of: { certificateId: old.id },
            systemName: name,
          },
        },
      );
      ids.push((await r.json()).id);
    }
    const csr = await h.prisma.csr.create({
      data: {
        environmentId: gw.prd,
        pem: "x",
        subjectDn: "CN=x",
        subject: {},
        commonName: "PRD-NEW",
        keyType: "ECDSA",
        curve: "P-256",
        signatureAlgorithm: "x",
        publicKeySha256: "k",
        origin: "browser",
        createdByLabel: "t",
      },
    });
    const renewal = await h.prisma.renewal.create({
      data: {
        environmentId: gw.prd,
        oldCertificateId: old.id,
        startedBy: "t",
        newCsrId: csr.id,
        csrAt: new Date(),
        submittedAt: new Date(),
        newCertificateId: fresh.id,
        importedAt: new Date(),
      },
    });
    const p = { envId: gw.prd, renewalId: renewal.id };
    const url = (step: string) => `/api/v1/environments/${gw.prd}/renewals/${renewal.id}/${step}`;
    const before = await state();
    const none = await h.call(deploy, "POST", url("deploy"), p, {
      token: "operator",
      body: { deployedAt: "2026-12-01" },
    });
    expect(none.status).toBe(422);
    expect((await none.json()).error).toMatchObject({
      code: "renewal.installations_required",
      message: expect.stringContaining("gw-a (gw1.internal), gw-b (gw1.internal)"),
    });
    const wrong = await h.call(deploy, "POST", url("deploy"), p, {
      token: "operator",
      body: { deployedAt: "2026-12-01", installationIds: [installationId] },
    });
    expect((await wrong.json()).error.code).toBe("renewal.installation_not_on_old");
    expect(
      (
        await h.call(deploy, "POST", url("deploy"), p, {
          token: "operator",
          body: { deployedAt: "2026-12-01", installationIds: "gw-a" },
        })
      ).status,
    ).toBe(422);
    expect(await state()).toEqual(before);
    expect(
      (
        await h.call(deploy, "POST", url("deploy"), p, {
          token: "operator",
          body: { deployedAt: "2026-12-01", installationIds: [ids[0]] },
        })
      ).status,
    ).toBe(200);
    const refused = await h.call(retire, "POST", url("retire"), p, { token: "operator" });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toMatchObject({
      code: "renewal.installations_remaining",
      message: expect.stringContaining("gw-b"),
    });
    expect(
      (
        await h.call(deploy, "POST", url("deploy"), p, {
          token: "operator",
          body: { deployedAt: "2026-12-02", installationIds: [ids[1]] },
        })
      ).status,
    ).toBe(200);
    const done = await h.call(retire, "POST", url("retire"), p, { token: "operator" });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ status: "completed" });
    expect(
      (await h.prisma.installation.findMany({ where: { id: { in: ids } } })).map(
        (i) => i.certificateId,
      ),
    ).toEqual([fresh.id, fresh.id]);
  });
});
