// Issue 14, item 4: CN templates carry {merchantGatewayId}, {env} and {keyType}; accepting another
// CN for one CSR is an admin's act with a reason, stored on the CSR and in the audit trail.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import type { Actor } from "@/lib/auth/actor";
import { createGateway } from "@/lib/gateway/mutations";
import { createGatewaySchema, gatewaySettingsSchema } from "@/lib/gateway/schema";
import { registerCsr } from "./mutations";

const admin: Actor = { type: "user", id: "u1", label: "admin@example.com", role: "admin" };
const operator: Actor = { type: "user", id: "u2", label: "ops@example.com", role: "operator" };
const dir = mkdtempSync(join(tmpdir(), "cn-override-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An openssl-made P-256 CSR with this CN (a new key each time: one key, one CSR). */
function csrWithCn(cn: string, extraSubj = ""): string {
  const key = join(dir, `${Math.random().toString(36).slice(2)}.key`);
  execFileSync("openssl", [
    "genpkey",
    "-algorithm",
    "EC",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-out",
    key,
  ]);
  const subj = `/C=FR/ST=Ile-de-France/L=Paris/O=Example Payments/OU=Payments Ops/CN=${cn.replace(/\//g, "\\/")}${extraSubj}`;
  return execFileSync("openssl", ["req", "-new", "-key", key, "-subj", subj]).toString();
}

describe("CN templates must name the gateway, the environment and the key type", () => {
  it.each([
    ["TLSMA-{keyType}/{merchantGatewayId}", "{env}"],
    ["TLSMA-RSA/{merchantGatewayId}/{env}", "{keyType}"],
    ["TLSMA-{keyType}/{env}", "{merchantGatewayId}"],
    ["TLSMA-RSA/MGW_000001/PPR", "{keyType} and {merchantGatewayId} and {env}"],
  ])("settings and the API refuse %s (lacks %s)", (cnTemplate, missing) => {
    const settings = gatewaySettingsSchema.safeParse({
      version: 1,
      name: "EU",
      cnTemplate,
      renewalLeadDays: 90,
    });
    expect(settings.error?.issues[0]?.message).toBe(
      `CN template: it lacks ${missing}, and every template must contain {merchantGatewayId}, {env} and {keyType}`,
    );
    const api = createGatewaySchema.safeParse({
      merchantGatewayId: "MGW_000001",
      name: "EU",
      cnTemplate,
    });
    expect(api.error?.issues[0]?.path).toEqual(["cnTemplate"]);
  });

  it("accepts a reordered template with all three", () => {
    expect(
      gatewaySettingsSchema.safeParse({
        version: 1,
        name: "EU",
        cnTemplate: "{env}.{keyType}.{merchantGatewayId}",
        renewalLeadDays: 90,
      }).success,
    ).toBe(true);
  });
});

describe.each(DATABASE_KINDS)("CN override on %s", (kind) => {
  let t: TestDatabase;
  let ppr = "";
  const counts = async () => [await t.prisma.csr.count(), await t.prisma.auditEvent.count()];
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const gateway = await createGateway(t.prisma, admin, {
      merchantGatewayId: "MGW_000001",
      name: "EU",
      cnTemplate: "TLSMA-{keyType}/{merchantGatewayId}/{env}",
    });
    if (!gateway.ok) throw new Error("no gateway");
    ppr = gateway.value.environments.find((e) => e.code === "PPR")!.id;
  });
  afterAll(() => t.drop());

  it("an operator cannot override (403, csr.cn_override_forbidden), and nothing is stored or audited", async () => {
    const before = await counts();
    const result = await registerCsr(t.prisma, operator, {
      environmentId: ppr,
      pem: csrWithCn("D1-MGW_000001-PPR"),
      origin: "registered",
      cnOverride: { reason: "Thales asked" },
    });
    expect(result).toMatchObject({
      ok: false,
      status: 403,
      violations: [{ code: "csr.cn_override_forbidden" }],
    });
    expect(result.ok || result.message).toMatch(/Only an admin/);
    expect(await counts()).toEqual(before);
  });

  it("without the override an operator's CSR with another CN is refused as subject.cn_mismatch", async () => {
    const result = await registerCsr(t.prisma, operator, {
      environmentId: ppr,
      pem: csrWithCn("D1-MGW_000001-PPR"),
      origin: "registered",
    });
    expect(result).toMatchObject({
      ok: false,
      status: 422,
      violations: [{ code: "subject.cn_mismatch" }],
    });
  });

  it("an admin must give a reason (422, csr.cn_override_reason_required)", async () => {
    const before = await counts();
    const result = await registerCsr(t.prisma, admin, {
      environmentId: ppr,
      pem: csrWithCn("D1-MGW_000001-PPR"),
      origin: "registered",
      cnOverride: { reason: "   " },
    });
    expect(result).toMatchObject({
      ok: false,
      status: 422,
      violations: [{ code: "csr.cn_override_reason_required" }],
    });
    expect(await counts()).toEqual(before);
  });

  it("an admin's override with a reason is stored on the CSR and in the audit record", async () => {
    const result = await registerCsr(t.prisma, admin, {
      environmentId: ppr,
      pem: csrWithCn("D1-MGW_000001-PPR"),
      origin: "registered",
      cnOverride: { reason: "Thales ticket 4711 asked for this CN" },
    });
    expect(result).toMatchObject({
      ok: true,
      csr: { cnOverridden: true, cnOverrideReason: "Thales ticket 4711 asked for this CN" },
    });
    const audit = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: "csr.create" },
      orderBy: { seq: "desc" },
    });
    expect(audit.summary).toMatchObject({
      cnOverride: {
        expected: "TLSMA-ECDSA/MGW_000001/PPR",
        used: "D1-MGW_000001-PPR",
        reason: "Thales ticket 4711 asked for this CN",
      },
    });
  });

  it("the override only waives the CN: a refused structure stays refused", async () => {
    const result = await registerCsr(t.prisma, admin, {
      environmentId: ppr,
      pem: csrWithCn("D1-MGW_000001-PPR", "/CN=second"),
      origin: "registered",
      cnOverride: { reason: "x" },
    });
    expect(result).toMatchObject({
      ok: false,
      violations: [{ code: "subject.repeated_attribute" }],
    });
  });

  it("an admin override that was not needed stores no override", async () => {
    const result = await registerCsr(t.prisma, admin, {
      environmentId: ppr,
      pem: csrWithCn("TLSMA-ECDSA/MGW_000001/PPR"),
      origin: "registered",
      cnOverride: { reason: "just in case" },
    });
    expect(result).toMatchObject({ ok: true, csr: { cnOverridden: false } });
    expect(result.ok && "cnOverrideReason" in result.csr).toBe(false);
  });
});
