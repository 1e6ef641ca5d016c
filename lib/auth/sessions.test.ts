// Session lifetimes: the idle timeout (better-auth's sliding expiry) and our absolute lifetime,
// with a clock the test moves; listing and revoking one's own sessions, audited.
import crypto from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { verifyAuditChain } from "@/lib/audit/verify";
import { cliActor, type Actor } from "./actor";
import { createUser } from "./users";
import {
  DEFAULT_ABSOLUTE_LIFETIME_SECONDS,
  DEFAULT_IDLE_TIMEOUT_SECONDS,
  endSessionIfTooOld,
  listSessions,
  revokeOtherSessions,
  revokeSession,
  sessionEndsBy,
  sessionEnded,
  sessionPolicy,
} from "./sessions";
import { CookieJar, testAuth } from "./sessions.test-support";

const MIN = 60_000;
const password = "a long enough password";
const T0 = new Date("2030-03-01T08:00:00Z");
const plus = (minutes: number) => new Date(T0.getTime() + minutes * MIN);

describe("session policy", () => {
  it("reads the idle timeout (or the older SESSION_MAX_AGE_SECONDS) and the absolute lifetime", () => {
    expect(sessionPolicy({})).toEqual({
      idleTimeoutSeconds: DEFAULT_IDLE_TIMEOUT_SECONDS,
      updateAgeSeconds: 3600,
      absoluteLifetimeSeconds: DEFAULT_ABSOLUTE_LIFETIME_SECONDS,
    });
    expect(sessionPolicy({ SESSION_MAX_AGE_SECONDS: "86400" }).idleTimeoutSeconds).toBe(86400);
    expect(
      sessionPolicy({ SESSION_MAX_AGE_SECONDS: "86400", SESSION_IDLE_TIMEOUT_SECONDS: "1800" }),
    ).toEqual({
      idleTimeoutSeconds: 1800,
      updateAgeSeconds: 180, // a tenth: the expiry slides often enough for a short timeout
      absoluteLifetimeSeconds: DEFAULT_ABSOLUTE_LIFETIME_SECONDS,
    });
    expect(
      sessionPolicy({ SESSION_ABSOLUTE_LIFETIME_SECONDS: "43200" }).absoluteLifetimeSeconds,
    ).toBe(43200);
  });

  it("ignores a value that is not a whole number of seconds above 0, with a warning", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const policy = sessionPolicy({
        SESSION_IDLE_TIMEOUT_SECONDS: "30m",
        SESSION_ABSOLUTE_LIFETIME_SECONDS: "-5",
      });
      expect(policy.idleTimeoutSeconds).toBe(DEFAULT_IDLE_TIMEOUT_SECONDS);
      expect(policy.absoluteLifetimeSeconds).toBe(DEFAULT_ABSOLUTE_LIFETIME_SECONDS);
      expect(warn.mock.calls.map((c) => String(c[0])).join("\n")).toMatch(
        /SESSION_IDLE_TIMEOUT_SECONDS="30m" is not a whole number/,
      );
    } finally {
      warn.mockRestore();
    }
  });

  it("tells an idle session from one past its absolute lifetime", () => {
    const policy = sessionPolicy({
      SESSION_IDLE_TIMEOUT_SECONDS: "3600",
      SESSION_ABSOLUTE_LIFETIME_SECONDS: "14400",
    });
    const session = { createdAt: T0, expiresAt: plus(60) };
    expect(sessionEnded(session, plus(59), policy)).toBeNull();
    expect(sessionEnded(session, plus(60), policy)).toBe("idle");
    // Kept in use, the expiry slides, but not past 4 hours after sign-in.
    expect(sessionEnded({ createdAt: T0, expiresAt: plus(290) }, plus(239), policy)).toBeNull();
    expect(sessionEnded({ createdAt: T0, expiresAt: plus(290) }, plus(240), policy)).toBe(
      "absolute",
    );
    expect(sessionEndsBy({ createdAt: T0, expiresAt: plus(290) }, policy)).toEqual(plus(240));
    expect(sessionEndsBy({ createdAt: T0, expiresAt: plus(100) }, policy)).toEqual(plus(100));
  });
});

