// The user lifecycle in Chromium against the production build (PCI DSS 8.2): an admin changes a
// user's role, disables them while they have an open session and an API token of their own (the
// next page and the next API call are refused, and sign-in says why), enables them again (they
// sign in; the token stays revoked), and cannot disable or demote the last active admin (UI and
// API), with the audit trail unchanged by each refusal.
import { test, expect, type Browser, type Page } from "@playwright/test";
import { ADMIN, auditTotal, createToken } from "./support/app";

test.describe.configure({ mode: "serial", timeout: 120_000 });

const ADMIN_STATE = "e2e/.artifacts/admin.json";
const VICTIM = { email: `lifecycle-${Date.now()}@example.com`, password: "lifecycle password 123" };
let ipSerial = 40;
let adminToken = "";
let victimToken = "";

/** A fresh browser as its own client address, so that per-address sign-in limits are not shared. */
async function freshPage(browser: Browser, storageState?: string): Promise<Page> {
  const context = await browser.newContext({
    ...(storageState ? { storageState } : {}),
    extraHTTPHeaders: { "x-forwarded-for": `198.51.100.${ipSerial++}` },
  });
  return context.newPage();
}

async function submitSignIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

const row = (page: Page, email: string) => page.getByTestId(`user-row-${email}`);
const api = (page: Page, path: string, token: string) =>
  page.request.get(path, { headers: { authorization: `Bearer ${token}` } });

test("an admin changes a role, disables a signed-in user with a token, and enables them again", async ({
  browser,
}) => {
  const admin = await freshPage(browser, ADMIN_STATE);
  adminToken = await createToken(admin, `lifecycle-admin-${Date.now()}`, "admin");

  // A new operator, promoted to admin so that they can make a token of their own.
  await admin.goto("/admin/users");
  await admin.getByLabel("Email").fill(VICTIM.email);
  await admin.getByLabel("Initial password").fill(VICTIM.password);
  await admin.getByLabel("Role").selectOption("operator");
  await admin.getByRole("button", { name: "Create user" }).click();
  await expect(admin.getByText(`${VICTIM.email} can now sign in as operator.`)).toBeVisible();
  await row(admin, VICTIM.email)
    .getByLabel(`Access level of ${VICTIM.email}`, { exact: true })
    .selectOption("admin");
  await row(admin, VICTIM.email)
    .getByRole("button", { name: `Change access level of ${VICTIM.email}` })
    .click();
  await expect(row(admin, VICTIM.email).getByRole("status")).toHaveText(
    `${VICTIM.email} is now admin.`,
  );

  const victim = await freshPage(browser);
  await submitSignIn(victim, VICTIM);
  await expect(victim.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(victim.getByTestId("user-role")).toHaveText("admin");
  victimToken = await createToken(victim, "lifecycle-victim-token", "viewer");
  expect((await api(victim, "/api/v1/gateways", victimToken)).status()).toBe(200);
  // The token list names who made it.
  const listed = (await (await api(admin, "/api/v1/tokens", adminToken)).json()).tokens.find(
    (t: { name: string }) => t.name === "lifecycle-victim-token",
  );
  expect(listed).toMatchObject({ createdBy: VICTIM.email, status: "active" });
  expect(Date.parse(listed.expiresAt) - Date.now()).toBeGreaterThan(89 * 86_400_000);

  // Disable, after a confirmation.
  await admin.goto("/admin/users");
  await row(admin, VICTIM.email)
    .getByRole("button", { name: `Disable ${VICTIM.email}` })
    .click();
  await expect(
    row(admin, VICTIM.email).getByText(
      /Their sessions end now and the API token they made is revoked/,
    ),
  ).toBeVisible();
  await row(admin, VICTIM.email)
    .getByRole("button", { name: `Disable ${VICTIM.email}`, exact: true })
    .last()
    .click();
  await expect(row(admin, VICTIM.email).getByRole("status")).toHaveText(
    `${VICTIM.email} is disabled: 1 session(s) ended, 1 API token(s) revoked.`,
  );
  await admin.reload();
  await expect(row(admin, VICTIM.email).getByText(/^disabled \d{4}-\d{2}-\d{2}$/)).toBeVisible();

  // The very next page request and API call are refused.
  await victim.goto("/gateways");
  await expect(victim).toHaveURL(/\/sign-in/);
  const refused = await api(victim, "/api/v1/gateways", victimToken);
  expect(refused.status()).toBe(401);
  // Sign-in says why.
  await submitSignIn(victim, VICTIM);
  await expect(victim.getByRole("main").getByRole("alert")).toHaveText(
    "This account is disabled. Ask an administrator to enable it again.",
  );
  await expect(victim).toHaveURL(/\/sign-in/);

  // Enabled again: they sign in; their old token stays revoked.
  await admin.goto("/admin/users");
  await row(admin, VICTIM.email)
    .getByRole("button", { name: `Enable ${VICTIM.email}` })
    .click();
  await expect(row(admin, VICTIM.email).getByRole("status")).toHaveText(
    `${VICTIM.email} can sign in again.`,
  );
  await submitSignIn(victim, VICTIM);
  await expect(victim.getByRole("heading", { name: "Overview" })).toBeVisible();
  expect((await api(victim, "/api/v1/gateways", victimToken)).status()).toBe(401);

  // Each step is in the audit trail, by the admin who did it.
  const audit = await (
    await admin.request.get(`/api/v1/audit?action=user.`, {
      headers: { authorization: `Bearer ${adminToken}` },
    })
  ).json();
  // (The API gives each record's summary as the JSON text that was hashed.)
  const mine = (audit.events as { action: string; actorLabel: string; summary: string }[]).filter(
    (e) => JSON.parse(e.summary).email === VICTIM.email,
  );
  expect(mine.map((e) => `${e.action} by ${e.actorLabel}`).reverse()).toEqual([
    `user.create by ${ADMIN.email}`,
    `user.role.change by ${ADMIN.email}`,
    `user.disable by ${ADMIN.email}`,
    `user.enable by ${ADMIN.email}`,
  ]);

  // Back to operator through the API (their admin-role tokens, none left, would be revoked).
  const users = (await (await api(admin, "/api/v1/users", adminToken)).json()).users as {
    id: string;
    email: string;
  }[];
  const id = users.find((u) => u.email === VICTIM.email)!.id;
  const demoted = await admin.request.patch(`/api/v1/users/${id}`, {
    headers: { authorization: `Bearer ${adminToken}` },
    data: { role: "operator" },
  });
  expect(demoted.status(), await demoted.text()).toBe(200);
  expect(await demoted.json()).toMatchObject({
    email: VICTIM.email,
    role: "operator",
    status: "active",
    changed: true,
  });
  await victim.context().close();
  await admin.context().close();
});

test("the last active admin can be neither disabled nor demoted, in the UI or the API, and nothing is recorded", async ({
  browser,
}) => {
  const admin = await freshPage(browser, ADMIN_STATE);
  const headers = { authorization: `Bearer ${adminToken}` };
  const users = (await (await api(admin, "/api/v1/users", adminToken)).json()).users as {
    id: string;
    email: string;
    role: string;
    status: string;
  }[];
  // On the shared e2e server, the first-run admin is the only one (other specs that need more use their own server).
  expect(
    users.filter((u) => u.role === "admin" && u.status === "active").map((u) => u.email),
  ).toEqual([ADMIN.email]);
  const me = users.find((u) => u.email === ADMIN.email)!;
  const before = await auditTotal(admin.request, adminToken);

  for (const data of [
    { disabled: true },
    { role: "operator" },
    { role: "viewer", disabled: true },
  ]) {
    const response = await admin.request.patch(`/api/v1/users/${me.id}`, { headers, data });
    expect(response.status(), JSON.stringify(data)).toBe(409);
    const { error } = await response.json();
    expect(error.code).toBe("last_admin");
    expect(error.message).toMatch(
      new RegExp(
        `^${ADMIN.email} is the last active admin: .* would leave nobody able to manage users\\. Make another user admin first\\.$`,
      ),
    );
  }
  const missing = await admin.request.patch("/api/v1/users/no-such-user", {
    headers,
    data: { disabled: true },
  });
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.code).toBe("user_not_found");
  for (const data of [{}, { role: "root" }, { disabled: "yes" }, { role: "viewer", extra: 1 }]) {
    const invalid = await admin.request.patch(`/api/v1/users/${me.id}`, { headers, data });
    expect(invalid.status(), JSON.stringify(data)).toBe(422);
  }

  await admin.goto("/admin/users");
  await row(admin, ADMIN.email)
    .getByRole("button", { name: `Disable ${ADMIN.email}` })
    .click();
  await row(admin, ADMIN.email)
    .getByRole("button", { name: `Disable ${ADMIN.email}`, exact: true })
    .last()
    .click();
  await expect(row(admin, ADMIN.email).getByRole("alert")).toHaveText(
    `${ADMIN.email} is the last active admin: disabling them would leave nobody able to manage users. Make another user admin first.`,
  );
  await row(admin, ADMIN.email)
    .getByLabel(`Access level of ${ADMIN.email}`, { exact: true })
    .selectOption("viewer");
  await row(admin, ADMIN.email)
    .getByRole("button", { name: `Change access level of ${ADMIN.email}` })
    .click();
  await expect(
    row(admin, ADMIN.email).getByRole("alert").filter({ hasText: "making them viewer" }),
  ).toHaveText(
    `${ADMIN.email} is the last active admin: making them viewer would leave nobody able to manage users. Make another user admin first.`,
  );

  expect(await auditTotal(admin.request, adminToken)).toBe(before);
  await admin.reload();
  await expect(admin.getByTestId("user-role")).toHaveText("admin");
  await expect(row(admin, ADMIN.email).getByText("active", { exact: true })).toBeVisible();
  await admin.context().close();
});

