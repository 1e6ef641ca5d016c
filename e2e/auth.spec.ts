import { test, expect } from "@playwright/test";
import { OPERATOR, signIn } from "./support/app";

test("an unauthenticated page request is sent to sign-in", async ({ page }) => {
  for (const path of ["/", "/gateways", "/audit", "/gateways/MGW_000001/PPR/csrs"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/sign-in/);
  }
});

test("the session cookie is HttpOnly and SameSite, and signing out ends it on the server", async ({
  page,
  context,
}) => {
  await signIn(page, OPERATOR);
  const cookie = (await context.cookies()).find((c) => c.name.includes("session_token"));
  expect(cookie).toBeDefined();
  expect(cookie!.httpOnly).toBe(true);
  expect(cookie!.sameSite).toBe("Lax");

  await page.getByText(OPERATOR.email, { exact: false }).first().click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // Replaying the old cookie does not bring the session back: it was deleted on the server.
  await context.addCookies([cookie!]);
  await page.goto("/gateways");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("failed sign-ins are rate-limited", async ({ page }) => {
  await page.goto("/sign-in");
  let limited = false;
  for (let attempt = 0; attempt < 8 && !limited; attempt++) {
    await page.getByLabel("Email").fill("nobody@example.com");
    await page.getByLabel("Password").fill(`wrong password ${attempt}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.locator("form [role=alert]");
    await expect(alert).toBeVisible();
    limited = /Too many failed sign-ins/.test((await alert.textContent()) ?? "");
  }
  expect(limited).toBe(true);

  // The limit is per account: another client address (spoofed X-Forwarded-For) is refused too,
  // even with the right password shape, while other accounts can still sign in.
  const spoofed = await page.request.post("/api/auth/sign-in/email", {
    headers: { "x-forwarded-for": "198.51.100.23", origin: new URL(page.url()).origin },
    data: { email: "nobody@example.com", password: "another wrong password" },
  });
  expect(spoofed.status()).toBe(429);
  expect((await spoofed.json()).message).toMatch(/Too many failed sign-ins for this account/);
});

test("theme choice persists and dark mode renders", async ({ page }) => {
  await signIn(page, { email: "admin@example.com", password: "correct horse battery staple" });
  await page.getByText("admin@example.com").first().click();
  await page.getByRole("button", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
  const background = await page
    .locator("body")
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).not.toBe("rgb(248, 250, 252)"); // not the light slate-50
  await page.screenshot({ path: "e2e/.artifacts/overview-dark.png", fullPage: true });
});
