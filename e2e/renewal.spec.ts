import { test, expect, type Page } from "@playwright/test";
import { makeCaFixtures, type CaFixtures } from "../lib/pki/test-support/ca";
import { createToken } from "./support/app";
import {
  generateCsrInBrowser,
  importCertificateInBrowser,
  signAsThales,
} from "./support/browser-csr";

test.use({ storageState: "e2e/.artifacts/admin.json" });
test.describe.configure({ mode: "serial" });

const DAY = 86_400_000;
let fx: CaFixtures;
let token = "";
let ppr = "";

test.beforeAll(async ({ browser }) => {
  fx = makeCaFixtures();
  const page = await browser.newPage({ storageState: "e2e/.artifacts/admin.json" });
  token = await createToken(page, "renewal-e2e", "admin");
  const headers = { authorization: `Bearer ${token}` };
  const created = await page.request.post("/api/v1/gateways", {
    headers,
    data: { merchantGatewayId: "MGW_RENEW1", name: "Renewal gateway" },
  });
  ppr = (await created.json()).environments[0].id;
  await page.request.post(`/api/v1/environments/${ppr}/trust-stores/client-cert-issuers`, {
    headers: { ...headers, "content-type": "application/x-pem-file" },
    data: fx.issuing + fx.root,
  });
  await page.close();
});
test.afterAll(() => fx.ssl.cleanup());

const sign = (csrPem: string, notAfterMs: number, name: string) =>
  signAsThales(fx, csrPem, notAfterMs, name);
const generateCsr = (page: Page) => generateCsrInBrowser(page, "renewal passphrase 1");
const importCertificate = (page: Page, pem: string) =>
  importCertificateInBrowser(page, "/gateways/MGW_RENEW1/PPR", pem);

test("a certificate 100 days from its start-renewal-by shows its state and countdown; a renewal walks every step", async ({
  page,
}) => {
  // The certificate in service: 90 days of lead time + 100 days (+ an hour, so the count is exact).
  await page.goto("/gateways/MGW_RENEW1/PPR/csrs/new");
  await generateCsr(page);
  await expect(page.getByText("The CSR is in the inventory.")).toBeVisible();
  const oldPem = sign(
    (await page.getByTestId("csr-pem").textContent())!,
    Date.now() + 190 * DAY + 3_600_000,
    "old",
  );
  await importCertificate(page, oldPem);

  await page.goto("/gateways/MGW_RENEW1/PPR");
  await expect(page.getByTestId("lifecycle")).toContainText("ok");
  await expect(page.getByTestId("start-renewal-by")).toContainText("Start renewal in 100 days");
  await page.screenshot({ path: "e2e/.artifacts/renewal-countdown.png", fullPage: true });

  // Start the renewal from the certificate.
  await page.getByRole("link", { name: "TLSMA-ECDSA/MGW_RENEW1/PPR" }).click();
  await page.waitForURL(/\/certificates\/[^/]+$/);
  const oldCertificateUrl = page.url();
  // 100 days from start-renewal-by: the 120-day reminder is behind, the 90-day one comes next.
  await expect(page.getByTestId("reminders-start-renewal-by")).toContainText("(90 days before)");
  await page.getByRole("button", { name: "Start renewal" }).click();
  await expect(page.getByRole("list", { name: "Renewal steps" })).toBeVisible();
  const steps = page.getByRole("list", { name: "Renewal steps" }).getByRole("listitem");
  await expect(steps.nth(0)).toHaveAttribute("aria-current", "step");

  // 1. A new key and CSR, in the browser.
  await page.getByRole("link", { name: "Generate the new CSR" }).click();
  await expect(page.getByRole("heading", { name: /Renewal: new key pair and CSR/ })).toBeVisible();
  await generateCsr(page);
  await expect(steps.nth(0)).toContainText("✓");
  await expect(steps.nth(1)).toHaveAttribute("aria-current", "step");
  const renewalUrl = page.url();

  // 2. Sent to Thales.
  await page.getByLabel("Reference (optional)").fill("CASE-2031");
  await page.getByRole("button", { name: "Record submission" }).click();
  await expect(steps.nth(2)).toHaveAttribute("aria-current", "step");

  // 3. The signed certificate is imported; the renewal picks it up by itself.
  await page
    .getByRole("listitem")
    .filter({ hasText: "1. New key pair and CSR" })
    .getByRole("link")
    .first()
    .click();
  const newPem = sign(
    (await page.getByTestId("csr-pem").textContent())!,
    Date.now() + 1826 * DAY,
    "new",
  );
  await importCertificate(page, newPem);
  await page.goto(renewalUrl);
  await expect(steps.nth(2)).toContainText("✓");

  // 4. Deployed, confirmed by a person; 5. the old one retired. No installation was recorded:
  // the step says so and keeps its behaviour (issue 17).
  await expect(page.getByTestId("no-installation")).toContainText(
    "No installation recorded for the old certificate",
  );
  await page.getByLabel("Note (where, change ticket)").fill("edge-proxy-1, CHG-77");
  await page.getByRole("button", { name: "Confirm deployed" }).click();
  await expect(steps.nth(4)).toHaveAttribute("aria-current", "step");
  await expect(page.getByTestId("installations-on-old")).toHaveText(
    "No installation recorded for the old certificate.",
  );
  // The old certificate's reminders stop once its successor is deployed.
  await page.goto(oldCertificateUrl);
  for (const subject of ["start-renewal-by", "expiry"]) {
    await expect(page.getByTestId(`reminders-${subject}`)).toContainText(
      "No more reminders: its successor was deployed on",
    );
    await expect(page.getByTestId(`reminders-${subject}`).getByRole("button")).toHaveCount(0);
  }
  await page.goto(renewalUrl);
  await page.getByRole("button", { name: "Retire the old certificate…" }).click();
  await page.getByRole("button", { name: "Confirm: retire it" }).click();
  await expect(page.getByText("This renewal is complete.")).toBeVisible();
  for (let i = 0; i < 5; i++) await expect(steps.nth(i)).toContainText(`✓`);
  await expect(steps.nth(3)).toContainText("by admin@example.com");

  // Old and new are linked: the old one is superseded and points to its successor.
  const list = await (
    await page.request.get(`/api/v1/environments/${ppr}/certificates`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json();
  const oldCert = list.certificates.find((c: { daysLeft: number }) => c.daysLeft < 200);
  const newCert = list.certificates.find((c: { daysLeft: number }) => c.daysLeft > 1800);
  expect(oldCert).toMatchObject({ state: "superseded", supersededById: newCert.id });
  expect(newCert.state).toBe("active");
  await page.screenshot({ path: "e2e/.artifacts/renewal-complete.png", fullPage: true });
});
