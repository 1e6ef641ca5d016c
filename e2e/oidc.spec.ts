import { test, expect, type Browser, type Page } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Server } from "node:http";
// @ts-expect-error -- oidc-provider 9 ships no type declarations (and @types/oidc-provider is not installed).
import Provider from "oidc-provider";
import { adminCli, startServer, type RunningServer, freePort } from "./support/spawn-server";

// Single sign-on against a real OpenID provider (oidc-provider, with its development login and
// consent pages) on loopback, and a second app server with its own port and embedded database.
test.describe.configure({ mode: "serial", timeout: 180_000 });

const ROOT = { email: "root@example.com", password: "root password 1234" };
const BREAK_GLASS = { email: "break-glass@example.com", password: "break glass password 1" };
const LOCAL = { email: "local@example.com", password: "local user password 1" };
const CLIENT = { id: "d1-dashboard", secret: "oidc-test-client-secret-0123456789" };

// The identity provider's users; a test changes alice's groups to move her role.
const accounts: Record<string, { email: string; name: string; groups: string[] }> = {
  alice: { email: "alice@corp.example", name: "Alice Admin", groups: ["staff", "d1-admins"] },
  mallory: { email: "mallory@corp.example", name: "Mallory", groups: ["marketing"] },
  "break-glass": { email: BREAK_GLASS.email, name: "Break glass", groups: ["d1-admins"] },
};

let appPort: number;
let issuer: string;
let idp: Server;
let dataDir: string;
let app: RunningServer | null = null;
let appEnv: Record<string, string>;

test.beforeAll(async () => {
  appPort = await freePort();
  const idpPort = await freePort();
  issuer = `http://127.0.0.1:${idpPort}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        redirect_uris: [`http://localhost:${appPort}/api/auth/callback/oidc`],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: ["groups"],
    },
    scopes: ["openid", "email", "profile", "groups"],
    pkce: { required: () => true },
    cookies: { keys: ["oidc-e2e-cookie-key"] },
    findAccount: async (_ctx: unknown, id: string) => {
      const account = accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          email: account.email,
          email_verified: true,
          name: account.name,
          groups: [...account.groups],
        }),
      };
    },
  });
  idp = provider.listen(idpPort, "127.0.0.1") as Server;
  await new Promise<void>((resolve) => idp.once("listening", () => resolve()));

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-oidc-"));
  appEnv = {
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    AUTH_SECRET: "oidc-e2e-auth-secret-0123456789abcdef",
    REMINDERS_SCHEDULER: "off",
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: CLIENT.id,
    OIDC_CLIENT_SECRET: CLIENT.secret,
    OIDC_SCOPES: "openid email profile groups",
    OIDC_ROLE_CLAIM: "groups",
    OIDC_ROLE_MAP: "d1-admins=admin,d1-ops=operator",
    OIDC_BUTTON_LABEL: "Sign in with Corp SSO",
  };
  app = await startServer(appPort, appEnv);
});

