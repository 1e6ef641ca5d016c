// Two-factor sign-in and sessions in Chromium: enrolment from the security page, the second
// sign-in step (a wrong code refused, the right one or a recovery code, once), REQUIRE_ADMIN_2FA
// holding an admin at enrolment (on a second server), and listing and signing out sessions.
// Codes are computed from the key the page shows, with the `otpauth` package, as a phone would.
import { test, expect, type Browser, type Page } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import * as OTPAuth from "otpauth";
import { createToken } from "./support/app";
import { adminCli, startServer, freePort } from "./support/spawn-server";

test.describe.configure({ mode: "serial", timeout: 120_000 });

const ADMIN_STATE = "e2e/.artifacts/admin.json";
const SHOTS = "e2e/.artifacts";
const stamp = Date.now();
const TWO_FA_USER = { email: `two-factor-${stamp}@example.com`, password: "two factor password 1" };
const SESSIONS_USER = { email: `sessions-${stamp}@example.com`, password: "sessions password 123" };

let key = ""; // the base32 key the page showed
let recoveryCodes: string[] = [];
let ipSerial = 10;

/** The page's error message (scoped to <main>: Next's route announcer is an alert too). */
const alertIn = (page: Page) => page.getByRole("main").getByRole("alert");

const totp = (base32: string, offsetMs = 0) =>
  new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(base32.replace(/\s+/g, "")),
    digits: 6,
    period: 30,
    algorithm: "SHA1",
  }).generate({ timestamp: Date.now() + offsetMs });

/** A fresh browser, as from its own client address (so per-IP limits are not shared), light or dark. */
async function newBrowserContext(
  browser: Browser,
  options: { baseURL?: string; dark?: boolean; userAgent?: string } = {},
) {
  const context = await browser.newContext({
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    extraHTTPHeaders: { "x-forwarded-for": `198.51.100.${ipSerial++}` },
  });
  if (options.dark) {
    const base = options.baseURL ?? test.info().project.use.baseURL!;
    await context.addCookies([{ name: "theme", value: "dark", url: base }]);
  }
  return context;
}

async function createUserAsAdmin(
  browser: Browser,
  who: { email: string; password: string },
  role: "viewer" | "operator" | "admin",
) {
  const context = await browser.newContext({ storageState: ADMIN_STATE });
  const page = await context.newPage();
  await page.goto("/admin/users");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Initial password").fill(who.password);
  await page.getByLabel("Role").selectOption(role);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText(`${who.email} can now sign in as ${role}.`)).toBeVisible();
  await context.close();
}

