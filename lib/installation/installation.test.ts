// Installations and custody (issue 17 items 1–2), on both databases: what is recorded and
// audited, what is refused (storing nothing), the renewal's deployed step in several passes,
// the server-chain proof, and the custody findings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { insertCertificate, insertUser, seedGateway, testAdmin } from "@/lib/reminder/test-support";
import type { Actor } from "@/lib/auth/actor";
import { confirmDeployed, retireOld, startRenewal } from "@/lib/renewal/workflow";
import {
  installationFieldsSchema,
  createInstallationSchema,
  updateInstallationSchema,
} from "./schema";
import { addInstallation, removeInstallation, updateInstallation } from "./mutations";
import { listInstallations } from "./data";
import { serverProof } from "./proof";
import { acknowledgeCustody, assignCustodian, removeCustodian } from "@/lib/custody/mutations";
import { custodyFindings } from "@/lib/custody/findings";

const operator: Actor = { type: "user", id: null, label: "ops@example.com", role: "operator" };
const fields = (extra: Record<string, unknown> = {}) =>
  installationFieldsSchema.parse({
    systemName: "gw-ppr-01",
    host: "gw1.internal",
    kind: "file",
    location: "/etc/d1/client.pem",
    ...extra,
  });

describe("an installation's input", () => {
  it("names each bad field", () => {
    const bad = installationFieldsSchema.safeParse({
      systemName: " ",
      kind: "floppy",
      port: 70000,
    });
    const problems = Object.fromEntries(
      bad.error!.issues.map((i) => [i.path.join("."), i.message]),
    );
    expect(problems).toMatchObject({
      systemName: "Name the system, e.g. payments-gw-prd-01.",
      kind: expect.stringContaining("java-keystore"),
      port: "The port must be a number from 1 to 65535.",
    });
    const hp = installationFieldsSchema.safeParse({ systemName: "lb", kind: "host-port" });
    expect(hp.error!.issues.map((i) => i.path[0])).toEqual(["host", "port"]);
    expect(
      installationFieldsSchema.safeParse({ systemName: "x", kind: "file", port: 443 }).error!
        .issues[0]!.message,
    ).toBe("Only a host:port installation has a port.");
    expect(
      updateInstallationSchema.safeParse({ systemName: "x", kind: "file" }).error!.issues[0]!.path,
    ).toEqual(["version"]);
    const created = createInstallationSchema.parse({
      environmentId: "e",
      of: { serverChain: true },
      systemName: "edge",
      kind: "host-port",
      host: "127.0.0.1",
      port: "8443",
    });
    expect(created).toMatchObject({
      environmentId: "e",
      of: { serverChain: true },
      port: 8443,
      host: "127.0.0.1",
    });
    expect(created.custodianId ?? null).toBeNull();
    expect(
      createInstallationSchema.safeParse({
        environmentId: "e",
        of: { certificateId: "c", serverChain: true },
        systemName: "x",
        kind: "file",
      }).success,
    ).toBe(false);
  });
});

describe("the server proof", () => {
  const result = (sha256: string | null) => ({
    id: "r1",
    at: new Date("2026-12-01T00:00:00Z"),
    result: { chain: sha256 ? { certificates: [{ sha256, subject: "CN=ours" }] } : null },
  });
  it("says expected, unexpected, no record, no certificate, not probed", () => {
    expect(serverProof(null, ["aa"]).verdict).toBe("not-probed");
    expect(serverProof(result(null), ["aa"]).verdict).toBe("no-certificate");
    expect(serverProof(result("aa"), []).verdict).toBe("no-record");
    expect(serverProof(result("aa"), ["aa"])).toMatchObject({
      verdict: "expected",
      presentedSha256: "aa",
      presentedSubject: "CN=ours",
    });
    expect(serverProof(result("bb"), ["aa"]).verdict).toBe("unexpected");
  });
});

