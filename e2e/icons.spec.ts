// The favicon, app icons and web manifest: served from public/ and app/manifest.ts with their
// content types, linked from every page, allowed by the CSP, and no page logs a 404 for them.
import { test, expect, type Page } from "@playwright/test";

test.use({ storageState: "e2e/.artifacts/admin.json" });

const ICONS = [
  ["/favicon.ico", /^image\/(x-icon|vnd\.microsoft\.icon)/],
  ["/icon.svg", /^image\/svg\+xml/],
  ["/icon-192.png", /^image\/png/],
  ["/icon-512.png", /^image\/png/],
  ["/apple-touch-icon.png", /^image\/png/],
] as const;

test("the favicon, the app icons and the manifest are served with their content types", async ({
  request,
}) => {
  for (const [path, type] of ICONS) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-type"], path).toMatch(type);
  }
  const manifest = await request.get("/manifest.webmanifest");
  expect(manifest.status()).toBe(200);
  expect(manifest.headers()["content-type"]).toMatch(/^application\/manifest\+json/);
  const body = await manifest.json();
  expect(body.name).toBe("D1 mTLS dashboard");
  for (const icon of body.icons as { src: string }[]) {
    expect((await request.get(icon.src)).status(), icon.src).toBe(200);
  }
});

/** Every response of 400 or more (the icon the browser fetches on its own included) and every console error while `visit` runs. */
async function failuresDuring(page: Page, visit: () => Promise<void>) {
  const failures: string[] = [];
  page.on("response", (r) => {
    if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
  });
  page.on("console", (m) => {
    if (m.type() === "error") failures.push(`console: ${m.text()}`);
  });
  await visit();
  return failures;
}

test("pages link the icons and the manifest, and log no 404", async ({ page, browser }) => {
  const failures = await failuresDuring(page, async () => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await page.goto("/gateways");
    await page.waitForLoadState("load");
    await page.waitForTimeout(1000); // the browser asks for the icon after the load event
  });
  expect(failures).toEqual([]);
  const links = await page.evaluate(() =>
    [
      ...document.querySelectorAll(
        "link[rel~=icon], link[rel=manifest], link[rel=apple-touch-icon]",
      ),
    ].map((l) => `${l.getAttribute("rel")} ${new URL((l as HTMLLinkElement).href).pathname}`),
  );
  expect(links).toEqual(
    expect.arrayContaining([
      "icon /favicon.ico",
      "icon /icon.svg",
      "manifest /manifest.webmanifest",
      "apple-touch-icon /apple-touch-icon.png",
    ]),
  );

  for (const link of links) {
    const [, path = ""] = link.split(" ");
    expect((await page.request.get(path)).status(), path).toBe(200);
  }

  // Signed out too: the sign-in page is the first page anyone sees.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const anonymous = await context.newPage();
  const signedOut = await failuresDuring(anonymous, async () => {
    await anonymous.goto("/sign-in");
    await anonymous.waitForLoadState("load");
    await anonymous.waitForTimeout(1000);
  });
  await context.close();
  expect(signedOut).toEqual([]);
});
