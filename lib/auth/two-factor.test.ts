// Two-factor sign-in through better-auth's real endpoints (on a test database) with our policy
// plugin: enrolment, the second sign-in step, recovery codes used once, no remembered devices,
// REQUIRE_ADMIN_2FA, the CLI reset, and an audit record for each change. Codes are computed
// with the `otpauth` package from the secret, as an authenticator app would.
import crypto from "node:crypto";
import * as OTPAuth from "otpauth";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { verifyAuditChain } from "@/lib/audit/verify";
import { cliActor } from "./actor";
import { createUser } from "./users";
import { sessionPolicy } from "./sessions";
import {
  adminTwoFactorRequired,
  mustEnrolTwoFactor,
  resetTwoFactor,
  TWO_FACTOR_ISSUER,
  twoFactorStatus,
} from "./two-factor";
import { CookieJar, testAuth, type TestAuth } from "./sessions.test-support";
import { normaliseOtpauthUri, otpauthSecret } from "./two-factor-uri";

const password = "a long enough password";
const policy = sessionPolicy({});

type Totp = InstanceType<typeof OTPAuth.TOTP>;
/** The app's code after 30 s more: each accepted code is refused again for 90 s (replay). */
const nextCode = (totp: Totp) => {
  vi.setSystemTime(Date.now() + 30_000);
  return totp.generate();
};
const wrongCode = (totp: Totp) => totp.generate({ timestamp: Date.now() + 10 * 60_000 });

async function signIn(auth: TestAuth, email: string) {
  const jar = new CookieJar();
  const result = await auth.api.signInEmail({
    body: { email, password },
    headers: jar.headers(),
    returnHeaders: true,
  });
  jar.take(result.headers);
  return { jar, response: result.response as Record<string, unknown> };
}

/** The error code of a refused call (better-auth throws an APIError). */
async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    const e = error as { statusCode?: number; body?: { code?: string } };
    return `${e.statusCode} ${e.body?.code}`;
  }
  return "accepted";
}

const actionsFor = async (t: TestDatabase, email: string) =>
  (
    await t.prisma.auditEvent.findMany({
      where: {
        action: { startsWith: "user.two_factor." },
        summary: { path: ["email"], equals: email },
      },
      orderBy: { seq: "asc" },
    })
  ).map((e) => `${e.action} by ${e.actorLabel}`);

describe("REQUIRE_ADMIN_2FA", () => {
  it("is on for true (and 1, yes, on), off otherwise", () => {
    for (const value of ["true", "TRUE", "1", "yes", "on"])
      expect(adminTwoFactorRequired({ REQUIRE_ADMIN_2FA: value })).toBe(true);
    for (const value of [undefined, "", "false", "0", "no", "maybe"])
      expect(adminTwoFactorRequired({ REQUIRE_ADMIN_2FA: value })).toBe(false);
  });
});

