import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import type { Actor } from "@/lib/auth/actor";
import { createGateway } from "@/lib/gateway/mutations";
import {
  confirmDeployed,
  linkImportedCertificate,
  linkRenewalCsr,
  markRenewalSubmitted,
  nextStep,
  retireOld,
  startRenewal,
} from "./workflow";

const ops: Actor = { type: "user", id: "u1", label: "ops@example.com", role: "operator" };

describe.each(DATABASE_KINDS)("renewal workflow on %s", (kind) => {
  let t: TestDatabase;
  let environmentId = "";
  const cert = (id: string, key: string, csrId: string | null = null) =>
    t.prisma.certificate.create({
      data: {
        id,
        environmentId,
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
  const csr = (id: string, key: string) =>
    t.prisma.csr.create({
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
    t = await createTestDatabase(kind);
    const gateway = await createGateway(t.prisma, ops, {
      merchantGatewayId: "MGW_RENEW1",
      name: "R",
    });
    if (!gateway.ok) throw new Error("gateway");
    environmentId = gateway.value.environments[0]!.id;
    await cert("old", "key-old");
  });
  afterAll(() => t.drop());

  it("walks every step in order, each audited, and links old and new certificates", async () => {
    const started = await startRenewal(t.prisma, ops, "old");
    if (!started.ok) throw new Error(started.message);
    expect(await startRenewal(t.prisma, ops, "old")).toEqual(started); // one open renewal per certificate
    const id = started.id;

    await csr("csr-reused", "key-old");
    expect(await linkRenewalCsr(t.prisma, ops, id, "csr-reused")).toMatchObject({
      ok: false,
      message: expect.stringContaining("NEW key pair"),
    });
    expect(
      await confirmDeployed(t.prisma, ops, id, { deployedAt: "2026-12-01", note: "" }),
    ).toMatchObject({ ok: false, message: expect.stringContaining('next step is "csr"') });

    await csr("csr-new", "key-new");
    expect(await linkRenewalCsr(t.prisma, ops, id, "csr-new")).toMatchObject({ ok: true });
    expect(
      await markRenewalSubmitted(t.prisma, ops, id, {
        submittedAt: "2026-11-30",
        reference: "CASE-1",
      }),
    ).toMatchObject({ ok: true });
    expect((await t.prisma.csr.findUniqueOrThrow({ where: { id: "csr-new" } })).status).toBe(
      "submitted",
    );
    await cert("new", "key-new", "csr-new");
    expect(await linkImportedCertificate(t.prisma, ops, "new", "csr-new")).toMatchObject({
      ok: true,
    });
    expect(await retireOld(t.prisma, ops, id)).toMatchObject({ ok: false });
    expect(
      await confirmDeployed(t.prisma, ops, id, { deployedAt: "2026-12-02", note: "lb-1" }),
    ).toMatchObject({ ok: true });
    expect(await retireOld(t.prisma, ops, id)).toMatchObject({ ok: true });

    const renewal = await t.prisma.renewal.findUniqueOrThrow({ where: { id } });
    expect(renewal).toMatchObject({
      status: "completed",
      newCsrId: "csr-new",
      newCertificateId: "new",
      submissionRef: "CASE-1",
      deploymentNote: "lb-1",
    });
    expect(nextStep(renewal)).toBeNull();
    expect(
      (await t.prisma.certificate.findUniqueOrThrow({ where: { id: "old" } })).supersededById,
    ).toBe("new");
    const actions = (
      await t.prisma.auditEvent.findMany({
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
  });
});
