import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { verifyAuditChain } from "@/lib/audit/verify";
import { cliActor } from "./actor";
import { createUser } from "./users";
import {
  createEmergencyAdmin,
  emergencyAdminIds,
  passwordSignInAllowed,
  setEmergencyAdmin,
} from "./local-sign-in";
import { syncOidcRole } from "./oidc";

const actor = cliActor();
const password = "a long enough password";

describe.each(DATABASE_KINDS)("emergency admins and OIDC role sync on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t.drop());

  it("creates an emergency admin in one audited step; it may use its password when LOCAL_SIGN_IN=off", async () => {
    const created = await createEmergencyAdmin(t.prisma, actor, {
      email: "Break-Glass@example.com",
      password,
      role: "admin",
    });
    expect(created.ok).toBe(true);
    const user = await t.prisma.user.findUniqueOrThrow({
      where: { email: "break-glass@example.com" },
    });
    expect(user.role).toBe("admin");
    expect(await emergencyAdminIds(t.prisma)).toEqual([user.id]);
    const actions = (
      await t.prisma.auditEvent.findMany({ where: { objectId: user.id }, orderBy: { seq: "asc" } })
    ).map((e) => e.action);
    expect(actions).toEqual(["user.create", "user.emergency_admin.grant"]);
    expect(await passwordSignInAllowed(t.prisma, "BREAK-GLASS@example.com", "off")).toBe(true);
    expect(
      await createEmergencyAdmin(t.prisma, actor, {
        email: "break-glass@example.com",
        password,
        role: "admin",
      }),
    ).toEqual({
      ok: false,
      message: "A user with email break-glass@example.com already exists.",
    });
  });

  it("refuses password sign-in for everyone else when off, and allows everyone when on", async () => {
    await createUser(t.prisma, actor, { email: "plain@example.com", password, role: "admin" });
    expect(await passwordSignInAllowed(t.prisma, "plain@example.com", "off")).toBe(false);
    expect(await passwordSignInAllowed(t.prisma, "nobody@example.com", "off")).toBe(false);
    expect(await passwordSignInAllowed(t.prisma, "plain@example.com", "on")).toBe(true);
  });

  it("flags and unflags an existing admin, audited only when something changes", async () => {
    const before = await t.prisma.auditEvent.count();
    expect(await setEmergencyAdmin(t.prisma, actor, "plain@example.com", true)).toEqual({
      ok: true,
      email: "plain@example.com",
      changed: true,
    });
    expect(await passwordSignInAllowed(t.prisma, "plain@example.com", "off")).toBe(true);
    expect(await setEmergencyAdmin(t.prisma, actor, "plain@example.com", true)).toMatchObject({
      changed: false,
    });
    expect(await setEmergencyAdmin(t.prisma, actor, "plain@example.com", false)).toMatchObject({
      ok: true,
      changed: true,
    });
    expect(await passwordSignInAllowed(t.prisma, "plain@example.com", "off")).toBe(false);
    expect(await t.prisma.auditEvent.count()).toBe(before + 2);
    expect(await emergencyAdminIds(t.prisma)).toHaveLength(1);
  });

  it("keeps every flag when several are set at once", async () => {
    const emails = ["a1@example.com", "a2@example.com", "a3@example.com", "a4@example.com"];
    for (const email of emails)
      await createUser(t.prisma, actor, { email, password, role: "admin" });
    await Promise.all(emails.map((email) => setEmergencyAdmin(t.prisma, actor, email, true)));
    expect(await emergencyAdminIds(t.prisma)).toHaveLength(5);
  });

  it("refuses a non-admin, an unknown email, and an account without a password", async () => {
    await createUser(t.prisma, actor, { email: "viewer@example.com", password, role: "viewer" });
    expect(await setEmergencyAdmin(t.prisma, actor, "viewer@example.com", true)).toEqual({
      ok: false,
      message: "viewer@example.com is a viewer; only an admin can be an emergency admin.",
    });
    expect(await setEmergencyAdmin(t.prisma, actor, "ghost@example.com", true)).toEqual({
      ok: false,
      message: "No user with email ghost@example.com.",
    });
    await t.prisma.user.create({
      data: { id: "sso-only", email: "sso@example.com", name: "SSO", role: "admin" },
    });
    expect(await setEmergencyAdmin(t.prisma, actor, "sso@example.com", true)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/has no password/),
    });
  });

  it("applies the role the identity provider gives, audited only when it changes", async () => {
    const oidc = {
      type: "system" as const,
      id: null,
      label: "oidc:idp.example.com",
      role: "admin" as const,
    };
    await t.prisma.user.create({
      data: { id: "u-alice", email: "alice@example.com", name: "Alice", role: "admin" },
    });
    expect(
      await syncOidcRole(t.prisma, oidc, "u-alice", {
        role: "admin",
        matched: "d1-admins",
        values: ["d1-admins"],
      }),
    ).toBeNull();
    expect(
      await syncOidcRole(t.prisma, oidc, "u-alice", {
        role: "operator",
        matched: "d1-ops",
        values: ["d1-ops"],
      }),
    ).toEqual({ from: "admin", to: "operator" });
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: "u-alice" } })).role).toBe(
      "operator",
    );
    const events = await t.prisma.auditEvent.findMany({ where: { objectId: "u-alice" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "user.role.change",
      actorLabel: "oidc:idp.example.com",
      actorType: "system",
    });
    expect(events[0]!.summary).toEqual({
      email: "alice@example.com",
      from: "admin",
      to: "operator",
      source: "oidc",
      group: "d1-ops",
    });
    expect(await verifyAuditChain(t.prisma)).toMatchObject({ ok: true });
  });
});