describe.each(DATABASE_KINDS)("two-factor sign-in on %s", (kind) => {
  let t: TestDatabase;
  let auth: TestAuth;
  let totp: Totp;
  let recoveryCodes: string[];
  const email = "alice@example.com";

  beforeAll(async () => {
    // A clock the test moves (codes and better-auth read it), so that each sign-in has a fresh code.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date() });
    t = await createTestDatabase(kind);
    auth = testAuth(t.prisma, policy);
    await createUser(t.prisma, cliActor(), { email, password, role: "admin" });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await t.drop();
  });

  it("enrols: password, then the authenticator's code; the account then needs a code at sign-in", async () => {
    const { jar } = await signIn(auth, email);
    expect(
      await refusal(
        auth.api.enableTwoFactor({
          body: { password: "not the password at all" },
          headers: jar.headers(),
        }),
      ),
    ).toBe("400 INVALID_PASSWORD");

    const enabled = await auth.api.enableTwoFactor({ body: { password }, headers: jar.headers() });
    if (!("totpURI" in enabled) || !enabled.totpURI) throw new Error("no TOTP URI");
    const uri = normaliseOtpauthUri(enabled.totpURI);
    expect(uri).toMatch(
      /^otpauth:\/\/totp\/D1%20mTLS%20dashboard:alice%40example\.com\?secret=[A-Z2-7]+&issuer=D1%20mTLS%20dashboard&digits=6&period=30$/,
    );
    totp = OTPAuth.URI.parse(uri) as Totp;
    expect(totp.secret.base32).toBe(otpauthSecret(uri));
    expect(totp).toBeInstanceOf(OTPAuth.TOTP);
    expect(totp.issuer).toBe(TWO_FACTOR_ISSUER);
    expect(totp.label).toBe(email);
    expect([totp.digits, totp.period, totp.algorithm]).toEqual([6, 30, "SHA1"]);
    recoveryCodes = enabled.backupCodes!;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    // Set up but not confirmed: still off, and the password alone still signs in.
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(await twoFactorStatus(t.prisma, user.id)).toEqual({
      enabled: false,
      setupPending: true,
    });
    expect((await signIn(auth, email)).jar.has("d1dash.session_token")).toBe(true);
    // Secret and codes are stored encrypted.
    const row = await t.prisma.twoFactor.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.secret).not.toContain(totp.secret.base32);
    for (const code of recoveryCodes) expect(row.backupCodes).not.toContain(code);

    expect(
      await refusal(
        auth.api.verifyTOTP({ body: { code: wrongCode(totp) }, headers: jar.headers() }),
      ),
    ).toBe("401 INVALID_CODE");
    const verified = await auth.api.verifyTOTP({
      body: { code: nextCode(totp) },
      headers: jar.headers(),
      returnHeaders: true,
    });
    jar.take(verified.headers);
    expect(await twoFactorStatus(t.prisma, user.id)).toEqual({
      enabled: true,
      setupPending: false,
    });
    expect(await auth.api.getSession({ headers: jar.headers() })).not.toBeNull();
    expect(await actionsFor(t, email)).toEqual([
      `user.two_factor.setup_started by ${email}`,
      `user.two_factor.enable by ${email}`,
    ]);
  });

  it("asks for the code after the password: a wrong code is refused, the right one makes the session", async () => {
    const { jar, response } = await signIn(auth, email);
    expect(response).toMatchObject({ twoFactorRedirect: true, twoFactorMethods: ["totp"] });
    expect(jar.has("d1dash.session_token")).toBe(false);
    expect(jar.has("d1dash.two_factor")).toBe(true);
    expect(await auth.api.getSession({ headers: jar.headers() })).toBeNull();

    expect(
      await refusal(
        auth.api.verifyTOTP({ body: { code: wrongCode(totp) }, headers: jar.headers() }),
      ),
    ).toBe("401 INVALID_CODE");
    const done = await auth.api.verifyTOTP({
      body: { code: nextCode(totp) },
      headers: jar.headers(),
      returnHeaders: true,
    });
    jar.take(done.headers);
    expect((await auth.api.getSession({ headers: jar.headers() }))?.user.email).toBe(email);
    // Without the pending sign-in cookie, a code alone opens nothing.
    expect(
      await refusal(
        auth.api.verifyTOTP({ body: { code: nextCode(totp) }, headers: new CookieJar().headers() }),
      ),
    ).toBe("401 INVALID_TWO_FACTOR_COOKIE");
  });

  it("refuses a code that was already used (a replay), while it would still be valid", async () => {
    const first = await signIn(auth, email);
    const code = nextCode(totp);
    first.jar.take(
      (
        await auth.api.verifyTOTP({
          body: { code },
          headers: first.jar.headers(),
          returnHeaders: true,
        })
      ).headers,
    );
    expect(await auth.api.getSession({ headers: first.jar.headers() })).not.toBeNull();
    vi.setSystemTime(Date.now() + 20_000);
    const second = await signIn(auth, email);
    expect(
      await refusal(auth.api.verifyTOTP({ body: { code }, headers: second.jar.headers() })),
    ).toBe("401 TOTP_CODE_ALREADY_USED");
    // The next code works.
    await auth.api.verifyTOTP({ body: { code: nextCode(totp) }, headers: second.jar.headers() });
  });

  it("never remembers a device: trustDevice is refused", async () => {
    const { jar } = await signIn(auth, email);
    expect(
      await refusal(
        auth.api.verifyTOTP({
          body: { code: nextCode(totp), trustDevice: true },
          headers: jar.headers(),
        }),
      ),
    ).toBe("400 TRUST_DEVICE_DISABLED");
    expect(
      await refusal(
        auth.api.verifyBackupCode({
          body: { code: recoveryCodes[5]!, trustDevice: true },
          headers: jar.headers(),
        }),
      ),
    ).toBe("400 TRUST_DEVICE_DISABLED");
  });

  it("a recovery code signs in once, not twice, and its use is audited", async () => {
    const first = await signIn(auth, email);
    const used = await auth.api.verifyBackupCode({
      body: { code: recoveryCodes[0]! },
      headers: first.jar.headers(),
      returnHeaders: true,
    });
    first.jar.take(used.headers);
    expect((await auth.api.getSession({ headers: first.jar.headers() }))?.user.email).toBe(email);

    const second = await signIn(auth, email);
    expect(
      await refusal(
        auth.api.verifyBackupCode({
          body: { code: recoveryCodes[0]! },
          headers: second.jar.headers(),
        }),
      ),
    ).toBe("401 INVALID_BACKUP_CODE");
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(
      (await auth.api.viewBackupCodes({ body: { userId: user.id } })).backupCodes,
    ).toHaveLength(9);
    const record = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: "user.two_factor.recovery_code_used" },
    });
    expect(record).toMatchObject({ actorLabel: email, objectId: user.id });
    expect(record.summary).toEqual({ email, signIn: true });
  });

  it("new recovery codes replace the old ones", async () => {
    const { jar } = await signIn(auth, email);
    const signedIn = await auth.api.verifyTOTP({
      body: { code: nextCode(totp) },
      headers: jar.headers(),
      returnHeaders: true,
    });
    jar.take(signedIn.headers);
    expect(
      await refusal(
        auth.api.generateBackupCodes({
          body: { password: "not the password at all" },
          headers: jar.headers(),
        }),
      ),
    ).toMatch(/^400 /);
    const fresh = await auth.api.generateBackupCodes({
      body: { password },
      headers: jar.headers(),
    });
    expect(fresh.backupCodes).toHaveLength(10);
    const again = await signIn(auth, email);
    expect(
      await refusal(
        auth.api.verifyBackupCode({
          body: { code: recoveryCodes[1]! },
          headers: again.jar.headers(),
        }),
      ),
    ).toBe("401 INVALID_BACKUP_CODE");
    recoveryCodes = fresh.backupCodes;
    expect(await actionsFor(t, email)).toContain(
      `user.two_factor.recovery_codes_replaced by ${email}`,
    );
  });

  it("with REQUIRE_ADMIN_2FA, an admin without it must enrol and one with it cannot turn it off", async () => {
    const on = { REQUIRE_ADMIN_2FA: "true" };
    const strict = testAuth(t.prisma, policy, on);
    const admin = await t.prisma.user.findUniqueOrThrow({ where: { email } });
    const { jar } = await signIn(strict, email);
    const signedIn = await strict.api.verifyTOTP({
      body: { code: nextCode(totp) },
      headers: jar.headers(),
      returnHeaders: true,
    });
    jar.take(signedIn.headers);
    expect(
      await refusal(strict.api.disableTwoFactor({ body: { password }, headers: jar.headers() })),
    ).toBe("403 ADMIN_TWO_FACTOR_REQUIRED");
    expect((await t.prisma.user.findUniqueOrThrow({ where: { email } })).twoFactorEnabled).toBe(
      true,
    );

    expect(
      await mustEnrolTwoFactor(
        t.prisma,
        { id: admin.id, role: "admin", twoFactorEnabled: true },
        on,
      ),
    ).toBe(false);
    const bob = await createUser(t.prisma, cliActor(), {
      email: "bob@example.com",
      password,
      role: "admin",
    });
    const viewer = await createUser(t.prisma, cliActor(), {
      email: "vic@example.com",
      password,
      role: "viewer",
    });
    if (!bob.ok || !viewer.ok) throw new Error("users");
    expect(
      await mustEnrolTwoFactor(
        t.prisma,
        { id: bob.user.id, role: "admin", twoFactorEnabled: false },
        on,
      ),
    ).toBe(true);
    expect(
      await mustEnrolTwoFactor(
        t.prisma,
        { id: bob.user.id, role: "admin", twoFactorEnabled: false },
        {},
      ),
    ).toBe(false);
    expect(
      await mustEnrolTwoFactor(
        t.prisma,
        { id: viewer.user.id, role: "viewer", twoFactorEnabled: false },
        on,
      ),
    ).toBe(false);
    // A single sign-on admin (no password account) gets the second factor from the identity provider.
    const sso = await t.prisma.user.create({
      data: { id: crypto.randomUUID(), email: "sso-admin@example.com", name: "SSO", role: "admin" },
    });
    expect(
      await mustEnrolTwoFactor(
        t.prisma,
        { id: sso.id, role: "admin", twoFactorEnabled: false },
        on,
      ),
    ).toBe(false);
  });

  it("turning it off needs the password, is audited, and sign-in goes back to the password alone", async () => {
    const { jar } = await signIn(auth, email);
    const signedIn = await auth.api.verifyTOTP({
      body: { code: nextCode(totp) },
      headers: jar.headers(),
      returnHeaders: true,
    });
    jar.take(signedIn.headers);
    expect(
      await refusal(
        auth.api.disableTwoFactor({
          body: { password: "not the password at all" },
          headers: jar.headers(),
        }),
      ),
    ).toBe("400 INVALID_PASSWORD");
    await auth.api.disableTwoFactor({ body: { password }, headers: jar.headers() });
    expect((await signIn(auth, email)).jar.has("d1dash.session_token")).toBe(true);
    expect((await actionsFor(t, email)).at(-1)).toBe(`user.two_factor.disable by ${email}`);
  });

  it("the CLI reset turns it off for a locked-out user, removes the secret and ends their sessions, audited", async () => {
    const { jar } = await signIn(auth, "bob@example.com");
    const enabled = await auth.api.enableTwoFactor({ body: { password }, headers: jar.headers() });
    const bobTotp = OTPAuth.URI.parse((enabled as { totpURI: string }).totpURI) as Totp;
    jar.take(
      (
        await auth.api.verifyTOTP({
          body: { code: nextCode(bobTotp) },
          headers: jar.headers(),
          returnHeaders: true,
        })
      ).headers,
    );
    const bob = await t.prisma.user.findUniqueOrThrow({ where: { email: "bob@example.com" } });
    expect(bob.twoFactorEnabled).toBe(true);
    // A sign-in left waiting for its code.
    const pending = await signIn(auth, "bob@example.com");
    expect(pending.response).toMatchObject({ twoFactorRedirect: true });

    const result = await resetTwoFactor(t.prisma, cliActor(), "BOB@example.com");
    expect(result).toMatchObject({ ok: true, wasEnabled: true });
    expect(await twoFactorStatus(t.prisma, bob.id)).toEqual({
      enabled: false,
      setupPending: false,
    });
    expect(await t.prisma.twoFactor.count({ where: { userId: bob.id } })).toBe(0);
    expect(await t.prisma.session.count({ where: { userId: bob.id } })).toBe(0);
    expect(
      await refusal(
        auth.api.verifyTOTP({ body: { code: nextCode(bobTotp) }, headers: pending.jar.headers() }),
      ),
    ).toBe("401 INVALID_TWO_FACTOR_COOKIE");
    expect((await signIn(auth, "bob@example.com")).jar.has("d1dash.session_token")).toBe(true);
    const record = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: "user.two_factor.reset" },
    });
    expect(record).toMatchObject({ actorType: "cli", objectId: bob.id });
    expect(record.summary).toMatchObject({
      email: "bob@example.com",
      wasEnabled: true,
      secretsRemoved: 1,
      sessionsEnded: 1,
    });
    expect(await resetTwoFactor(t.prisma, cliActor(), "nobody@example.com")).toEqual({
      ok: false,
      message: "No user with email nobody@example.com.",
    });
    expect(await verifyAuditChain(t.prisma)).toMatchObject({ ok: true });
  });
});
