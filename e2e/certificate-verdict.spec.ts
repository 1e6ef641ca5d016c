// Issue 14, items 5–6 in the browser: trust comes only from client-cert-issuers. A certificate
// imported with that store empty is UNVERIFIED with the action to take; adding the CA makes the
// same certificate compliant without a new import and ticks the checklist; an existing
// certificate with no CSR is adopted; a two-certificate bundle shows two verdicts.
import { test, expect, type Page } from "@playwright/test";
import { OpenSslDir, opensslSubj, ORG } from "../lib/pki/test-support/openssl";
import { auditTotal, createToken, ensureGateway } from "./support/app";

test.use({ storageState: "e2e/.artifacts/admin.json" });
test.describe.configure({ mode: "serial" });

const MGW = "MGW_000014";
const PPR = `/gateways/${MGW}/PPR`;
const DAY = 86_400_000;
let ssl: OpenSslDir;
let adminToken = "";
let operatorToken = "";
let env = { id: "", ppr: "", prd: "" };
const pem: Record<string, string> = {};

const stamp = (ms: number) => `${new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;

/** The Thales-like CA and the certificates, made with the openssl CLI. */
function makeCertificates() {
  ssl = new OpenSslDir();
  const run = (...args: string[]) => ssl.run(args);
  ssl.write(
    "x.cnf",
    [
      "[ca_ext]",
      "basicConstraints=critical,CA:TRUE",
      "keyUsage=critical,keyCertSign,cRLSign",
      "subjectKeyIdentifier=hash",
      "[client]",
      "basicConstraints=critical,CA:FALSE",
      "keyUsage=critical,digitalSignature",
      "extendedKeyUsage=clientAuth",
      "authorityKeyIdentifier=keyid",
      "[ca]",
      "default_ca=d",
      "[d]",
      "dir=.",
      "database=./index.txt",
      "new_certs_dir=.",
      "serial=./serial",
      "default_md=sha256",
      "policy=p",
      "unique_subject=no",
      "[p]",
      "commonName=supplied",
      "countryName=optional",
      "stateOrProvinceName=optional",
      "localityName=optional",
      "organizationName=optional",
      "organizationalUnitName=optional",
      "[req]",
      "distinguished_name=dn",
      "[dn]",
      "",
    ].join("\n"),
  );
  ssl.write("index.txt", "");
  ssl.write("serial", "3000\n");
  run(
    "req",
    "-x509",
    "-new",
    "-config",
    "x.cnf",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    "ca.key",
    "-sha256",
    "-days",
    "3650",
    "-subj",
    "/C=FR/O=E2E Thales/CN=E2E Thales Issuing CA",
    "-extensions",
    "ca_ext",
    "-out",
    "ca.pem",
  );
  run(
    "req",
    "-x509",
    "-new",
    "-config",
    "x.cnf",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    "other.key",
    "-sha256",
    "-days",
    "3650",
    "-subj",
    "/C=FR/O=Elsewhere/CN=E2E Other CA",
    "-extensions",
    "ca_ext",
    "-out",
    "other.pem",
  );
  const leaf = (name: string, keyType: "ECDSA" | "RSA2048", ca = "ca", from = Date.now() - DAY) => {
    const keyOpts =
      keyType === "ECDSA"
        ? ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
        : ["-newkey", "rsa:2048"];
    const cn = `TLSMA-${keyType === "ECDSA" ? "ECDSA" : "RSA"}/${MGW}/PPR`;
    run(
      "req",
      "-new",
      "-config",
      "x.cnf",
      ...keyOpts,
      "-nodes",
      "-keyout",
      `${name}.key`,
      "-sha256",
      "-subj",
      opensslSubj({ ...ORG, CN: cn }),
      "-out",
      `${name}.csr`,
    );
    run(
      "ca",
      "-batch",
      "-config",
      "x.cnf",
      "-notext",
      "-preserveDN",
      "-cert",
      `${ca}.pem`,
      "-keyfile",
      `${ca}.key`,
      "-in",
      `${name}.csr`,
      "-out",
      `${name}.pem`,
      "-extensions",
      "client",
      "-md",
      "sha256",
      "-startdate",
      stamp(from),
      "-enddate",
      stamp(from + 1826 * DAY),
    );
    return ssl.read(`${name}.pem`);
  };
  pem.ca = ssl.read("ca.pem");
  pem.other = ssl.read("other.pem");
  pem.first = leaf("first", "ECDSA");
  pem.estate = leaf("estate", "ECDSA", "ca", Date.now() - 700 * DAY); // made with openssl two years ago
  pem.bundleGood = leaf("bundle-good", "ECDSA");
  pem.bundleWeak = leaf("bundle-weak", "RSA2048");
  pem.byOther = leaf("by-other", "ECDSA", "other");
}

test.beforeAll(async ({ browser }) => {
  makeCertificates();
  const page = await browser.newPage({ storageState: "e2e/.artifacts/admin.json" });
  adminToken = await createToken(page, "verdict-e2e-admin", "admin");
  operatorToken = await createToken(page, "verdict-e2e-operator", "operator");
  env = await ensureGateway(page.request, adminToken, MGW);
  await page.close();
});
test.afterAll(() => ssl?.cleanup());

async function importPasted(page: Page, text: string) {
  await page.goto(`${PPR}/certificates/import`);
  await page.getByLabel("…or paste it").fill(text);
  await page.getByRole("button", { name: "Check and import" }).click();
  await expect(page.getByRole("status")).toBeVisible();
}

const item = (page: Page, id: string) => page.locator(`[data-item="${id}"]`);

test("with client-cert-issuers empty a certificate is UNVERIFIED, with the action; adding the CA makes it compliant without a new import, and the checklist ticks", async ({
  page,
}) => {
  await importPasted(page, pem.first!);
  const outcome = page.getByTestId("import-outcome");
  await expect(outcome).toHaveCount(1);
  await expect(outcome.locator("[data-verdict]")).toHaveAttribute("data-verdict", "unverified");
  await expect(outcome.getByText("UNVERIFIED", { exact: true })).toBeVisible();
  await expect(outcome.getByRole("note")).toContainText(
    "Add the Thales CA you received at onboarding",
  );
  await expect(
    outcome.getByRole("list", { name: "Checks" }).locator('[data-status="unverified"]'),
  ).toContainText("client-cert-issuers store of this environment is empty");
  await page.screenshot({ path: "e2e/.artifacts/certificate-unverified.png", fullPage: true });

  await outcome.getByRole("link", { name: "Open the certificate" }).click();
  await expect(page).toHaveURL(/\/certificates\/c[a-z0-9]{20,}$/);
  const certificateUrl = page.url();
  await expect(page.getByText("UNVERIFIED", { exact: true })).toBeVisible();
  await expect(page.getByRole("note")).toContainText(
    "Add the Thales CA you received at onboarding",
  );
  await page.goto(`${PPR}/checklist`);
  await expect(item(page, "inbound.certificate-received")).not.toContainText("proven");
  // The inventory says the same: unverified (amber), not non-compliant.
  await page.goto(`${PPR}/certificates`);
  const row = page
    .getByRole("row")
    .filter({ has: page.locator(`a[href="${new URL(certificateUrl).pathname}"]`) });
  await expect(row.getByText("UNVERIFIED", { exact: true })).toBeVisible();
  await expect(row.getByText("NON-COMPLIANT")).toHaveCount(0);

  // The link of the action leads to the store; the CA goes in through the UI.
  await page.goto(certificateUrl);
  await page
    .getByRole("note")
    .getByRole("link", { name: "the client-cert-issuers trust store" })
    .click();
  await expect(page).toHaveURL(/\/trust-stores#client-cert-issuers$/);
  await page.getByText("Add certificates to Client certificate issuers").click();
  const issuers = page.locator("section").filter({ has: page.locator("#client-cert-issuers") });
  await issuers.getByLabel("…or paste it").fill(pem.ca!);
  await issuers.getByRole("button", { name: "Add certificates" }).click();
  await expect(issuers.getByText("Added (1)")).toBeVisible();

  // The same certificate, no new import: compliant, adopted (no CSR on record).
  await page.goto(certificateUrl);
  await expect(page.locator("[data-verdict]")).toHaveAttribute("data-verdict", "compliant");
  await expect(page.getByText("adopted", { exact: true })).toBeVisible();
  await expect(page.getByRole("note")).toHaveCount(0);
  await expect(
    page
      .getByRole("list", { name: "Checks" })
      .locator('[data-status="pass"]')
      .filter({ hasText: "E2E Thales Issuing CA" }),
  ).toBeVisible();
  await page.goto(`${PPR}/checklist`);
  await expect(item(page, "inbound.certificate-received")).toContainText("proven");
  await page.screenshot({
    path: "e2e/.artifacts/certificate-checklist-ticked.png",
    fullPage: true,
  });

  // The audit trail says why the verdict changed.
  const audit = await (
    await page.request.get("/api/v1/audit?action=certificate.reevaluate", {
      headers: { authorization: `Bearer ${adminToken}` },
    })
  ).json();
  expect(JSON.parse(audit.events[0].summary)).toMatchObject({
    from: "unverified",
    to: "compliant",
    chain: "issuers.verified",
  });
});

test("an existing certificate with no CSR on record is adopted: compliant, labelled adopted", async ({
  page,
}) => {
  await importPasted(page, pem.estate!);
  const outcome = page.getByTestId("import-outcome");
  await expect(outcome.locator("[data-verdict]")).toHaveAttribute("data-verdict", "compliant");
  await expect(outcome.getByText("adopted", { exact: true })).toBeVisible();
  await expect(outcome.getByText(/It is adopted: no CSR on record has its key/)).toBeVisible();
  await expect(outcome.locator('[data-status="note"]')).toContainText(
    "Adopted: no CSR on record has this public key",
  );
  await expect(outcome.locator('[data-status="fail"]')).toHaveCount(0);
});

test("a two-certificate bundle shows two verdicts, each stored on its own", async ({ page }) => {
  await importPasted(page, pem.bundleGood! + pem.bundleWeak!);
  await expect(page.getByRole("status")).toContainText("2 certificates in the upload: 2 stored.");
  const outcomes = page.getByTestId("import-outcome");
  await expect(outcomes).toHaveCount(2);
  await expect(outcomes.nth(0)).toContainText(`TLSMA-ECDSA/${MGW}/PPR`);
  await expect(outcomes.nth(0).locator("[data-verdict]")).toHaveAttribute(
    "data-verdict",
    "compliant",
  );
  await expect(outcomes.nth(1)).toContainText(`TLSMA-RSA/${MGW}/PPR`);
  await expect(outcomes.nth(1).locator("[data-verdict]")).toHaveAttribute(
    "data-verdict",
    "non_compliant",
  );
  await expect(outcomes.nth(1).locator('[data-status="fail"]')).toContainText("RSA 2048");
  await page.screenshot({
    path: "e2e/.artifacts/certificate-bundle-two-verdicts.png",
    fullPage: true,
  });

  // The same bundle again: both refused as duplicates, nothing stored.
  await importPasted(page, pem.bundleGood! + pem.bundleWeak!);
  await expect(
    page.getByRole("alert").filter({ hasText: "None of the 2 certificates was stored" }),
  ).toBeVisible();
  await expect(
    page.getByTestId("import-outcome").filter({ hasText: "already in the inventory" }),
  ).toHaveCount(2);
});

test("the upload's own CA is offered with a checkbox, trusted only when an admin ticks it; an operator's API call to do so is refused", async ({
  page,
}) => {
  const headers = (token: string) => ({
    authorization: `Bearer ${token}`,
    "content-type": "application/x-pem-file",
  });
  const audit = () => auditTotal(page.request, adminToken);
  const before = await audit();
  const refused = await page.request.post(
    `/api/v1/environments/${env.ppr}/certificates?addIssuers=true`,
    { headers: headers(operatorToken), data: pem.byOther! + pem.other! },
  );
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("import.add_issuers_admin_only");
  expect(await audit()).toBe(before);

  await page.goto(`${PPR}/certificates/import`);
  await page.getByLabel("…or paste it").fill(pem.byOther! + pem.other!);
  const box = page.getByRole("checkbox", { name: /Add E2E Other CA to client-cert-issuers/ });
  await expect(box).toBeVisible();
  await expect(box).not.toBeChecked();
  await box.check();
  await page.getByRole("button", { name: "Check and import" }).click();
  await expect(page.getByRole("status")).toContainText(
    "1 CA certificate added to client-cert-issuers.",
  );
  await expect(page.getByTestId("import-outcome").locator("[data-verdict]")).toHaveAttribute(
    "data-verdict",
    "compliant",
  );
  const added = await (
    await page.request.get("/api/v1/audit?action=trust_store.add", {
      headers: { authorization: `Bearer ${adminToken}` },
    })
  ).json();
  expect(JSON.parse(added.events[0].summary)).toMatchObject({
    store: "client-cert-issuers",
    source: "certificate import (admin, explicit)",
  });
});
