// Issue #6 in the browser: a new environment's checklist starts at 0%; generating, submitting,
// importing and trusting through the UI tick the matching items with links to their evidence; a
// manual tick records who and when; a recorded Thales Client CA change becomes trusted once the
// CA is in the store; a leaf is refused as pinning.
import { test, expect } from "@playwright/test";
import { makeCaFixtures, type CaFixtures } from "../lib/pki/test-support/ca";
import { createToken } from "./support/app";
import {
  generateCsrInBrowser,
  importCertificateInBrowser,
  signAsThales,
} from "./support/browser-csr";

test.use({ storageState: "e2e/.artifacts/admin.json" });
test.describe.configure({ mode: "serial" });

const PPR = "/gateways/MGW_ONBRD1/PPR";
const DAY = 86_400_000;
let fx: CaFixtures;
let token = "";
let ppr = "";

test.beforeAll(async ({ browser }) => {
  fx = makeCaFixtures();
  const page = await browser.newPage({ storageState: "e2e/.artifacts/admin.json" });
  token = await createToken(page, "onboarding-e2e", "admin");
  const created = await page.request.post("/api/v1/gateways", {
    headers: { authorization: `Bearer ${token}` },
    data: { merchantGatewayId: "MGW_ONBRD1", name: "Onboarding gateway" },
  });
  expect(created.status()).toBe(201);
  ppr = (await created.json()).environments.find((e: { code: string }) => e.code === "PPR").id;
  await page.close();
});
test.afterAll(() => fx.ssl.cleanup());

const item = (page: import("@playwright/test").Page, id: string) =>
  page.locator(`[data-item="${id}"]`);