async function enterPassword(page: Page, who: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signOut(page: Page, email: string) {
  await page.getByLabel(`Account menu for ${email}`).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** Security page → turn on → password → key → code → recovery codes. Returns the key and codes. */
async function enrol(page: Page, password: string, { shots }: { shots?: string } = {}) {
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await page.getByLabel("Password").fill("not my password at all");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(alertIn(page)).toHaveText("That password is not right.");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("img", { name: /QR code of the set-up link/ })).toBeVisible();
  const shown = (await page.getByTestId("totp-secret").textContent())!.trim();
  expect(shown).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  await page.getByText("Set-up link (otpauth://) instead of typing the key").click();
  await expect(page.getByTestId("totp-uri")).toHaveText(
    new RegExp(
      `^otpauth://totp/D1%20mTLS%20dashboard:.+\\?secret=${shown.replace(/\s+/g, "")}&issuer=D1%20mTLS%20dashboard&`,
    ),
  );
  if (shots) await page.screenshot({ path: `${SHOTS}/${shots}-key.png`, fullPage: true });

  await page.getByLabel("Code from the app").fill(totp(shown, 10 * 60_000));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(alertIn(page)).toContainText("That code is not right.");
  await page.getByLabel("Code from the app").fill(totp(shown));
  await page.getByRole("button", { name: "Turn on" }).click();

  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  const codes = (await page.getByTestId("recovery-codes").locator("li").allTextContents()).map(
    (c) => c.trim(),
  );
  expect(codes).toHaveLength(10);
  expect(new Set(codes).size).toBe(10);
  if (shots) await page.screenshot({ path: `${SHOTS}/${shots}-codes.png`, fullPage: true });
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download as a text file" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("d1-dashboard-recovery-codes.txt");
  const text = fs.readFileSync((await download.path())!, "utf8");
  for (const code of codes) expect(text).toContain(code);
  return { key: shown, codes };
}

test("a user turns on two-factor sign-in; sign-in then asks for a code: a wrong one is refused, the right one lets in", async ({
  browser,
}) => {
  await createUserAsAdmin(browser, TWO_FA_USER, "viewer");
  const context = await newBrowserContext(browser);
  const page = await context.newPage();
  await enterPassword(page, TWO_FA_USER);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

  await page.getByLabel(`Account menu for ${TWO_FA_USER.email}`).click();
  await page.getByRole("link", { name: "Security", exact: true }).click();
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(page.getByRole("heading", { name: "Two-factor sign-in" })).toBeVisible();
  await expect(page.getByText("Your password alone signs you in.")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/security-off.png`, fullPage: true });

  ({ key, codes: recoveryCodes } = await enrol(page, TWO_FA_USER.password, {
    shots: "security-enrol",
  }));
  await expect(page.getByRole("button", { name: "Done" })).toBeDisabled();
  await page.getByLabel("I have saved the recovery codes.").check();
  await page.getByRole("button", { name: "Done" }).click();
  await expect(
    page.getByText("Two-factor sign-in is on. You will be asked for a code at each sign-in."),
  ).toBeVisible();
  await expect(page.getByTestId("recovery-codes-left")).toHaveText("10");
  await page.screenshot({ path: `${SHOTS}/security-on.png`, fullPage: true });

  await signOut(page, TWO_FA_USER.email);
  await context.close();

  // Another browser (and client address: better-auth allows 3 two-factor calls per 10 s per address).
  const next = await newBrowserContext(browser);
  const page2 = await next.newPage();
  await enterPassword(page2, TWO_FA_USER);
  await expect(page2.getByRole("heading", { name: "Two-factor sign-in" })).toBeVisible();
  // Nothing is signed in yet: the password alone opened no session.
  const waiting = await page2.request.get("/api/auth/get-session");
  expect(await waiting.json()).toBeNull();
  await page2.goto("/gateways");
  await expect(page2).toHaveURL(/\/sign-in/);

  await enterPassword(page2, TWO_FA_USER);
  await page2.getByLabel("Code from the app").fill(totp(key, 10 * 60_000));
  await page2.getByRole("button", { name: "Verify" }).click();
  await expect(alertIn(page2)).toContainText("That code is not right.");
  await page2.screenshot({ path: `${SHOTS}/sign-in-code.png`, fullPage: true });
  // The next step's code: the one used to turn it on may still be current, and is not accepted twice.
  await page2.getByLabel("Code from the app").fill(totp(key, 30_000));
  await page2.getByRole("button", { name: "Verify" }).click();
  await expect(page2.getByRole("heading", { name: "Overview" })).toBeVisible();
  await next.close();

  // Dark mode: the sign-in's second step.
  const dark = await newBrowserContext(browser, { dark: true });
  const darkPage = await dark.newPage();
  await enterPassword(darkPage, TWO_FA_USER);
  await darkPage.getByRole("button", { name: "Use a recovery code instead" }).click();
  await expect(darkPage.getByLabel("Recovery code")).toBeVisible();
  await darkPage.screenshot({ path: `${SHOTS}/sign-in-recovery-dark.png`, fullPage: true });
  await dark.close();
});

test("a recovery code signs in once, and not a second time; each change is in the audit trail", async ({
  browser,
  request,
}) => {
  const first = await newBrowserContext(browser, { dark: true });
  const page = await first.newPage();
  await enterPassword(page, TWO_FA_USER);
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(recoveryCodes[0]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await page.goto("/account/security");
  await expect(page.getByTestId("recovery-codes-left")).toHaveText("9");
  await page.screenshot({ path: `${SHOTS}/security-on-dark.png`, fullPage: true });
  await first.close();

  const second = await newBrowserContext(browser);
  const again = await second.newPage();
  await enterPassword(again, TWO_FA_USER);
  await again.getByRole("button", { name: "Use a recovery code instead" }).click();
  await again.getByLabel("Recovery code").fill(recoveryCodes[0]!);
  await again.getByRole("button", { name: "Verify" }).click();
  await expect(alertIn(again)).toHaveText(
    "That recovery code is not right, or it was already used.",
  );
  // Another, unused code still works.
  await again.getByLabel("Recovery code").fill(recoveryCodes[1]!);
  await again.getByRole("button", { name: "Verify" }).click();
  await expect(again.getByRole("heading", { name: "Overview" })).toBeVisible();
  await second.close();

  const admin = await browser.newPage({ storageState: ADMIN_STATE });
  const token = await createToken(admin, `two-factor-audit-${stamp}`, "viewer");
  await admin.close();
  const audit = await (
    await request.get("/api/v1/audit?action=user.two_factor", {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json();
  const mine = (audit.events as { action: string; actorLabel: string }[])
    .filter((e) => e.actorLabel === TWO_FA_USER.email)
    .map((e) => e.action);
  expect(mine.sort()).toEqual([
    "user.two_factor.enable",
    "user.two_factor.recovery_code_used",
    "user.two_factor.recovery_code_used",
    "user.two_factor.setup_started",
  ]);
});

test("the sessions list shows each signed-in browser; signing out the other one ends it there", async ({
  browser,
}) => {
  await createUserAsAdmin(browser, SESSIONS_USER, "operator");
  const laptop = await newBrowserContext(browser, {
    userAgent:
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  });
  const phone = await newBrowserContext(browser, {
    userAgent:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  });
  const here = await laptop.newPage();
  const there = await phone.newPage();
  for (const page of [here, there]) {
    await enterPassword(page, SESSIONS_USER);
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  }

  await here.goto("/account/security");
  const current = here.getByTestId("current-session");
  const other = here.getByTestId("other-session");
  await expect(current).toHaveCount(1);
  await expect(other).toHaveCount(1);
  await expect(current).toContainText("Chrome 131 on Linux");
  await expect(current).toContainText("This session");
  await expect(other).toContainText("Safari 17 on iOS");
  await expect(other).toContainText(/198\.51\.100\.\d+/);
  await here.screenshot({ path: `${SHOTS}/security-sessions.png`, fullPage: true });

  await other.getByRole("button", { name: "Sign out the session on Safari 17 on iOS" }).click();
  await other.getByRole("button", { name: "Sign it out" }).click();
  await expect(other).toHaveCount(0);
  await there.goto("/gateways");
  await expect(there).toHaveURL(/\/sign-in/);
  await expect(here.getByTestId("current-session")).toHaveCount(1);

  // "Sign out all other sessions", after a confirmation; this one stays.
  const third = await newBrowserContext(browser, { dark: true });
  const thirdPage = await third.newPage();
  await enterPassword(thirdPage, SESSIONS_USER);
  await expect(thirdPage.getByRole("heading", { name: "Overview" })).toBeVisible();
  await thirdPage.goto("/account/security");
  await expect(thirdPage.getByTestId("other-session")).toHaveCount(1);
  await thirdPage.screenshot({ path: `${SHOTS}/security-sessions-dark.png`, fullPage: true });
  await thirdPage.getByRole("button", { name: "Sign out all other sessions…" }).click();
  await thirdPage.getByRole("button", { name: "Sign them out" }).click();
  await expect(thirdPage.getByText("1 other session was signed out.")).toBeVisible();
  await expect(thirdPage.getByTestId("other-session")).toHaveCount(0);
  await here.goto("/gateways");
  await expect(here).toHaveURL(/\/sign-in/);
  await thirdPage.goto("/gateways");
  await expect(thirdPage.getByRole("heading", { name: "Gateways" })).toBeVisible();
  for (const c of [laptop, phone, third]) await c.close();
});

// ---------------------------------------------------------------------------------------------
// REQUIRE_ADMIN_2FA, on a server of its own
// ---------------------------------------------------------------------------------------------

type Manifest = {
  node: Record<
    string,
    { workers: Record<string, unknown>; filename?: string; exportedName?: string }
  >;
};
// React's own encoder for server-action arguments, from the Next.js that built the app.
const { encodeReply } = createRequire(path.resolve("package.json"))(
  "next/dist/compiled/react-server-dom-turbopack/client.node",
) as {
  encodeReply: (value: unknown[]) => Promise<string | FormData>;
};

/** Calls the build's createGatewayAction directly (no UI), as the page's cookies. */
async function callCreateGateway(page: Page, origin: string, merchantGatewayId: string) {
  const manifest = JSON.parse(
    fs.readFileSync(".next/server/server-reference-manifest.json", "utf8"),
  ) as Manifest;
  const [id] = Object.entries(manifest.node).find(
    ([, e]) => e.filename === "lib/gateway/actions.ts" && e.exportedName === "createGatewayAction",
  )!;
  const form = new FormData();
  form.append("merchantGatewayId", merchantGatewayId);
  form.append("name", "Made while held at enrolment");
  const encoded = await encodeReply([{}, form]);
  const headers = { "next-action": id, origin, accept: "text/x-component" };
  const response =
    typeof encoded === "string"
      ? await page.request.post(`${origin}/gateways`, {
          headers: { ...headers, "content-type": "text/plain;charset=UTF-8" },
          data: encoded,
          maxRedirects: 0,
        })
      : await page.request.post(`${origin}/gateways`, {
          headers,
          multipart: encoded,
          maxRedirects: 0,
        });
  return response.text();
}

test("with REQUIRE_ADMIN_2FA, an admin without two-factor sign-in is held at enrolment until it is set up", async ({
  browser,
}) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-2fa-"));
  const env = { DATA_DIR: dir, DATABASE_URL: "", REQUIRE_ADMIN_2FA: "true" };
  const strictAdmin = { email: "strict-admin@example.com", password: "strict admin password 1" };
  const strictViewer = { email: "strict-viewer@example.com", password: "strict viewer password 1" };
  // Users are made with the CLI before the server holds the embedded database.
  adminCli(
    [
      "user",
      "create",
      "--email",
      strictAdmin.email,
      "--password",
      strictAdmin.password,
      "--role",
      "admin",
    ],
    env,
  );
  adminCli(
    [
      "user",
      "create",
      "--email",
      strictViewer.email,
      "--password",
      strictViewer.password,
      "--role",
      "viewer",
    ],
    env,
  );
  const server = await startServer(await freePort(), env);
  try {
    // A viewer is not concerned.
    const viewerContext = await newBrowserContext(browser, { baseURL: server.url });
    const viewerPage = await viewerContext.newPage();
    await enterPassword(viewerPage, strictViewer);
    await expect(viewerPage.getByRole("heading", { name: "Overview" })).toBeVisible();
    await viewerContext.close();

    const context = await newBrowserContext(browser, { baseURL: server.url });
    const page = await context.newPage();
    await enterPassword(page, strictAdmin);
    await expect(page).toHaveURL(/\/two-factor-setup$/);
    await expect(page.getByRole("heading", { name: "Set up two-factor sign-in" })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/two-factor-setup.png`, fullPage: true });
    for (const target of [
      "/",
      "/gateways",
      "/admin/users",
      "/admin/tokens",
      "/account/security",
      "/audit",
    ]) {
      await page.goto(target);
      await expect(page, target).toHaveURL(/\/two-factor-setup$/);
    }
    // A server action called directly is refused too, and makes nothing.
    expect(await callCreateGateway(page, server.url, "HELD_00001")).toContain(
      "Only an admin can do this.",
    );

    const { key: adminKey } = await enrol(page, strictAdmin.password);
    await page.getByLabel("I have saved the recovery codes.").check();
    await page.getByRole("button", { name: "Continue to the dashboard" }).click();
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await page.goto("/gateways");
    await expect(page.getByRole("heading", { name: "Gateways" })).toBeVisible();
    await expect(page.getByText("HELD_00001")).toHaveCount(0);
    await page.goto("/two-factor-setup");
    await expect(page).toHaveURL(/\/account\/security$/);
    await expect(
      page.getByText(
        "Administrators must use two-factor sign-in on this server, so it cannot be turned off.",
      ),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: "Turn off…" })).toHaveCount(0);
    // …nor through better-auth's endpoint directly.
    const disable = await page.request.post(`${server.url}/api/auth/two-factor/disable`, {
      headers: { origin: server.url },
      data: { password: strictAdmin.password },
    });
    expect(disable.status()).toBe(403);

    await signOut(page, strictAdmin.email);
    await context.close();
    const later = await newBrowserContext(browser, { baseURL: server.url });
    const again = await later.newPage();
    await enterPassword(again, strictAdmin);
    await again.getByLabel("Code from the app").fill(totp(adminKey, 30_000));
    await again.getByRole("button", { name: "Verify" }).click();
    await expect(again.getByRole("heading", { name: "Overview" })).toBeVisible();
    await later.close();
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