describe.each(DATABASE_KINDS)("sessions on %s", (kind) => {
  let t: TestDatabase;
  const policy = sessionPolicy({
    SESSION_IDLE_TIMEOUT_SECONDS: "3600",
    SESSION_ABSOLUTE_LIFETIME_SECONDS: "14400",
  });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t.drop());
  afterEach(() => {
    vi.useRealTimers();
  });

  async function signIn(auth: ReturnType<typeof testAuth>, email: string) {
    const jar = new CookieJar();
    const result = await auth.api.signInEmail({
      body: { email, password },
      headers: jar.headers(),
      returnHeaders: true,
    });
    jar.take(result.headers);
    expect(jar.has("d1dash.session_token")).toBe(true);
    return jar;
  }

  async function sessionOf(auth: ReturnType<typeof testAuth>, jar: CookieJar) {
    const result = await auth.api.getSession({ headers: jar.headers(), returnHeaders: true });
    jar.take(result.headers);
    return result.response;
  }

  it("idle timeout: each use slides the expiry; an hour without use ends the session", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    await createUser(t.prisma, cliActor(), { email: "idle@example.com", password, role: "viewer" });
    const auth = testAuth(t.prisma, policy);
    const jar = await signIn(auth, "idle@example.com");

    // Used every 50 minutes: 3 h 20 min after sign-in it still works, since it was never idle an hour.
    for (const minutes of [50, 100, 150, 200]) {
      vi.setSystemTime(plus(minutes));
      const session = await sessionOf(auth, jar);
      expect(session, `at +${minutes} min`).not.toBeNull();
      expect(session!.session.expiresAt.getTime()).toBe(plus(minutes + 60).getTime());
    }
    // Then 61 minutes without use.
    vi.setSystemTime(plus(261));
    expect(await sessionOf(auth, jar)).toBeNull();
    expect(await t.prisma.session.count({ where: { user: { email: "idle@example.com" } } })).toBe(
      0,
    );
  });

  it("absolute lifetime: a session in constant use is refused and deleted 4 hours after sign-in", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: T0 });
    await createUser(t.prisma, cliActor(), {
      email: "absolute@example.com",
      password,
      role: "viewer",
    });
    const auth = testAuth(t.prisma, policy);
    const jar = await signIn(auth, "absolute@example.com");
    for (let minutes = 30; minutes < 240; minutes += 30) {
      vi.setSystemTime(plus(minutes));
      expect(await sessionOf(auth, jar), `at +${minutes} min`).not.toBeNull();
    }
    vi.setSystemTime(plus(239));
    expect(await sessionOf(auth, jar)).not.toBeNull();
    vi.setSystemTime(plus(240));
    expect(await sessionOf(auth, jar)).toBeNull();
    expect(
      await t.prisma.session.count({ where: { user: { email: "absolute@example.com" } } }),
    ).toBe(0);

    // Also on better-auth's other endpoints: the old cookie cannot list sessions either.
    const fresh = await signIn(auth, "absolute@example.com");
    vi.setSystemTime(plus(240 + 241));
    await expect(auth.api.listSessions({ headers: fresh.headers() })).rejects.toMatchObject({
      statusCode: 401,
    });
  });

  it("endSessionIfTooOld deletes only a session at or past its absolute lifetime", async () => {
    const user = await t.prisma.user.create({
      data: { id: crypto.randomUUID(), email: "rows@example.com", name: "Rows" },
    });
    await t.prisma.session.create({
      data: { id: "s-old", token: "tok-old", userId: user.id, createdAt: T0, expiresAt: plus(600) },
    });
    expect(await endSessionIfTooOld(t.prisma, "tok-old", plus(239), policy)).toBe(false);
    expect(await endSessionIfTooOld(t.prisma, "tok-old", plus(240), policy)).toBe(true);
    expect(await t.prisma.session.findUnique({ where: { id: "s-old" } })).toBeNull();
    expect(await endSessionIfTooOld(t.prisma, "no-such-token", plus(240), policy)).toBe(false);
  });

  it("lists one's live sessions, marks this one, and revokes one or all others, each audited", async () => {
    const me = await t.prisma.user.create({
      data: { id: crypto.randomUUID(), email: "me@example.com", name: "Me" },
    });
    const other = await t.prisma.user.create({
      data: { id: crypto.randomUUID(), email: "other@example.com", name: "Other" },
    });
    const actor: Actor = { type: "user", id: me.id, label: me.email, role: "viewer" };
    const row = (
      id: string,
      userId: string,
      createdMin: number,
      updatedMin: number,
      expiresMin: number,
      userAgent = "",
    ) =>
      t.prisma.session.create({
        data: {
          id,
          token: `tok-${id}`,
          userId,
          createdAt: plus(createdMin),
          updatedAt: plus(updatedMin),
          expiresAt: plus(expiresMin),
          userAgent,
          ipAddress: "203.0.113.7",
        },
      });
    await row(
      "laptop",
      me.id,
      0,
      100,
      160,
      "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36",
    );
    await row("phone", me.id, 10, 110, 170);
    await row("tablet", me.id, 20, 50, 130);
    await row("idle", me.id, 0, 10, 70); // idle: expired at +70
    await row("ancient", me.id, -300, 100, 160); // past the 4-hour lifetime
    await row("theirs", other.id, 0, 100, 160);

    const now = plus(115);
    const sessions = await listSessions(t.prisma, me.id, "laptop", now, policy);
    expect(sessions.map((s) => [s.id, s.current])).toEqual([
      ["phone", false],
      ["laptop", true],
      ["tablet", false],
    ]);
    expect(sessions[1]).toMatchObject({
      userAgent: expect.stringContaining("Chrome/131"),
      ipAddress: "203.0.113.7",
      createdAt: T0,
      lastActiveAt: plus(100),
      endsBy: plus(160),
    });
    expect(sessions[0]!.userAgent).toBeNull();

    // Someone else's session is not found by id; nothing is written.
    const before = await t.prisma.auditEvent.count();
    expect(await revokeSession(t.prisma, actor, me.id, "theirs")).toEqual({
      ok: false,
      message: "That session has already ended.",
    });
    expect(await t.prisma.session.count({ where: { id: "theirs" } })).toBe(1);
    expect(await t.prisma.auditEvent.count()).toBe(before);

    expect(await revokeSession(t.prisma, actor, me.id, "phone")).toEqual({ ok: true, revoked: 1 });
    expect(await revokeSession(t.prisma, actor, me.id, "phone")).toEqual({
      ok: false,
      message: "That session has already ended.",
    });
    const revoked = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: "session.revoke" },
      orderBy: { seq: "desc" },
    });
    expect(revoked).toMatchObject({
      actorLabel: "me@example.com",
      objectType: "session",
      objectId: "phone",
    });
    expect(revoked.summary).toMatchObject({ userId: me.id, ipAddress: "203.0.113.7" });

    expect(await revokeOtherSessions(t.prisma, actor, me.id, "laptop")).toEqual({
      ok: true,
      revoked: 3,
    });
    expect(
      (await t.prisma.session.findMany({ where: { userId: me.id } })).map((s) => s.id),
    ).toEqual(["laptop"]);
    expect(await t.prisma.session.count({ where: { id: "theirs" } })).toBe(1);
    const others = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: "session.revoke_others" },
    });
    expect(others.summary).toEqual({ sessionsEnded: 3 });
    // Nothing left to revoke: no record.
    const count = await t.prisma.auditEvent.count();
    expect(await revokeOtherSessions(t.prisma, actor, me.id, "laptop")).toEqual({
      ok: true,
      revoked: 0,
    });
    expect(await t.prisma.auditEvent.count()).toBe(count);
    expect(await verifyAuditChain(t.prisma)).toMatchObject({ ok: true });
  });
});