test("a token's expiry: 90 days unless an admin chooses none", async ({ browser }) => {
  const admin = await freshPage(browser, ADMIN_STATE);
  await admin.goto("/admin/tokens");
  await admin.getByLabel("Name").fill("lifecycle-forever");
  await admin.getByLabel("Expires in (days)").fill("5");
  await admin.getByLabel("No expiry (admins only)").check();
  await admin.getByRole("button", { name: "Create token" }).click();
  await expect(
    admin.getByText("Choose either a number of days or no expiry, not both."),
  ).toBeVisible();
  await admin.getByLabel("Name").fill("lifecycle-forever");
  await admin.getByLabel("Expires in (days)").fill("");
  await admin.getByLabel("No expiry (admins only)").check();
  await admin.getByRole("button", { name: "Create token" }).click();
  await expect(admin.getByText(/It never expires\./)).toBeVisible();
  const tokens = (await (await api(admin, "/api/v1/tokens", adminToken)).json()).tokens as {
    name: string;
    expiresAt: string | null;
    createdBy: string;
  }[];
  expect(tokens.find((t) => t.name === "lifecycle-forever")).toMatchObject({
    expiresAt: null,
    createdBy: ADMIN.email,
  });
  await expect(
    admin.getByRole("row", { name: /lifecycle-forever/ }).getByRole("cell", { name: ADMIN.email }),
  ).toBeVisible();
  await admin.context().close();
});
