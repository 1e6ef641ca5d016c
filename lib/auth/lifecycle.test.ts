// The user lifecycle on real databases: role changes, disable and enable (sessions, tokens,
// sign-in through better-auth's real endpoints), the last-admin guard under concurrency, and
// the inactivity sweep with a clock the test sets.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { verifyAuditChain } from "@/lib/audit/verify";
import { cliActor, type Actor } from "./actor";
import { createUser } from "./users";
import { actorFromBearer, createApiToken } from "./tokens";
import {
  changeUser,
  disableInactiveUsers,
  disableUser,
  enableUser,
  inactiveDaysFromEnv,
  setUserRole,
} from "./lifecycle";
import { sessionPolicy } from "./sessions";
import { CookieJar, testAuth, type TestAuth } from "./sessions.test-support";

const password = "a long enough password";
const DAY = 86_400_000;
const T0 = new Date("2031-01-10T09:00:00Z");
const at = (days: number) => new Date(T0.getTime() + days * DAY);

let serial = 0;
const email = (what: string) => `${what}-${++serial}@example.com`;
const actorFor = (user: { id: string; email: string }): Actor => ({
  type: "user",
  id: user.id,
  label: user.email,
  role: "admin",
});

describe("USER_INACTIVE_DAYS", () => {
  it("is 90 by default, 0 turns it off, and anything but whole days up to 3650 is refused", () => {
    expect(inactiveDaysFromEnv({})).toEqual({ ok: true, days: 90 });
    expect(inactiveDaysFromEnv({ USER_INACTIVE_DAYS: " 30 " })).toEqual({ ok: true, days: 30 });
    expect(inactiveDaysFromEnv({ USER_INACTIVE_DAYS: "0" })).toEqual({ ok: true, days: 0 });
    for (const bad of ["-1", "1.5", "90d", "ninety", "3651", "1e3"]) {
      const setting = inactiveDaysFromEnv({ USER_INACTIVE_DAYS: bad });
      expect(setting, bad).toEqual({
        ok: false,
        message: `USER_INACTIVE_DAYS="${bad}" must be a whole number of days from 0 (off) to 3650.`,
      });
    }
  });
});

