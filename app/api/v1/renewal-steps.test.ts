// The renewal steps over the API (issue 18): start, csr, submit, deploy, retire, as the renewal
// page's buttons, against a real database. Step 3 (import) is the certificate import's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "@/lib/testing/databases";
import { apiHarness, type ApiHarness } from "@/lib/testing/api";
import { seedGateway } from "@/lib/reminder/test-support";
import { linkImportedCertificate } from "@/lib/renewal/workflow";
import { cliActor } from "@/lib/auth/actor";
import { GET as list, POST as start } from "./environments/[envId]/renewals/route";
import { GET as read } from "./environments/[envId]/renewals/[renewalId]/route";
import { POST as linkCsr } from "./environments/[envId]/renewals/[renewalId]/csr/route";
import { POST as submit } from "./environments/[envId]/renewals/[renewalId]/submit/route";
import { POST as deploy } from "./environments/[envId]/renewals/[renewalId]/deploy/route";
import { POST as retire } from "./environments/[envId]/renewals/[renewalId]/retire/route";

describe.each(DATABASE_KINDS)("renewal steps over the API on %s", (kind) => {
  let h: ApiHarness;
  let gw: { ppr: string; prd: string };
  let renewalId = "";
  const cert = (id: string, key: string, csrId: string | null = null) =>
    h.prisma.certificate.create({
      data: {
        id,
        environmentId: gw.ppr,
        der: new Uint8Array([1, 2, 3]),
        serialNumber: id,
        subjectDn: "CN=x",
        subject: {},
        commonName: `CN ${id}`,
        issuerDn: "CN=ca",
        notBefore: new Date("2026-01-01"),
        notAfter: new Date("2031-01-01"),
        keyType: "ECDSA",
        curve: "P-256",
        signatureAlgorithm: "ecdsa-with-SHA256",
        sha256: `sha-${id}`,
        publicKeySha256: key,
        compliant: true,
        checks: [],
        csrId,
        createdByLabel: "t",
      },
    });
  const csr = (id: string, key: string, environmentId = gw.ppr) =>
    h.prisma.csr.create({
      data: {
        id,
        environmentId,
        pem: "x",
        subjectDn: "CN=x",
        subject: {},
        commonName: "CN",
        keyType: "ECDSA",
        curve: "P-256",
        signatureAlgorithm: "x",
        publicKeySha256: key,
        origin: "browser",
        createdByLabel: "t",
      },
    });
  beforeAll(async () => {
    h = await apiHarness(kind);
    gw = await seedGateway(h.prisma, { merchantGatewayId: "MGW_APIREN" });
    await cert("old", "key-old");
  });
  afterAll(() => h.drop());
  const base = () => `/api/v1/environments/${gw.ppr}/renewals`;
  const p = () => ({ envId: gw.ppr, renewalId });
  const counts = async () => [
    await h.auditCount(),
    await h.prisma.renewal.count(),
    JSON.stringify(await h.prisma.renewal.findMany({ orderBy: { id: "asc" } })),
  ];

  it("refuses a viewer (403) and bad input when starting, storing nothing", async () => {
    const before = await counts();
    expect(
      (
        await h.call(
          start,
          "POST",
          base(),
          { envId: gw.ppr },
          { token: "viewer", body: { certificateId: "old" } },
        )
      ).status,
    ).toBe(403);
    const missing = await h.call(
      start,
      "POST",
      base(),
      { envId: gw.ppr },
      { token: "operator", body: {} },
    );
    expect(missing.status).toBe(422);
    expect((await missing.json()).error.fields).toEqual({
      certificateId: "certificateId is required.",
    });
    const elsewhere = await h.call(
      start,
      "POST",
      `/api/v1/environments/${gw.prd}/renewals`,
      { envId: gw.prd },
      { token: "operator", body: { certificateId: "old" } },
    );
    expect(elsewhere.status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it("starts a renewal for an operator (201), answers the open one again (200), audited once", async () => {
    const before = await h.auditCount();
    const response = await h.call(
      start,
      "POST",
      base(),
      { envId: gw.ppr },
      { token: "operator", body: { certificateId: "old" } },
    );
    expect(response.status).toBe(201);
    const renewal = await response.json();
    expect(renewal).toMatchObject({
      status: "open",
      nextStep: "csr",
      oldCertificateId: "old",
      startedBy: "token:test-operator",
    });
    renewalId = renewal.id;
    const again = await h.call(
      start,
      "POST",
      base(),
      { envId: gw.ppr },
      { token: "operator", body: { certificateId: "old" } },
    );
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(renewalId);
    expect(await h.auditCount()).toBe(before + 1);
    const listed = await (
      await h.call(list, "GET", base(), { envId: gw.ppr }, { token: "viewer" })
    ).json();
    expect(listed.renewals.map((r: { id: string }) => r.id)).toEqual([renewalId]);
  });

  it("refuses each step to a viewer (403), out of order (409), with bad input (422), changing nothing", async () => {
    await csr("csr-reused", "key-old");
    await csr("csr-prd", "key-prd", gw.prd);
    const before = await counts();
    for (const [handler, step, body] of [
      [linkCsr, "csr", { csrId: "csr-new" }],
      [submit, "submit", { submittedAt: "2026-11-30" }],
      [deploy, "deploy", { deployedAt: "2026-12-01" }],
      [retire, "retire", undefined],
    ] as const) {
      expect(
        (
          await h.call(handler, "POST", `${base()}/${renewalId}/${step}`, p(), {
            token: "viewer",
            body,
          })
        ).status,
        step,
      ).toBe(403);
    }
    const outOfOrder = await h.call(deploy, "POST", `${base()}/${renewalId}/deploy`, p(), {
      token: "operator",
      body: { deployedAt: "2026-12-01" },
    });
    expect(outOfOrder.status).toBe(409);
    expect((await outOfOrder.json()).error).toEqual({
      code: "renewal.out_of_order",
      message: 'The next step is "csr", not "deployed".',
    });
    const reused = await h.call(linkCsr, "POST", `${base()}/${renewalId}/csr`, p(), {
      token: "operator",
      body: { csrId: "csr-reused" },
    });
    expect(reused.status).toBe(422);
    expect((await reused.json()).error.code).toBe("renewal.key_reused");
    const otherEnv = await h.call(linkCsr, "POST", `${base()}/${renewalId}/csr`, p(), {
      token: "operator",
      body: { csrId: "csr-prd" },
    });
    expect(otherEnv.status).toBe(422);
    expect((await otherEnv.json()).error.code).toBe("renewal.csr_not_in_environment");
    const badDate = await h.call(submit, "POST", `${base()}/${renewalId}/submit`, p(), {
      token: "operator",
      body: { submittedAt: "30/11/2026" },
    });
    expect(badDate.status).toBe(422);
    expect((await badDate.json()).error.fields).toEqual({
      submittedAt: "Enter a date (YYYY-MM-DD).",
    });
    const retireBody = await h.call(retire, "POST", `${base()}/${renewalId}/retire`, p(), {
      token: "operator",
      body: { force: true },
    });
    expect(retireBody.status).toBe(422);
    const wrongEnv = await h.call(
      submit,
      "POST",
      `/api/v1/environments/${gw.prd}/renewals/${renewalId}/submit`,
      { envId: gw.prd, renewalId },
      { token: "operator", body: { submittedAt: "2026-11-30" } },
    );
    expect(wrongEnv.status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it("walks csr → submit → (import) → deploy → retire for an operator, each step audited, and completes", async () => {
    await csr("csr-new", "key-new");
    const step = async (handler: typeof submit, name: string, body?: unknown) => {
      const response = await h.call(handler, "POST", `${base()}/${renewalId}/${name}`, p(), {
        token: "operator",
        body,
      });
      expect(response.status, name).toBe(200);
      return response.json();
    };
    expect(await step(linkCsr, "csr", { csrId: "csr-new" })).toMatchObject({
      newCsrId: "csr-new",
      nextStep: "submitted",
    });
    expect(
      await step(submit, "submit", { submittedAt: "2026-11-30", reference: "CASE-9" }),
    ).toMatchObject({ submittedAt: "2026-11-30", submissionRef: "CASE-9", nextStep: "imported" });
    expect((await h.prisma.csr.findUniqueOrThrow({ where: { id: "csr-new" } })).status).toBe(
      "submitted",
    );
    await cert("new", "key-new", "csr-new");
    await linkImportedCertificate(h.prisma, cliActor(), "new", "csr-new");
    expect(await step(deploy, "deploy", { deployedAt: "2026-12-02", note: "lb-1" })).toMatchObject({
      deployedAt: "2026-12-02",
      deploymentNote: "lb-1",
      nextStep: "retired",
    });
    expect(await step(retire, "retire")).toMatchObject({
      status: "completed",
      nextStep: null,
      retiredBy: "token:test-operator",
    });
    expect(
      (await h.prisma.certificate.findUniqueOrThrow({ where: { id: "old" } })).supersededById,
    ).toBe("new");
    const actions = (
      await h.prisma.auditEvent.findMany({
        where: { objectType: { in: ["renewal", "csr"] } },
        orderBy: { seq: "asc" },
      })
    ).map((a) => a.action);
    expect(actions).toEqual([
      "renewal.start",
      "renewal.csr",
      "renewal.submit",
      "csr.submit",
      "renewal.import",
      "renewal.deploy",
      "renewal.retire",
    ]);
    const read1 = await h.call(read, "GET", `${base()}/${renewalId}`, p(), { token: "viewer" });
    expect(await read1.json()).toMatchObject({ id: renewalId, status: "completed" });
    const closed = await h.call(retire, "POST", `${base()}/${renewalId}/retire`, p(), {
      token: "operator",
    });
    expect(closed.status).toBe(409);
  });
});