describe.each(DATABASE_KINDS)("installations and custody on %s", (kind) => {
  let t: TestDatabase;
  let gw: { id: string; ppr: string; prd: string };
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_INST01" });
  });
  afterAll(() => t.drop());
  const trail = async () => [
    await t.prisma.auditEvent.count(),
    await t.prisma.installation.count(),
    await t.prisma.probeTarget.count(),
    JSON.stringify(await t.prisma.installation.findMany({ orderBy: { id: "asc" } })),
  ];

  it("records, edits (optimistic version) and removes (soft) a certificate's installation, each audited", async () => {
    const cert = await insertCertificate(t.prisma, gw.ppr, new Date("2027-06-01"));
    const custodian = await insertUser(t.prisma, "keeper@example.com", "operator");
    const added = await addInstallation(
      t.prisma,
      operator,
      gw.ppr,
      { certificateId: cert.id },
      fields({ custodianId: custodian.id }),
    );
    expect(added).toMatchObject({ ok: true, version: 1 });
    if (!added.ok) return;
    const edited = await updateInstallation(t.prisma, operator, added.id, {
      ...fields({ notes: "behind the HSM", custodianId: null }),
      version: 1,
    });
    expect(edited).toMatchObject({ ok: true, version: 2 });
    expect(
      await updateInstallation(t.prisma, operator, added.id, {
        ...fields({ notes: "lost update" }),
        version: 1,
      }),
    ).toMatchObject({ ok: false, status: 409, code: "installation.stale" });
    const audit = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: "installation.update" },
    });
    expect(audit.summary).toMatchObject({
      changed: {
        notes: { from: "", to: "behind the HSM" },
        custodianId: { from: custodian.id, to: null },
      },
    });
    expect(
      (
        await listInstallations(t.prisma, { environmentId: gw.ppr, of: { certificateId: cert.id } })
      ).map((i) => i.notes),
    ).toEqual(["behind the HSM"]);
    expect(await removeInstallation(t.prisma, operator, added.id, 2)).toMatchObject({ ok: true });
    expect(
      await listInstallations(t.prisma, { environmentId: gw.ppr, of: { certificateId: cert.id } }),
    ).toEqual([]);
    expect(
      (await listInstallations(t.prisma, { environmentId: gw.ppr, includeRemoved: true }))[0],
    ).toMatchObject({ removedBy: "ops@example.com" });
    expect(
      await t.prisma.auditEvent.count({ where: { action: { startsWith: "installation." } } }),
    ).toBe(3);
  });

  it("refuses bad owners, custodians and hosts, storing nothing and auditing nothing", async () => {
    const before = await trail();
    const other = await insertCertificate(t.prisma, gw.prd, new Date("2027-06-01"));
    const disabled = await t.prisma.user.create({
      data: { id: "u-disabled", email: "gone@example.com", name: "Gone", disabledAt: new Date() },
    });
    const before2 = await trail();
    expect(
      await addInstallation(t.prisma, operator, gw.ppr, { certificateId: other.id }, fields()),
    ).toMatchObject({ ok: false, status: 404 });
    expect(
      await addInstallation(t.prisma, operator, gw.ppr, { signingKeyId: "nope" }, fields()),
    ).toMatchObject({ ok: false, status: 404 });
    expect(
      await addInstallation(t.prisma, operator, gw.ppr, { serverChain: true }, fields()),
    ).toMatchObject({ ok: false, status: 422, code: "installation.server_needs_host_port" });
    expect(
      await addInstallation(
        t.prisma,
        operator,
        gw.ppr,
        { serverChain: true },
        fields({ kind: "host-port", host: "169.254.169.254", port: 443 }),
      ),
    ).toMatchObject({ ok: false, status: 422, code: "installation.bad_host" });
    expect(
      await addInstallation(
        t.prisma,
        operator,
        gw.ppr,
        { serverChain: true },
        fields({ kind: "host-port", host: "127.0.0.1", port: 8443 }),
      ),
    ).toMatchObject({ ok: false, status: 403, code: "installation.target_needs_admin" });
    expect(
      await addInstallation(
        t.prisma,
        operator,
        gw.prd,
        { certificateId: other.id },
        fields({ custodianId: disabled.id }),
      ),
    ).toMatchObject({
      ok: false,
      status: 422,
      code: "installation.custodian_disabled",
      fields: { custodianId: expect.any(String) },
    });
    expect(
      await addInstallation(
        t.prisma,
        operator,
        gw.prd,
        { certificateId: other.id },
        fields({ custodianId: "nobody" }),
      ),
    ).toMatchObject({ ok: false, status: 422, code: "installation.custodian_unknown" });
    expect(await trail()).toEqual(before2);
    expect(before[0]).toBe(before2[0]);
  });

  it("links our server's installation to the outbound probe target (created by an admin, reused after)", async () => {
    const first = await addInstallation(
      t.prisma,
      testAdmin,
      gw.ppr,
      { serverChain: true },
      fields({ systemName: "edge-a", kind: "host-port", host: "127.0.0.1", port: 9443 }),
    );
    expect(first.ok).toBe(true);
    const target = await t.prisma.probeTarget.findFirstOrThrow({
      where: { environmentId: gw.ppr, direction: "outbound", port: 9443 },
    });
    expect(
      await t.prisma.auditEvent.count({
        where: { action: "probe_target.add", objectId: target.id },
      }),
    ).toBe(1);
    expect(
      await addInstallation(
        t.prisma,
        operator,
        gw.ppr,
        { serverChain: true },
        fields({ systemName: "edge-b", kind: "host-port", host: "127.0.0.1", port: 9443 }),
      ),
    ).toMatchObject({ ok: false, status: 409, code: "installation.duplicate" });
    const rows = await listInstallations(t.prisma, {
      environmentId: gw.ppr,
      of: { serverChain: true },
    });
    expect(rows.map((r) => [r.systemName, r.probeTargetId, r.proof?.verdict])).toEqual([
      ["edge-a", target.id, "not-probed"],
    ]);
    if (!first.ok) return;
    expect(
      await updateInstallation(t.prisma, operator, first.id, {
        ...fields({ systemName: "edge-a", kind: "host-port", host: "127.0.0.2", port: 9443 }),
        version: 1,
      }),
    ).toMatchObject({ ok: false, code: "installation.server_address_fixed" });
    // The target cannot go while it proves a live installation.
    const { removeProbeTarget } = await import("@/lib/probe/mutations");
    expect(await removeProbeTarget(t.prisma, testAdmin, target.id)).toMatchObject({
      ok: false,
      status: 409,
      code: "probe_target.installation",
    });
  });

  it("moves installations in passes at the deployed step; the old certificate retires only when none is left on it", async () => {
    const old = await insertCertificate(t.prisma, gw.prd, new Date("2027-01-01"), {
      commonName: "OLD",
    });
    const a = await addInstallation(
      t.prisma,
      operator,
      gw.prd,
      { certificateId: old.id },
      fields({ systemName: "gw-a" }),
    );
    const b = await addInstallation(
      t.prisma,
      operator,
      gw.prd,
      { certificateId: old.id },
      fields({ systemName: "gw-b", host: "gw2.internal" }),
    );
    if (!a.ok || !b.ok) throw new Error("setup");
    const started = await startRenewal(t.prisma, operator, old.id);
    if (!started.ok) throw new Error("setup");
    const fresh = await insertCertificate(t.prisma, gw.prd, new Date("2029-01-01"), {
      commonName: "NEW",
    });
    await t.prisma.renewal.update({
      where: { id: started.id },
      data: {
        newCsrId: null,
        csrAt: new Date(),
        submittedAt: new Date(),
        newCertificateId: fresh.id,
        importedAt: new Date(),
      },
    });
    // nextStep needs newCsrId: give it one.
    const csr = await t.prisma.csr.create({
      data: {
        environmentId: gw.prd,
        pem: "x",
        subjectDn: "CN=NEW",
        subject: {},
        commonName: "NEW",
        keyType: "ECDSA",
        curve: "P-256",
        signatureAlgorithm: "x",
        publicKeySha256: "k-new",
        origin: "browser",
        createdByLabel: "t",
      },
    });
    await t.prisma.renewal.update({ where: { id: started.id }, data: { newCsrId: csr.id } });
    const audits = await t.prisma.auditEvent.count();
    expect(
      await confirmDeployed(t.prisma, operator, started.id, { deployedAt: "2026-12-01", note: "" }),
    ).toMatchObject({
      ok: false,
      code: "renewal.installations_required",
      message: expect.stringContaining("gw-a (gw1.internal), gw-b (gw2.internal)"),
    });
    expect(
      await confirmDeployed(t.prisma, operator, started.id, {
        deployedAt: "2026-12-01",
        note: "",
        installationIds: ["elsewhere"],
      }),
    ).toMatchObject({ ok: false, code: "renewal.installation_not_on_old" });
    expect(await t.prisma.auditEvent.count()).toBe(audits);
    expect(
      await confirmDeployed(t.prisma, operator, started.id, {
        deployedAt: "2026-12-01",
        note: "first wave",
        installationIds: [a.id],
      }),
    ).toMatchObject({ ok: true });
    expect(
      (await t.prisma.installation.findUniqueOrThrow({ where: { id: a.id } })).certificateId,
    ).toBe(fresh.id);
    const refused = await retireOld(t.prisma, operator, started.id);
    expect(refused).toMatchObject({ ok: false, code: "renewal.installations_remaining" });
    expect(refused.ok || refused.message).toContain("gw-b (gw2.internal)");
    expect(
      (await t.prisma.certificate.findUniqueOrThrow({ where: { id: old.id } })).supersededById,
    ).toBeNull();
    expect(
      await confirmDeployed(t.prisma, operator, started.id, {
        deployedAt: "2026-12-02",
        note: "",
        installationIds: [b.id],
      }),
    ).toMatchObject({ ok: true });
    expect(await retireOld(t.prisma, operator, started.id)).toMatchObject({ ok: true });
    expect(
      (await t.prisma.certificate.findUniqueOrThrow({ where: { id: old.id } })).supersededById,
    ).toBe(fresh.id);
    const moves = await t.prisma.auditEvent.findMany({
      where: { action: "installation.move" },
      orderBy: { seq: "asc" },
    });
    expect(moves.map((m) => (m.summary as { systemName: string }).systemName)).toEqual([
      "gw-a",
      "gw-b",
    ]);
    expect(
      (await t.prisma.renewal.findUniqueOrThrow({ where: { id: started.id } })).deployedAt
        ?.toISOString()
        .slice(0, 10),
    ).toBe("2026-12-01");
  });

  it("assigns custodians (admin), lets only the custodian acknowledge, and raises custody findings", async () => {
    const codes = async () =>
      (await custodyFindings(t.prisma, { environmentId: gw.prd })).map((f) => f.key.split(":")[0]);
    expect(await codes()).toEqual(["custody.no-custodian"]);
    const keeper = await insertUser(t.prisma, "custodian@example.com", "viewer");
    const me: Actor = { type: "user", id: keeper.id, label: keeper.email, role: "viewer" };
    expect(await assignCustodian(t.prisma, testAdmin, gw.prd, keeper.id)).toMatchObject({
      ok: true,
    });
    expect(await assignCustodian(t.prisma, testAdmin, gw.prd, keeper.id)).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(await assignCustodian(t.prisma, testAdmin, gw.prd, "u-disabled")).toMatchObject({
      ok: false,
      status: 422,
      code: "custody.user_disabled",
    });
    expect(await codes()).toEqual([]);
    const before = await t.prisma.auditEvent.count();
    expect(await acknowledgeCustody(t.prisma, testAdmin, gw.prd)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(
      await acknowledgeCustody(
        t.prisma,
        { type: "token", id: "tok", label: "token:x", role: "admin" },
        gw.prd,
      ),
    ).toMatchObject({ ok: false, status: 403 });
    expect(await t.prisma.auditEvent.count()).toBe(before);
    expect(await acknowledgeCustody(t.prisma, me, gw.prd)).toMatchObject({ ok: true });
    expect(await acknowledgeCustody(t.prisma, me, gw.prd)).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(
      (await t.prisma.environmentCustodian.findFirstOrThrow({ where: { userId: keeper.id } }))
        .acknowledgedAt,
    ).not.toBeNull();
    // Disabled: two findings (no active custodian, and the disabled one).
    await t.prisma.user.update({ where: { id: keeper.id }, data: { disabledAt: new Date() } });
    const found = await custodyFindings(t.prisma, { environmentId: gw.prd });
    expect(found.map((f) => f.key)).toEqual([
      `custody.no-custodian:${gw.prd}`,
      `custody.disabled-custodian:${gw.prd}:${keeper.id}`,
    ]);
    expect(found[1]).toMatchObject({
      severity: "warning",
      link: "/gateways/MGW_INST01/PRD/custody",
      detail: expect.stringContaining("custodian@example.com"),
    });
    expect(await removeCustodian(t.prisma, testAdmin, gw.prd, keeper.id)).toMatchObject({
      ok: true,
    });
    expect(await removeCustodian(t.prisma, testAdmin, gw.prd, keeper.id)).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(
      await t.prisma.auditEvent.count({ where: { action: { startsWith: "custodian." } } }),
    ).toBe(3);
    // Re-assigned: the acknowledgement starts over.
    await t.prisma.user.update({ where: { id: keeper.id }, data: { disabledAt: null } });
    await assignCustodian(t.prisma, testAdmin, gw.prd, keeper.id);
    expect(
      (await t.prisma.environmentCustodian.findFirstOrThrow({ where: { userId: keeper.id } }))
        .acknowledgedAt,
    ).toBeNull();
  });

  it("finds an installation on a retired or revoked certificate, and an installation's disabled custodian", async () => {
    const env = gw.ppr;
    const keeper = await insertUser(t.prisma, "holder@example.com", "operator");
    const successor = await insertCertificate(t.prisma, env, new Date("2030-01-01"));
    const retired = await insertCertificate(t.prisma, env, new Date("2027-01-01"), {
      supersededById: successor.id,
    });
    const revoked = await insertCertificate(t.prisma, env, new Date("2027-01-01"));
    await t.prisma.certificate.update({
      where: { id: revoked.id },
      data: { revokedAt: new Date(), revokedReason: "key compromise" },
    });
    const r1 = await addInstallation(
      t.prisma,
      operator,
      env,
      { certificateId: retired.id },
      fields({ systemName: "stale-1" }),
    );
    const r2 = await addInstallation(
      t.prisma,
      operator,
      env,
      { certificateId: revoked.id },
      fields({ systemName: "stale-2", custodianId: keeper.id }),
    );
    if (!r1.ok || !r2.ok) throw new Error("setup");
    await t.prisma.user.update({ where: { id: keeper.id }, data: { disabledAt: new Date() } });
    const found = (await custodyFindings(t.prisma, { environmentId: env })).filter(
      (f) => f.key !== `custody.no-custodian:${env}`,
    );
    expect(found.map((f) => [f.key, f.severity])).toEqual([
      [`custody.installation-on-retired:${r1.id}:${retired.id}`, "warning"],
      [`custody.disabled-installation-custodian:${r2.id}:${keeper.id}`, "warning"],
      [`custody.installation-on-revoked:${r2.id}:${revoked.id}`, "critical"],
    ]);
    // Same keys on every sweep; all environments at once too.
    expect((await custodyFindings(t.prisma)).map((f) => f.key)).toEqual(
      expect.arrayContaining(found.map((f) => f.key)),
    );
    await removeInstallation(t.prisma, operator, r1.id, 1);
    expect(
      (await custodyFindings(t.prisma, { environmentId: env })).some((f) => f.key.includes(r1.id)),
    ).toBe(false);
  });
});

describe("the OpenAPI document", () => {
  it("describes every installation and custodian route with its methods", async () => {
    const { openApiDocument } = await import("@/lib/openapi/document");
    const paths = openApiDocument("http://localhost").paths as Record<
      string,
      Record<string, { requestBody?: unknown }>
    >;
    const methods = (p: string) => Object.keys(paths[p] ?? {}).sort();
    expect(methods("/api/v1/installations")).toEqual(["get", "post"]);
    expect(methods("/api/v1/installations/{installationId}")).toEqual(["delete", "get", "patch"]);
    expect(methods("/api/v1/certificates/{certificateId}/installations")).toEqual(["get"]);
    expect(methods("/api/v1/environments/{envId}/custodians")).toEqual(["get", "post"]);
    expect(methods("/api/v1/environments/{envId}/custodians/{userId}")).toEqual(["delete"]);
    expect(JSON.stringify(paths["/api/v1/installations"]!.post!.requestBody)).toContain(
      "java-keystore",
    );
    expect(
      JSON.stringify(paths["/api/v1/environments/{envId}/renewals/{renewalId}/deploy"]),
    ).toContain("installationIds");
  });
});