test.afterAll(async () => {
  await app?.stop();
  await new Promise((resolve) => idp?.close(resolve));
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Goes through the identity provider's own login and consent pages as `login`. */
async function signInAtProvider(page: Page, login: string) {
  await expect(page).toHaveURL(new RegExp(`^${issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password works at the test provider");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

async function ssoSignIn(browser: Browser, login: string) {
  const context = await browser.newContext({ baseURL: app!.url });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with Corp SSO" }).click();
  await signInAtProvider(page, login);
  return { context, page };
}

async function passwordSignIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("before first-run setup, single sign-on creates nobody; setup still works with OIDC set", async ({
  browser,
}) => {
  const context = await browser.newContext({ baseURL: app!.url });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await expect(page).toHaveURL(/\/setup$/);
  // Start SSO by hand (the sign-in page sends everyone to /setup for now).
  const started = await page.request.post("/api/auth/sign-in/social", {
    headers: { origin: app!.url },
    data: { provider: "oidc", callbackURL: "/", errorCallbackURL: "/sign-in" },
  });
  expect(started.status()).toBe(200);
  await page.goto((await started.json()).url);
  await signInAtProvider(page, "alice");
  await expect(page).toHaveURL(/\/setup$/);
  expect(app!.log()).toContain(
    "[oidc] sign-in refused for alice@corp.example: the first-run setup is not finished",
  );

  const code = /SETUP CODE: ([0-9A-F-]{19})/.exec(app!.log())![1]!;
  await page.getByLabel("Setup code").fill(code);
  await page.getByLabel("Your email").fill(ROOT.email);
  await page.getByLabel("Password", { exact: true }).fill(ROOT.password);
  await page.getByLabel("Repeat the password").fill(ROOT.password);
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page).toHaveURL(/\/sign-in\?setup=done/);
  await passwordSignIn(page, ROOT);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await page.goto("/admin/users");
  await expect(page.getByRole("row").filter({ hasText: ROOT.email })).toHaveCount(1);
  await expect(page.getByText(accounts.alice!.email)).toHaveCount(0);
  await context.close();
});

test("Sign in with SSO: the provider's groups give the role; a first sign-in creates the user", async ({
  browser,
}) => {
  const { context, page } = await ssoSignIn(browser, "alice");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("user-role")).toHaveText("admin");
  await page.goto("/admin/users");
  const row = page.getByRole("row").filter({ hasText: accounts.alice!.email });
  await expect(row).toContainText("Alice Admin");
  await expect(row).toContainText("admin");
  await context.close();
});

test("a team behind one address can start single sign-on together: no 'Too many requests' at the fifth", async ({
  request,
}) => {
  for (let i = 0; i < 6; i++) {
    const started = await request.post(`${app!.url}/api/auth/sign-in/social`, {
      headers: { origin: app!.url },
      data: { provider: "oidc", callbackURL: "/", errorCallbackURL: "/sign-in" },
    });
    expect(started.status(), `start ${i + 1}`).toBe(200);
    expect((await started.json()).url).toMatch(new RegExp(`^${issuer}/auth\\?`));
  }
});

test("a user whose groups map to no role is refused with a clear message, and not created", async ({
  browser,
}) => {
  const { context, page } = await ssoSignIn(browser, "mallory");
  await expect(page).toHaveURL(/\/sign-in\?error=oidc_no_role/);
  await expect(
    page.getByRole("alert").filter({ hasText: "in no group that gives access to this dashboard" }),
  ).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await context.close();
  expect(app!.log()).toContain(
    "[oidc] sign-in refused for mallory@corp.example: no role for groups [marketing]",
  );
});

test("a role change at the provider takes effect at the next sign-in", async ({ browser }) => {
  accounts.alice!.groups = ["staff", "d1-ops"];
  const { context, page } = await ssoSignIn(browser, "alice");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("user-role")).toHaveText("operator");
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await context.close();
  expect(app!.log()).toContain(
    "[oidc] role of alice@corp.example changed from admin to operator (groups: d1-ops)",
  );
});

test("LOCAL_SIGN_IN=off refuses passwords, server-side, except for the emergency admin made with the CLI", async ({
  browser,
}) => {
  // The embedded database has one user at a time: stop the app to use the CLI on it.
  await app!.stop();
  app = null;
  const cliEnv = { DATA_DIR: dataDir, DATABASE_URL: "", USER: "e2e" };
  adminCli(
    [
      "user",
      "create",
      "--emergency",
      "--email",
      BREAK_GLASS.email,
      "--password",
      BREAK_GLASS.password,
      "--name",
      "Break glass",
    ],
    cliEnv,
  );
  adminCli(
    ["user", "create", "--email", LOCAL.email, "--password", LOCAL.password, "--role", "viewer"],
    cliEnv,
  );
  const token = adminCli(["token", "create", "--name", "oidc-e2e", "--role", "admin"], cliEnv);
  app = await startServer(appPort, { ...appEnv, LOCAL_SIGN_IN: "off" });

  const context = await browser.newContext({ baseURL: app.url });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await expect(
    page.getByText("Password sign-in is for emergency administrators only."),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in with Corp SSO" })).toBeVisible();

  // A normal local user, and the setup admin, are refused with the right password.
  for (const who of [LOCAL, ROOT]) {
    await passwordSignIn(page, who);
    await expect(
      page
        .getByRole("alert")
        .filter({ hasText: "Password sign-in is turned off on this server. Use single sign-on." }),
    ).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in$/);
  }
  // Not just the form: the endpoint itself refuses.
  const direct = await page.request.post("/api/auth/sign-in/email", {
    headers: { origin: app.url },
    data: LOCAL,
  });
  expect(direct.status()).toBe(403);
  expect(await direct.json()).toMatchObject({ code: "LOCAL_SIGN_IN_DISABLED" });
  expect(direct.headers()["set-cookie"] ?? "").not.toContain("session_token");

  // The emergency admin still signs in with its password…
  await passwordSignIn(page, BREAK_GLASS);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("user-role")).toHaveText("admin");
  await context.close();

  // …but not through single sign-on, even when its email comes back from the provider.
  const sso = await ssoSignIn(browser, "break-glass");
  await expect(sso.page).toHaveURL(/\/sign-in\?error=oidc_emergency_account/);
  await expect(
    sso.page.getByRole("alert").filter({ hasText: "emergency administrator account" }),
  ).toBeVisible();
  await sso.context.close();

  // Single sign-on keeps working with local sign-in off.
  const alice = await ssoSignIn(browser, "alice");
  await expect(alice.page.getByTestId("user-role")).toHaveText("operator");
  await alice.context.close();

  // The audit trail shows who the provider created and each role change, by the provider.
  const audit = await fetch(`${app.url}/api/v1/audit?action=user.`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(audit.status).toBe(200);
  const events = (
    (await audit.json()) as {
      events: { action: string; actorLabel: string; actorType: string; summary: string }[];
    }
  ).events;
  const records = events.map((e) => ({
    ...e,
    summary: JSON.parse(e.summary) as Record<string, unknown>,
  }));
  const find = (action: string, email: string) =>
    records.find((r) => r.action === action && r.summary.email === email);
  const byProvider = { actorType: "system", actorLabel: `oidc:127.0.0.1:${new URL(issuer).port}` };
  expect(find("user.create", accounts.alice!.email)).toMatchObject({
    ...byProvider,
    summary: { role: "admin", source: "oidc", group: "d1-admins" },
  });
  expect(find("user.role.change", accounts.alice!.email)).toMatchObject({
    ...byProvider,
    summary: { from: "admin", to: "operator", source: "oidc", group: "d1-ops" },
  });
  expect(find("user.emergency_admin.grant", BREAK_GLASS.email)).toMatchObject({
    actorLabel: "cli:e2e",
  });
  expect(records.some((r) => r.summary.email === accounts.mallory!.email)).toBe(false);
});