test("the checklist starts at 0% and the inventory ticks its items, each linking to the evidence", async ({
  page,
}) => {
  await page.goto(`${PPR}/checklist`);
  await expect(page.getByTestId("checklist-percent")).toHaveText("0% (0 of 11)");
  await page.screenshot({ path: "e2e/.artifacts/checklist-empty.png", fullPage: true });

  // A CSR generated in the browser.
  await page.goto(`${PPR}/csrs/new`);
  await generateCsrInBrowser(page, "onboarding passphrase 1");
  await expect(page.getByText("The CSR is in the inventory.")).toBeVisible();
  const csrPem = (await page.getByTestId("csr-pem").textContent())!;
  const csrUrl = new URL(page.url()).pathname;
  // Sent to Thales.
  await page.getByLabel("Sent to").fill("Jane Doe, Thales");
  await page.getByRole("button", { name: "Mark as submitted" }).click();
  await expect(page.getByText("submitted", { exact: true })).toBeVisible();

  // Thales' issuing chain trusted, then the signed certificate imported (matched and compliant).
  await page.goto(`${PPR}/trust-stores`);
  await page.getByText("Add certificates to Client certificate issuers").click();
  const issuers = page.locator("section").filter({ has: page.locator("#client-cert-issuers") });
  await issuers.getByLabel("…or paste it").fill(fx.issuing + fx.root);
  await issuers.getByRole("button", { name: "Add certificates" }).click();
  await expect(issuers.getByText("Added (2)")).toBeVisible();
  await importCertificateInBrowser(
    page,
    PPR,
    signAsThales(fx, csrPem, Date.now() + 1826 * DAY, "onboarding"),
  );

  // The Thales Client CA trusted (a CA, no leaf).
  await page.goto(`${PPR}/trust-stores`);
  await page.getByText("Add certificates to Thales Client CA").click();
  const thales = page.locator("section").filter({ has: page.locator("#thales-client-ca") });
  await thales.getByLabel("…or paste it").fill(fx.unrelatedCa);
  await thales.getByRole("button", { name: "Add certificates" }).click();
  await expect(thales.getByText("Added (1)")).toBeVisible();

  await page.goto(`${PPR}/checklist`);
  await expect(page.getByTestId("checklist-percent")).toHaveText("36% (4 of 11)");
  for (const id of [
    "inbound.csr-generated",
    "inbound.csr-sent",
    "inbound.certificate-received",
    "outbound.thales-ca-trusted",
  ]) {
    await expect(item(page, id)).toContainText("proven");
    await expect(page.getByTestId(`evidence-${id}`)).toContainText("Evidence:");
  }
  await expect(page.getByTestId("evidence-inbound.certificate-received")).toContainText(
    "Certificate TLSMA-ECDSA/MGW_ONBRD1/PPR",
  );
  // Evidence links lead to it.
  await page.getByTestId("evidence-inbound.csr-generated").getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`${csrUrl}$`));
  await page.goto(`${PPR}/checklist`);
  await page.getByTestId("evidence-outbound.thales-ca-trusted").getByRole("link").click();
  await expect(page).toHaveURL(/\/trust-stores#thales-client-ca$/);

  // A manual tick: refused without a note, then recorded with who and when.
  await page.goto(`${PPR}/checklist`);
  const oauth = item(page, "outbound.oauth-client");
  await oauth.getByRole("button", { name: /Tick by hand/ }).click();
  await oauth.getByRole("button", { name: "Tick it" }).click();
  await expect(oauth.getByText("Say what you checked, in a few words")).toBeVisible();
  await oauth
    .getByLabel("What you checked")
    .fill("Not used: Thales does not call our token endpoint");
  await oauth.getByLabel("Done on").fill("2026-11-20");
  await oauth.getByRole("button", { name: "Tick it" }).click();
  await expect(page.getByTestId("tick-outbound.oauth-client")).toHaveText(
    "Ticked by admin@example.com, done on 2026-11-20: Not used: Thales does not call our token endpoint",
  );
  await expect(page.getByTestId("checklist-percent")).toHaveText("45% (5 of 11)");
  await page.screenshot({ path: "e2e/.artifacts/checklist-progress.png", fullPage: true });

  // The API says the same, and the tick is audited.
  const api = await (
    await page.request.get(`/api/v1/environments/${ppr}/checklist`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json();
  expect(api.percent).toBe(45);
  expect(
    api.items.find((i: { id: string }) => i.id === "outbound.oauth-client").tick,
  ).toMatchObject({ by: "admin@example.com", doneOn: "2026-11-20" });
  const audit = await (
    await page.request.get("/api/v1/audit?action=checklist.tick", {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json();
  expect(JSON.parse(audit.events[0].summary)).toMatchObject({
    item: "outbound.oauth-client",
    env: "PPR",
  });

  // Production warns while PreProd is incomplete.
  await page.goto("/gateways/MGW_ONBRD1/PRD/checklist");
  await expect(
    page.getByRole("alert").filter({ hasText: "PreProd's checklist is incomplete (45%)" }),
  ).toBeVisible();
  await page.goto("/gateways/MGW_ONBRD1/PRD");
  await expect(
    page.getByRole("alert").filter({ hasText: "PreProd's onboarding checklist is incomplete" }),
  ).toBeVisible();
});

test("a recorded Thales Client CA change becomes trusted once the CA is added to the store; a leaf is refused as pinning", async ({
  page,
}) => {
  await page.goto(`${PPR}/ca-changes`);
  await expect(page.getByText("No change recorded")).toBeVisible();
  // The page also plans our own server chain changes: work in the Thales Client CA card.
  const form = page
    .locator("section")
    .filter({ has: page.getByRole("heading", { name: "Record a new Thales Client CA" }) });
  // A leaf is D1's client certificate itself: refused, with the reason.
  await form.getByLabel("…or paste it").fill(fx.good);
  await form.getByRole("button", { name: "Record the change" }).click();
  await expect(page.getByTestId("certificate-error")).toContainText(
    "Trusting D1's client certificate itself is pinning",
  );

  // The new CA (Thales' root here), announced for a date 20 days ahead, replacing the current one.
  const effective = new Date(Date.now() + 20 * DAY).toISOString().slice(0, 10);
  await form.getByLabel("…or paste it").fill(fx.root);
  await form.getByLabel("Source").selectOption("notice");
  await form.getByLabel("Effective from (announced)").fill(effective);
  await form.getByLabel("Replaces").selectOption({ index: 1 });
  await form.getByLabel("Notes").fill("Notice THL-2026-11");
  await form.getByRole("button", { name: "Record the change" }).click();
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: "Recorded. Add the CA to the Thales Client CA store" }),
  ).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "Notice THL-2026-11" });
  await expect(row).toContainText("announced");
  // Not trusted, effective in 20 days: a finding, here and on the environment page.
  await expect(page.locator('[data-finding="new-ca-not-trusted"]')).toContainText(
    "is not trusted yet",
  );
  await page.goto(PPR);
  await expect(page.locator('[data-finding="new-ca-not-trusted"]')).toBeVisible();

  // Adding the CA to the store moves the change to trusted, and the finding goes.
  await page.goto(`${PPR}/trust-stores`);
  await page.getByText("Add certificates to Thales Client CA").click();
  const thales = page.locator("section").filter({ has: page.locator("#thales-client-ca") });
  await thales.getByLabel("…or paste it").fill(fx.root);
  await thales.getByRole("button", { name: "Add certificates" }).click();
  await expect(thales.getByText("Added (1)")).toBeVisible();
  await page.goto(`${PPR}/ca-changes`);
  await expect(page.getByRole("row").filter({ hasText: "Notice THL-2026-11" })).toContainText(
    "trusted",
  );
  await expect(page.locator('[data-finding="new-ca-not-trusted"]')).toHaveCount(0);
  await page.screenshot({ path: "e2e/.artifacts/ca-changes.png", fullPage: true });

  const ledger = await (
    await page.request.get(`/api/v1/environments/${ppr}/client-ca-changes`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json();
  expect(ledger.changes).toHaveLength(1);
  expect(ledger.changes[0]).toMatchObject({
    state: "trusted",
    source: "notice",
    replacesSubject: expect.stringContaining("CN="),
  });
});
