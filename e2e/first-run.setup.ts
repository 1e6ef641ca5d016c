import { test, expect } from "@playwright/test";
import { ADMIN, OPERATOR, VIEWER, setupCodeFromLog, signIn } from "./support/app";

test("first run: every page leads to setup, which needs the code from the server log", async ({
  page,
}) => {
  await page.goto("/gateways");
  await expect(page).toHaveURL(/\/setup$/);
  await page.goto("/sign-in");
  await expect(page).toHaveURL(/\/setup$/);

  await page.getByLabel("Setup code").fill("AAAA-BBBB-CCCC-DDDD");
  await page.getByLabel("Your email").fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Repeat the password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByText("That setup code is not valid")).toBeVisible();

  await page.getByLabel("Setup code").fill(setupCodeFromLog());
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Repeat the password").fill("short");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByText("Password must be at least 12 characters.")).toBeVisible();

  await page.getByLabel("Setup code").fill(setupCodeFromLog());
  await page.getByLabel("Your email").fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Repeat the password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page).toHaveURL(/\/sign-in\?setup=done/);
  await expect(page.getByText("The administrator was created")).toBeVisible();

  // Setup is closed for good once a user exists.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in/);

  await signIn(page, ADMIN);
  await expect(page.getByTestId("user-role")).toHaveText("admin");
  await page.screenshot({ path: "e2e/.artifacts/overview-empty.png", fullPage: true });

  for (const [who, role] of [
    [VIEWER, "viewer"],
    [OPERATOR, "operator"],
  ] as const) {
    await page.goto("/admin/users");
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Initial password").fill(who.password);
    await page.getByLabel("Role").selectOption(role);
    await page.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByText(`${who.email} can now sign in as ${role}.`)).toBeVisible();
  }
  await page.context().storageState({ path: "e2e/.artifacts/admin.json" });
});
