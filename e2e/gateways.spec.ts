import { test, expect } from "@playwright/test";
import { VIEWER, auditTotal, createToken, signIn } from "./support/app";

test.use({ storageState: "e2e/.artifacts/admin.json" });

test("an admin creates a gateway and finds its PPR and PRD environments", async ({ page }) => {
  await page.goto("/gateways");
  await page.getByLabel("Merchant gateway id").fill("MGW_00001");
  await page.getByLabel("Display name").fill("Too short id");
  await page.getByRole("button", { name: "Create gateway" }).click();
  await expect(page.getByText("merchantGatewayId must be exactly 10 characters")).toBeVisible();

  await page.getByLabel("Merchant gateway id").fill("GW-UI-0001");
  await page.getByLabel("Display name").fill("UI test gateway");
  await page.getByRole("button", { name: "Create gateway" }).click();
  await expect(page).toHaveURL(/\/gateways\/GW-UI-0001$/);
  await expect(page.getByRole("heading", { name: "UI test gateway" })).toBeVisible();
  const environments = page.getByLabel("Environments").getByRole("link");
  await expect(environments).toHaveText([/PPR/, /PRD/]);

  await environments.first().click();
  await expect(page.getByRole("heading", { name: /PreProd/ })).toBeVisible();
  await expect(page.getByText("TLSMA-RSA/GW-UI-0001/PPR")).toBeVisible();
  for (const section of [
    "CSRs",
    "Certificates",
    "Trust stores",
    "CA changes",
    "Checklist",
    "Audit",
  ]) {
    await page
      .getByRole("navigation", { name: "Environment sections" })
      .getByRole("link", { name: section })
      .click();
    await expect(
      page
        .getByRole("navigation", { name: "Environment sections" })
        .getByRole("link", { name: section }),
    ).toHaveAttribute("aria-current", "page");
  }
  await expect(page.getByRole("cell", { name: "gateway.create" })).toBeVisible();
  await page.screenshot({ path: "e2e/.artifacts/environment-audit.png", fullPage: true });

  // The same id twice is refused with the reason, and nothing new is audited.
  const token = await createToken(page, "e2e-admin", "admin");
  const before = await auditTotal(page.request, token);
  await page.goto("/gateways");
  await page.getByLabel("Merchant gateway id").fill("GW-UI-0001");
  await page.getByLabel("Display name").fill("Again");
  await page.getByRole("button", { name: "Create gateway" }).click();
  await expect(
    page.getByText("A gateway with merchantGatewayId GW-UI-0001 already exists."),
  ).toBeVisible();
  expect(await auditTotal(page.request, token)).toBe(before);
});

test("an admin edits settings; a stale form is refused instead of overwriting", async ({
  page,
  browser,
}) => {
  await page.goto("/gateways/GW-UI-0001");
  const other = await browser.newPage({ storageState: "e2e/.artifacts/admin.json" });
  await other.goto("/gateways/GW-UI-0001");

  await page.getByLabel("Country (C)").fill("F1");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Country must be a two-letter code")).toBeVisible();
  await page.getByLabel("Country (C)").fill("FR");
  await page.getByLabel("Organisation (O)").fill("Example Payments SAS");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();

  await other.getByLabel("Renewal lead time (days)").fill("120");
  await other.getByRole("button", { name: "Save settings" }).click();
  await expect(other.getByText("Someone else saved these settings meanwhile")).toBeVisible();
  await other.close();

  await page.reload();
  await expect(page.getByLabel("Organisation (O)")).toHaveValue("Example Payments SAS");
  await expect(page.getByLabel("Renewal lead time (days)")).toHaveValue("90");
});

test.describe("a viewer", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("sees gateways but no way to create or change one", async ({ page }) => {
    await signIn(page, VIEWER);
    await expect(page.getByTestId("user-role")).toHaveText("viewer");
    await page.goto("/gateways");
    await expect(page.getByRole("link", { name: "UI test gateway", exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Create gateway" })).toHaveCount(0);
    await page.goto("/gateways/GW-UI-0001");
    await expect(page.getByText("Only an admin can change these settings.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Save settings" })).toHaveCount(0);
    await page.goto("/admin/users");
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  });
});
