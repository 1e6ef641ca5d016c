// Issue #7 in the browser: the overview answers "what needs me, and by when?"; the header search
// finds a certificate by CN and by fingerprint; the inventory's filters and sort live in the URL.
import { test, expect } from "@playwright/test";
import { OpenSslDir, opensslSubj } from "../lib/pki/test-support/openssl";
import { createToken } from "./support/app";

test.use({ storageState: "e2e/.artifacts/admin.json" });
test.describe.configure({ mode: "serial" });

let token = "";
let fingerprint = "";

/** A client certificate for the gateway, expiring in `days` days, from a throwaway CA. */
function certificate(cn: string, days: number): string {
  const ssl = new OpenSslDir();
  try {
    ssl.run([
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      "ca.key",
      "-subj",
      "/CN=Overview e2e CA",
      "-days",
      "30",
      "-out",
      "ca.pem",
    ]);
    ssl.run([
      "req",
      "-new",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      "leaf.key",
      "-subj",
      opensslSubj({ CN: cn }),
      "-out",
      "leaf.csr",
    ]);
    ssl.write(
      "leaf.ext",
      "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n",
    );
    ssl.run([
      "x509",
      "-req",
      "-in",
      "leaf.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-days",
      String(days),
      "-extfile",
      "leaf.ext",
      "-out",
      "leaf.pem",
    ]);
    return ssl.read("leaf.pem");
  } finally {
    ssl.cleanup();
  }
}

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage({ storageState: "e2e/.artifacts/admin.json" });
  token = await createToken(page, "overview-e2e", "admin");
  const headers = { authorization: `Bearer ${token}` };
  const created = await page.request.post("/api/v1/gateways", {
    headers,
    data: { merchantGatewayId: "MGW_OVERVW", name: "Overview gateway" },
  });
  expect(created.status()).toBe(201);
  const ppr = (await created.json()).environments.find(
    (e: { code: string }) => e.code === "PPR",
  ).id;
  const imported = await page.request.post(`/api/v1/environments/${ppr}/certificates`, {
    headers: { ...headers, "content-type": "application/x-pem-file" },
    data: certificate("TLSMA-ECDSA/MGW_OVERVW/PPR", 10),
  });
  expect(imported.status(), await imported.text()).toBe(201);
  const id = (await imported.json()).id;
  const listed = await (
    await page.request.get(`/api/v1/environments/${ppr}/certificates`, { headers })
  ).json();
  fingerprint = listed.certificates.find((c: { id: string }) => c.id === id).sha256;
  await page.close();
});

test("the overview puts the expiring certificate first, with its countdown, counts and timeline", async ({
  page,
}) => {
  await page.goto("/");
  const rows = page.getByRole("table", { name: /most urgent first/ }).getByRole("row");
  // Row 0 is the header; an expiring certificate is at least as urgent as any other here.
  const row = page.getByTestId("overview-MGW_OVERVW-PPR");
  await expect(row).toContainText("expiring");
  await expect(row).toContainText(/(9|10) days left/);
  await expect(row).toContainText("0% (0/11)");
  await expect(row).toContainText("Thales Client CA is empty");
  const order = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-testid")));
  const mine = order.indexOf("overview-MGW_OVERVW-PPR");
  const laterOk = order.slice(mine + 1).filter(Boolean);
  for (const id of laterOk) await expect(page.getByTestId(id!)).not.toContainText("expired");
  expect(Number(await page.getByTestId("count-expiring").textContent())).toBeGreaterThanOrEqual(1);

  // The timeline draws (uPlot, loaded after the page) and switches to 12 months by week.
  await expect(page.getByTestId("expiry-timeline").locator("canvas")).toBeVisible();
  await page.getByRole("button", { name: "12 months, by week" }).click();
  await expect(page.getByRole("button", { name: "12 months, by week" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(page.getByTestId("expiry-timeline")).toHaveAttribute(
    "aria-label",
    /next 12 months by week: [1-9]\d* expiries/,
  );
  await page.screenshot({ path: "e2e/.artifacts/overview.png", fullPage: true });

  // The count links to the inventory filtered by that state.
  await page.getByTestId("count-expiring").click();
  await expect(page).toHaveURL(/\/certificates\?state=expiring$/);
  await expect(page.getByRole("link", { name: "TLSMA-ECDSA/MGW_OVERVW/PPR" })).toBeVisible();
});

test("the header search finds a certificate by CN and by a pasted fingerprint; bad input is explained", async ({
  page,
}) => {
  await page.goto("/");
  await page.getByRole("searchbox", { name: "Global search" }).fill("mgw_overvw/ppr");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=mgw_overvw%2Fppr/);
  await expect(page.getByRole("status").filter({ hasText: "result" })).toContainText(
    "1 certificates",
  );
  await page.getByRole("link", { name: "TLSMA-ECDSA/MGW_OVERVW/PPR" }).click();
  await expect(page.getByRole("heading", { name: "TLSMA-ECDSA/MGW_OVERVW/PPR" })).toBeVisible();

  const pasted = fingerprint.slice(0, 16).toUpperCase().match(/.{2}/g)!.join(":");
  await page.goto(`/search?${new URLSearchParams({ q: pasted, type: "certificates" })}`);
  await expect(page.getByRole("link", { name: "TLSMA-ECDSA/MGW_OVERVW/PPR" })).toBeVisible();

  // Past the list's end: said so, with the way back.
  await page.goto("/search?q=mgw_overvw&type=certificates&page=5");
  await expect(page.getByText("The list ends before page 5.")).toBeVisible();
  await page.getByRole("link", { name: "Back to page 1" }).click();
  await expect(page.getByRole("link", { name: "TLSMA-ECDSA/MGW_OVERVW/PPR" })).toBeVisible();

  await page.goto("/search?q=x");
  // Next's route announcer is an (empty) alert too: name the search error by its id.
  await expect(page.locator("#search-error")).toHaveText("Type at least 2 characters.");
  await expect(page.getByRole("searchbox", { name: "Search for" })).toHaveAttribute(
    "aria-invalid",
    "true",
  );
  // A bad page in the URL is said, but the text typed is not marked wrong.
  await page.goto("/search?q=mgw_overvw&type=certificates&page=abc");
  await expect(page.locator("#search-error")).toHaveText(
    "page must be a whole number from 1 to 10000.",
  );
  await expect(page.getByRole("searchbox", { name: "Search for" })).not.toHaveAttribute(
    "aria-invalid",
    "true",
  );
  const api = await page.request.get("/api/v1/search?q=MGW_OVERVW&type=certificates", {
    headers: { authorization: `Bearer ${token}` },
  });
  const found = (await api.json()).certificates;
  expect(found).toMatchObject({ total: 1, exact: true, more: false });
  expect(found.rows[0]).toMatchObject({
    commonName: "TLSMA-ECDSA/MGW_OVERVW/PPR",
    env: "PPR",
  });
});

test("the inventory's filters and sort are in the URL, so a view can be shared", async ({
  page,
}) => {
  await page.goto("/certificates");
  await page.getByLabel("State").selectOption("expiring");
  await page.getByLabel("Sort by").selectOption("commonName");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/state=expiring/);
  await expect(page).toHaveURL(/sort=commonName/);
  await expect(
    page.getByText(/in state expiring across every gateway, sorted by common name/),
  ).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("State")).toHaveValue("expiring");
});
