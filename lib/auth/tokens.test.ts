// API tokens: an expired or revoked token is refused, and "last used" is written at most once a
// minute, with a clock the test sets.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readVersions } from "@/lib/cache/versioned";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { cliActor, type Actor } from "./actor";
import {
  actorFromBearer,
  createApiToken as create,
  DEFAULT_TOKEN_DAYS,
  LAST_USED_RESOLUTION_MS,
  listApiTokens,
  newTokenSchema,
  revokeApiToken,
} from "./tokens";

const T0 = new Date("2030-03-01T08:00:00Z");
const plus = (ms: number) => new Date(T0.getTime() + ms);
const bearer = (token: string) => `Bearer ${token}`;
const DAY = 86_400_000;

/** Creates a token that must be accepted. */
async function createApiToken(...args: Parameters<typeof create>) {
  const created = await create(...args);
  if (!created.ok) throw new Error(created.message);
  return created;
}

describe.each(DATABASE_KINDS)("API tokens on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t.drop());

  it("a live token acts with its role; a malformed or unknown one is refused", async () => {
    const { token, id } = await createApiToken(t.prisma, cliActor(), {
      name: "ci",
      role: "operator",
      noExpiry: true,
    });
    expect(await actorFromBearer(t.prisma, bearer(token), T0)).toEqual({
      type: "token",
      id,
      label: "token:ci",
      role: "operator",
    });
    expect(await actorFromBearer(t.prisma, `bearer   ${token}`, T0)).toMatchObject({ id }); // scheme is case-insensitive
    for (const header of [
      null,
      "",
      token,
      `Basic ${token}`,
      bearer(`${token}x`),
      bearer("d1t_unknown"),
      bearer("not-a-token"),
    ]) {
      expect(await actorFromBearer(t.prisma, header, T0), String(header)).toBeNull();
    }
  });

  it("an expired token is refused from the instant it expires", async () => {
    const { token, id } = await createApiToken(t.prisma, cliActor(), {
      name: "expiring",
      role: "viewer",
      expiresInDays: 1,
    });
    const { expiresAt } = await t.prisma.apiToken.findUniqueOrThrow({ where: { id } });
    expect(expiresAt!.getTime() - Date.now()).toBeGreaterThan(86_400_000 - 60_000);
    expect(
      await actorFromBearer(t.prisma, bearer(token), new Date(expiresAt!.getTime() - 1)),
    ).not.toBeNull();
    expect(await actorFromBearer(t.prisma, bearer(token), expiresAt!)).toBeNull();
    expect(
      await actorFromBearer(t.prisma, bearer(token), new Date(expiresAt!.getTime() + 86_400_000)),
    ).toBeNull();
  });

  it("a revoked token is refused at once, and revoking twice records one audit event", async () => {
    const { token, id } = await createApiToken(t.prisma, cliActor(), {
      name: "to-revoke",
      role: "admin",
    });
    expect(await actorFromBearer(t.prisma, bearer(token))).not.toBeNull();
    await revokeApiToken(t.prisma, cliActor(), id);
    await revokeApiToken(t.prisma, cliActor(), id);
    expect(await actorFromBearer(t.prisma, bearer(token))).toBeNull();
    expect(
      await t.prisma.auditEvent.count({ where: { action: "token.revoke", objectId: id } }),
    ).toBe(1);
  });

  it("writes last-used on first use, then at most once a minute", async () => {
    const { token, id } = await createApiToken(t.prisma, cliActor(), {
      name: "busy",
      role: "viewer",
      noExpiry: true,
    });
    const lastUsed = async () =>
      (await t.prisma.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await actorFromBearer(t.prisma, bearer(token), T0);
    expect(await lastUsed()).toEqual(T0);
    await actorFromBearer(t.prisma, bearer(token), plus(30_000));
    await actorFromBearer(t.prisma, bearer(token), plus(LAST_USED_RESOLUTION_MS - 1));
    expect(await lastUsed()).toEqual(T0);
    await actorFromBearer(t.prisma, bearer(token), plus(LAST_USED_RESOLUTION_MS));
    expect(await lastUsed()).toEqual(plus(LAST_USED_RESOLUTION_MS));
    // Many requests at once after a quiet minute: one write wins, all are let in.
    const at = plus(5 * LAST_USED_RESOLUTION_MS);
    const actors = await Promise.all(
      Array.from({ length: 8 }, () => actorFromBearer(t.prisma, bearer(token), at)),
    );
    expect(actors.every((a) => a?.id === id)).toBe(true);
    expect(await lastUsed()).toEqual(at);
  });

  it("is looked up once while nothing changes, and again at once after any change to tokens", async () => {
    const { token, id } = await createApiToken(t.prisma, cliActor(), {
      name: "cached",
      role: "viewer",
    });
    await actorFromBearer(t.prisma, bearer(token)); // first use: writes last-used, which moves the version
    const lookups = vi.spyOn(t.prisma.apiToken, "findUnique");
    try {
      for (let i = 0; i < 5; i++)
        expect(await actorFromBearer(t.prisma, bearer(token))).toMatchObject({ id });
      expect(lookups).toHaveBeenCalledTimes(1);
      // Revoked by a plain write (as another instance would): the next request sees it.
      await t.prisma.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
      expect(await actorFromBearer(t.prisma, bearer(token))).toBeNull();
      expect(lookups).toHaveBeenCalledTimes(2);
    } finally {
      lookups.mockRestore();
    }
  });

  it("the auth version moves on each written row of the identity tables, not on writes that match nothing", async () => {
    const before = (await readVersions(t.prisma)).auth;
    await t.prisma.session.deleteMany({ where: { token: "no-such-session" } });
    await t.prisma.apiToken.updateMany({
      where: { id: "no-such-token" },
      data: { lastUsedAt: new Date() },
    });
    expect((await readVersions(t.prisma)).auth).toBe(before);
    const user = await t.prisma.user.create({
      data: { id: crypto.randomUUID(), email: "version@example.com", name: "Version" },
    });
    const afterCreate = (await readVersions(t.prisma)).auth;
    expect(afterCreate).not.toBe(before);
    await t.prisma.user.update({ where: { id: user.id }, data: { role: "admin" } });
    expect((await readVersions(t.prisma)).auth).not.toBe(afterCreate);
  });

  it("expires after 90 days by default; only an admin may make one that never expires; it names its creator", async () => {
    const at = new Date("2031-05-01T12:00:00Z");
    const ops: Actor = { type: "user", id: "u-ops", label: "ops@example.com", role: "operator" };
    const admin: Actor = { type: "user", id: "u-admin", label: "admin@example.com", role: "admin" };
    const byDefault = await createApiToken(t.prisma, ops, { name: "default", role: "viewer" }, at);
    expect(byDefault.expiresAt).toEqual(new Date(at.getTime() + DEFAULT_TOKEN_DAYS * DAY));
    expect(DEFAULT_TOKEN_DAYS).toBe(90);
    expect(
      await actorFromBearer(
        t.prisma,
        bearer(byDefault.token),
        new Date(at.getTime() + 90 * DAY - 1),
      ),
    ).not.toBeNull();
    expect(
      await actorFromBearer(t.prisma, bearer(byDefault.token), new Date(at.getTime() + 90 * DAY)),
    ).toBeNull();

    const forever = await createApiToken(
      t.prisma,
      admin,
      { name: "forever", role: "viewer", noExpiry: true },
      at,
    );
    expect(forever.expiresAt).toBeNull();
    expect(
      await actorFromBearer(t.prisma, bearer(forever.token), new Date(at.getTime() + 3650 * DAY)),
    ).not.toBeNull();
    expect(
      (
        await createApiToken(t.prisma, cliActor(), {
          name: "cli-forever",
          role: "viewer",
          noExpiry: true,
        })
      ).expiresAt,
    ).toBeNull();

    // A non-admin asking for no expiry: refused, nothing stored, nothing audited.
    const tokensBefore = await t.prisma.apiToken.count();
    const auditBefore = await t.prisma.auditEvent.count();
    expect(await create(t.prisma, ops, { name: "sneaky", role: "viewer", noExpiry: true })).toEqual(
      {
        ok: false,
        code: "token_no_expiry_admin_only",
        field: "noExpiry",
        message: "Only an admin can make a token that never expires.",
      },
    );
    expect(await t.prisma.apiToken.count()).toBe(tokensBefore);
    expect(await t.prisma.auditEvent.count()).toBe(auditBefore);
    // Days and no expiry together are a contradiction the schema refuses.
    const both = newTokenSchema.safeParse({
      name: "both",
      role: "viewer",
      expiresInDays: 5,
      noExpiry: true,
    });
    expect(both.success).toBe(false);
    expect(both.error?.issues[0]).toMatchObject({
      path: ["expiresInDays"],
      message: "Choose either a number of days or no expiry, not both.",
    });
    for (const days of ["0", "3651", "1.5", "x"])
      expect(
        newTokenSchema.safeParse({ name: "n", role: "viewer", expiresInDays: days }).success,
        days,
      ).toBe(false);

    // The list and the audit trail name who made each token.
    const listed = await listApiTokens(t.prisma);
    expect(listed.find((row) => row.id === byDefault.id)).toMatchObject({
      name: "default",
      createdBy: "ops@example.com",
    });
    expect(listed.find((row) => row.id === forever.id)).toMatchObject({
      createdBy: "admin@example.com",
      expiresAt: null,
    });
    const event = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: "token.create", objectId: forever.id },
    });
    expect(event).toMatchObject({
      actorLabel: "admin@example.com",
      summary: { name: "forever", role: "viewer", expiresAt: null, createdBy: "admin@example.com" },
    });
  });
});