describe.each(DATABASE_KINDS)("user lifecycle on %s", (kind) => {
  let t: TestDatabase;
  let auth: TestAuth;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    auth = testAuth(t.prisma, sessionPolicy({}));
  });
  afterAll(() => t.drop());

  async function newUser(what: string, role: "viewer" | "operator" | "admin" = "viewer") {
    const created = await createUser(t.prisma, cliActor(), { email: email(what), password, role });
    if (!created.ok) throw new Error(created.message);
    return created.user;
  }
  const auditCount = () => t.prisma.auditEvent.count();
  const activeAdmins = () => t.prisma.user.count({ where: { role: "admin", disabledAt: null } });

  /** Signs in through better-auth; answers "ok", or "<status> <code>: <message>" when refused. */
  async function signIn(who: string, pw = password): Promise<{ outcome: string; jar: CookieJar }> {
    const jar = new CookieJar();
    try {
      const result = await auth.api.signInEmail({
        body: { email: who, password: pw },
        headers: jar.headers(),
        returnHeaders: true,
      });
      jar.take(result.headers);
      return { outcome: "ok", jar };
    } catch (error) {
      const e = error as { statusCode?: number; body?: { code?: string; message?: string } };
      return { outcome: `${e.statusCode} ${e.body?.code}: ${e.body?.message}`, jar };
    }
  }

  it("disabling ends the sessions and revokes the tokens at once; sign-in is refused, after the password, with the reason", async () => {
    const admin = await newUser("admin", "admin");
    const alice = await newUser("alice", "operator");
    const { outcome, jar } = await signIn(alice.email);
    expect(outcome).toBe("ok");
    expect((await auth.api.getSession({ headers: jar.headers() }))?.user.email).toBe(alice.email);
    const { token } = (await createApiToken(t.prisma, actorFor(alice), {
      name: "alice-ci",
      role: "operator",
    })) as { token: string };
    expect(await actorFromBearer(t.prisma, `Bearer ${token}`)).not.toBeNull();
    const cliToken = (await createApiToken(t.prisma, cliActor(), {
      name: "cli-made",
      role: "viewer",
    })) as { token: string };

    const result = await disableUser(t.prisma, actorFor(admin), alice.id);
    expect(result).toEqual({
      ok: true,
      email: alice.email,
      changed: true,
      sessionsEnded: 1,
      tokensRevoked: 1,
    });
    expect(await auth.api.getSession({ headers: jar.headers() })).toBeNull();
    expect(await actorFromBearer(t.prisma, `Bearer ${token}`)).toBeNull();
    expect(
      await actorFromBearer(t.prisma, `Bearer ${cliToken.token}`),
      "someone else's token still works",
    ).not.toBeNull();

    expect((await signIn(alice.email)).outcome).toBe(
      "403 ACCOUNT_DISABLED: This account is disabled. Ask an administrator to enable it again.",
    );
    // A wrong password says nothing about the account.
    expect((await signIn(alice.email, "not the password at all")).outcome).toMatch(
      /^401 INVALID_EMAIL_OR_PASSWORD/,
    );
    expect(await t.prisma.session.count({ where: { userId: alice.id } })).toBe(0);

    // Disabling again changes nothing and records nothing.
    const before = await auditCount();
    expect(await disableUser(t.prisma, actorFor(admin), alice.email)).toMatchObject({
      ok: true,
      changed: false,
    });
    expect(await auditCount()).toBe(before);

    // Enabled: sign-in works again; the revoked token stays revoked (ADR 0017).
    expect(await enableUser(t.prisma, actorFor(admin), alice.id, at(0))).toMatchObject({
      ok: true,
      changed: true,
    });
    expect((await signIn(alice.email)).outcome).toBe("ok");
    expect(await actorFromBearer(t.prisma, `Bearer ${token}`)).toBeNull();
    const audit = await t.prisma.auditEvent.findMany({
      where: { objectId: alice.id, action: { in: ["user.disable", "user.enable"] } },
      orderBy: { seq: "asc" },
    });
    expect(audit.map((e) => `${e.action} by ${e.actorLabel}`)).toEqual([
      `user.disable by ${admin.email}`,
      `user.enable by ${admin.email}`,
    ]);
    expect(audit[0]!.summary).toEqual({
      email: alice.email,
      reason: "admin",
      sessionsEnded: 1,
      tokensRevoked: 1,
    });
    expect((await verifyAuditChain(t.prisma)).ok).toBe(true);
  });

  it("refuses a disabled user at the two-factor step too", async () => {
    const bob = await newUser("bob");
    const { jar } = await signIn(bob.email);
    const enabled = await auth.api.enableTwoFactor({ body: { password }, headers: jar.headers() });
    if (!("totpURI" in enabled)) throw new Error("no TOTP URI");
    const secret = new URL(enabled.totpURI).searchParams.get("secret")!;
    const OTPAuth = await import("otpauth");
    const totp = new OTPAuth.TOTP({
      secret: OTPAuth.Secret.fromBase32(secret),
      digits: 6,
      period: 30,
    });
    await auth.api.verifyTOTP({ body: { code: totp.generate() }, headers: jar.headers() });
    // Password step passes (a second step is asked for), then the user is disabled.
    const step = new CookieJar();
    const first = await auth.api.signInEmail({
      body: { email: bob.email, password },
      headers: step.headers(),
      returnHeaders: true,
    });
    step.take(first.headers);
    expect(first.response).toMatchObject({ twoFactorRedirect: true });
    await disableUser(t.prisma, cliActor(), bob.id);
    const code = totp.generate({ timestamp: Date.now() + 30_000 });
    await expect(
      auth.api.verifyTOTP({ body: { code }, headers: step.headers() }),
    ).rejects.toMatchObject({ statusCode: 403, body: { code: "ACCOUNT_DISABLED" } });
    expect(await t.prisma.session.count({ where: { userId: bob.id } })).toBe(0);
  });

  it("changes a role, audited; a demotion revokes the user's tokens above the new role", async () => {
    const admin = await newUser("admin", "admin");
    const carol = await newUser("carol", "admin");
    const high = (await createApiToken(t.prisma, actorFor(carol), {
      name: "carol-admin",
      role: "admin",
    })) as { token: string };
    const low = (await createApiToken(t.prisma, actorFor(carol), {
      name: "carol-viewer",
      role: "viewer",
    })) as { token: string };
    expect(await setUserRole(t.prisma, actorFor(admin), carol.id, "operator")).toMatchObject({
      ok: true,
      changed: true,
      tokensRevoked: 1,
    });
    expect(await actorFromBearer(t.prisma, `Bearer ${high.token}`)).toBeNull();
    expect(await actorFromBearer(t.prisma, `Bearer ${low.token}`)).toMatchObject({
      role: "viewer",
    });
    const event = await t.prisma.auditEvent.findFirstOrThrow({
      where: { objectId: carol.id, action: "user.role.change" },
    });
    expect(event.summary).toEqual({
      email: carol.email,
      from: "admin",
      to: "operator",
      tokensRevoked: 1,
    });
    expect(await setUserRole(t.prisma, actorFor(admin), "nobody@example.com", "viewer")).toEqual({
      ok: false,
      code: "user_not_found",
      message: "No user nobody@example.com.",
    });
  });

  it("never leaves zero active admins: refusals store nothing, and two admins demoting or disabling each other at once leave one", async () => {
    // Start from exactly one active admin.
    await t.prisma.user.updateMany({ where: { role: "admin" }, data: { role: "viewer" } });
    const solo = await newUser("solo", "admin");
    const before = await auditCount();
    for (const attempt of [
      () => setUserRole(t.prisma, cliActor(), solo.id, "operator"),
      () => disableUser(t.prisma, cliActor(), solo.email),
      () => changeUser(t.prisma, cliActor(), solo.id, { role: "viewer" }),
      () => changeUser(t.prisma, cliActor(), solo.id, { disabled: true }),
    ]) {
      const refused = await attempt();
      expect(refused).toMatchObject({ ok: false, code: "last_admin" });
      expect(refused.ok || refused.message).toBe(
        `${solo.email} is the last active admin: ${refused.ok ? "" : refused.message.split(": ")[1]!.split(" would")[0]} would leave nobody able to manage users. Make another user admin first.`,
      );
    }
    expect(await auditCount()).toBe(before);
    expect(await t.prisma.user.findUniqueOrThrow({ where: { id: solo.id } })).toMatchObject({
      role: "admin",
      disabledAt: null,
    });

    // A disabled admin does not count: demoting the only active one is still refused.
    const dormant = await newUser("dormant", "admin");
    await disableUser(t.prisma, cliActor(), dormant.id);
    expect(await setUserRole(t.prisma, cliActor(), solo.id, "viewer")).toMatchObject({
      ok: false,
      code: "last_admin",
    });

    // A REST change whose second part is refused rolls back its first part.
    const viewer = await newUser("viewer");
    await disableUser(t.prisma, cliActor(), viewer.id);
    const mid = await auditCount();
    expect(
      await changeUser(t.prisma, cliActor(), solo.id, { disabled: false, role: "viewer" }),
    ).toMatchObject({ ok: false, code: "last_admin" });
    expect(await auditCount()).toBe(mid);

    for (let round = 0; round < 4; round++) {
      const a = await newUser("pair-a", "admin");
      const b = await newUser("pair-b", "admin");
      // Only a and b are active admins in this round.
      await t.prisma.user.updateMany({
        where: { role: "admin", id: { notIn: [a.id, b.id] } },
        data: { role: "viewer" },
      });
      const results =
        round % 2 === 0
          ? await Promise.all([
              setUserRole(t.prisma, actorFor(a), b.id, "viewer"),
              setUserRole(t.prisma, actorFor(b), a.id, "viewer"),
            ])
          : await Promise.all([
              disableUser(t.prisma, actorFor(a), b.id),
              disableUser(t.prisma, actorFor(b), a.id),
            ]);
      expect(results.map((r) => (r.ok ? "ok" : r.code)).sort(), `round ${round}`).toEqual([
        "last_admin",
        "ok",
      ]);
      expect(await activeAdmins(), `round ${round}`).toBe(1);
    }
    expect((await verifyAuditChain(t.prisma)).ok).toBe(true);
  });

  it("disables a user not seen for N days exactly once, audited as system, and tells them so", async () => {
    await t.prisma.user.updateMany({ where: {}, data: { lastSeenAt: at(500) } }); // everyone else: seen later
    const admin = await newUser("keeper", "admin");
    const dave = await newUser("dave");
    const erin = await newUser("erin");
    await t.prisma.user.updateMany({
      where: { id: { in: [dave.id, erin.id, admin.id] } },
      data: { lastSeenAt: T0 },
    });
    // Erin's session was in use on day 50: she was seen, whatever her last sign-in.
    await t.prisma.session.create({
      data: {
        id: crypto.randomUUID(),
        token: crypto.randomUUID(),
        userId: erin.id,
        expiresAt: at(60),
        createdAt: at(40),
        updatedAt: at(50),
      },
    });
    await t.prisma.user.updateMany({
      where: { role: "admin", id: { not: admin.id } },
      data: { role: "viewer" },
    });

    expect((await disableInactiveUsers(t.prisma, 90, at(89.9))).disabled).toEqual([]);
    const before = await auditCount();
    // Several instances sweep at once: each user is disabled and audited once.
    const sweeps = await Promise.all(
      [1, 2, 3].map(() => disableInactiveUsers(t.prisma, 90, at(90))),
    );
    expect(sweeps.flatMap((s) => s.disabled)).toEqual([dave.email]);
    expect(sweeps.some((s) => s.keptLastAdmin.includes(admin.id))).toBe(true);
    expect(await auditCount()).toBe(before + 1);
    const event = await t.prisma.auditEvent.findFirstOrThrow({
      where: { objectId: dave.id, action: "user.disable" },
    });
    expect(event).toMatchObject({ actorType: "system", actorLabel: "system" });
    expect(event.summary).toEqual({
      email: dave.email,
      reason: "inactive",
      inactiveDays: 90,
      lastSeenAt: T0.toISOString(),
      sessionsEnded: 0,
      tokensRevoked: 0,
    });
    expect(await disableInactiveUsers(t.prisma, 90, at(91))).toMatchObject({ disabled: [] });
    expect(await auditCount()).toBe(before + 1);
    expect((await signIn(dave.email)).outcome).toBe(
      "403 ACCOUNT_DISABLED: This account was disabled after 90 days without sign-in. Ask an administrator to enable it again.",
    );
    // The last active admin is never swept away.
    expect(await t.prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({
      disabledAt: null,
    });

    // Erin, seen on day 50, goes on day 140; 0 turns the sweep off.
    expect(await disableInactiveUsers(t.prisma, 0, at(1000))).toEqual({
      disabled: [],
      keptLastAdmin: [],
    });
    expect((await disableInactiveUsers(t.prisma, 90, at(140))).disabled).toEqual([erin.email]);

    // Enabled again, the clock restarts then; a sign-in moves it too.
    await enableUser(t.prisma, cliActor(), dave.id, at(200));
    expect((await disableInactiveUsers(t.prisma, 90, at(289))).disabled).not.toContain(dave.email);
    expect((await signIn(dave.email)).outcome).toBe("ok");
    const seen = (await t.prisma.user.findUniqueOrThrow({ where: { id: dave.id } })).lastSeenAt!;
    expect(Math.abs(seen.getTime() - Date.now())).toBeLessThan(60_000);
  });
});
