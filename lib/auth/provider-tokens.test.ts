import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { readMigrations } from "@/lib/db/migrate";
import { cliActor } from "./actor";
import { createUser } from "./users";
import { discardProviderTokens, PROVIDER_TOKEN_PATHS } from "./provider-tokens";

describe.each(DATABASE_KINDS)("single sign-on tokens are not kept, on %s", (kind) => {
  let t: TestDatabase;
  let userId: string;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const created = await createUser(t.prisma, cliActor(), {
      email: "sso@example.com",
      password: "a long enough password",
      role: "viewer",
    });
    if (!created.ok) throw new Error("user not created");
    userId = created.user.id;
  });
  afterAll(() => t.drop());

  const authFor = () =>
    betterAuth({
      baseURL: "http://localhost:3000",
      secret: "x".repeat(32),
      database: prismaAdapter(t.prisma, { provider: "postgresql" }),
      disabledPaths: PROVIDER_TOKEN_PATHS,
      plugins: [discardProviderTokens()],
      telemetry: { enabled: false },
    });

  it("better-auth's account writes arrive without access, refresh and ID tokens", async () => {
    const context = await authFor().$context;
    const created = await context.internalAdapter.createAccount({
      userId,
      providerId: "oidc",
      accountId: "sub-1",
      accessToken: "access-secret",
      refreshToken: "refresh-secret",
      idToken: "eyJ.id.token",
      scope: "openid email",
    });
    await context.internalAdapter.updateAccount(created.id, {
      accessToken: "access-2",
      idToken: "eyJ.id.2",
    });
    const row = await t.prisma.account.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({
      accessToken: null,
      refreshToken: null,
      idToken: null,
      scope: "openid email",
      accountId: "sub-1",
    });
  });

  it("the endpoints that would hand them out answer 404", async () => {
    const auth = authFor();
    for (const path of PROVIDER_TOKEN_PATHS) {
      const response = await auth.handler(
        new Request(`http://localhost:3000/api/auth${path}`, {
          method: path === "/account-info" ? "GET" : "POST",
          headers: { "content-type": "application/json", origin: "http://localhost:3000" },
          body: path === "/account-info" ? undefined : "{}",
        }),
      );
      expect(response.status, path).toBe(404);
    }
  });

  it("the migration empties tokens kept before, and leaves passwords alone", async () => {
    await t.prisma.account.create({
      data: {
        id: "old-sso",
        userId,
        providerId: "oidc",
        accountId: "sub-old",
        accessToken: "a",
        refreshToken: "r",
        idToken: "i",
        scope: "openid",
      },
    });
    const migration = readMigrations().find((m) => m.name === "20261205130000_discard_sso_tokens")!;
    await t.prisma.$executeRawUnsafe(migration.sql);
    expect(await t.prisma.account.findUniqueOrThrow({ where: { id: "old-sso" } })).toMatchObject({
      accessToken: null,
      refreshToken: null,
      idToken: null,
      scope: "openid",
    });
    const credential = await t.prisma.account.findFirstOrThrow({
      where: { userId, providerId: "credential" },
    });
    expect(credential.password).toMatch(/.+:.+/);
  });
});
