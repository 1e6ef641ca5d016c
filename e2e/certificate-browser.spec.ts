import { test, expect, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { makeCaFixtures, type CaFixtures } from "../lib/pki/test-support/ca";
import { createToken, ensureGateway } from "./support/app";

test.use({ storageState: "e2e/.artifacts/admin.json" });
test.describe.configure({ mode: "serial" });

const KEY_PASSPHRASE = "key passphrase for the e2e";
const P12_PASSWORD = "p12 password for the e2e";
let fx: CaFixtures;
let token = "";
let env = { id: "", ppr: "", prd: "" };
const sent: { url: string; body: string }[] = [];

test.beforeAll(async ({ browser }) => {
  fx = makeCaFixtures();
  const page = await browser.newPage({ storageState: "e2e/.artifacts/admin.json" });
  token = await createToken(page, "cert-e2e", "admin");
  env = await ensureGateway(page.request, token);
  // Use a gateway of its own so that earlier specs' CSRs and certificates do not interfere.
  await page.close();
});
test.afterAll(() => fx.ssl.cleanup());

function record(page: Page) {
  page.on("request", (request) => {
    const body = request.postDataBuffer();
    sent.push({ url: request.url(), body: body ? body.toString("latin1") : "" });
  });
}

/** Thales' part, played by OpenSSL: sign the CSR with the test issuing CA for 5 years, clientAuth. */
function thalesSigns(csrPem: string): string {
  fx.ssl.write("browser.csr", csrPem);
  fx.ssl.write(
    "client.ext",
    "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n",
  );
  fx.ssl.run([
    "x509",
    "-req",
    "-in",
    "browser.csr",
    "-CA",
    "issuing.pem",
    "-CAkey",
    "issuing.key",
    "-CAcreateserial",
    "-days",
    "1826",
    "-sha256",
    "-extfile",
    "client.ext",
    "-out",
    "browser.crt",
  ]);
  return fx.ssl.read("browser.crt");
}

test("a certificate for a browser-made CSR imports as matched and compliant, and assembles into a .p12", async ({
  page,
}) => {
  record(page);
  // The issuing CAs go into client-cert-issuers first, through the UI.
  await page.goto("/gateways/MGW_000001/PRD/trust-stores");
  await page.getByText("Add certificates to Client certificate issuers").click();
  const issuersCard = page.locator("section").filter({ has: page.locator("#client-cert-issuers") });
  await issuersCard.getByLabel("…or paste it").fill(fx.issuing + fx.root);
  await issuersCard.getByRole("button", { name: "Add certificates" }).click();
  await expect(issuersCard.getByText("Added (2)")).toBeVisible();

  // A CSR made in this browser for PRD, its key saved encrypted.
  await page.goto("/gateways/MGW_000001/PRD/csrs/new");
  await page.getByRole("radio", { name: /ECDSA P-256/ }).check();
  for (const [label, value] of [
    ["Country (C)", "FR"],
    ["State or province (ST)", "Ile-de-France"],
    ["Locality (L)", "Paris"],
    ["Organisation (O)", "Example Payments SAS"],
    ["Organisational unit (OU)", "Payments Ops"],
  ]) {
    await page.getByLabel(label!).fill(value!);
  }
  await page.getByRole("button", { name: "Generate key pair and CSR" }).click();
  await page.getByLabel("Passphrase", { exact: true }).fill(KEY_PASSPHRASE);
  await page.getByLabel("Repeat the passphrase").fill(KEY_PASSPHRASE);
  const keyDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download encrypted private key" }).click();
  const keyFile = path.join(fx.ssl.dir, "browser.key.pem");
  await (await keyDownload).saveAs(keyFile);
  await page.getByLabel(/I have saved the private key file/).check();
  await page.getByRole("button", { name: "Save CSR to the inventory" }).click();
  await expect(page.getByText("The CSR is in the inventory.")).toBeVisible();
  const csrPem = (await page.getByTestId("csr-pem").textContent())!;

  // Thales signs; ops import the certificate in the UI.
  const certificate = thalesSigns(csrPem);
  await page.goto("/gateways/MGW_000001/PRD/certificates/import");
  await page.getByLabel("…or paste it").fill(certificate);
  await page.getByRole("button", { name: "Check and import" }).click();
  await expect(page.getByText("Imported: the certificate is compliant.")).toBeVisible();
  const checks = page.getByRole("list", { name: "Checks" }).getByRole("listitem");
  await expect(checks).toHaveCount(8);
  for (const item of await checks.all())
    await expect(item).toHaveAttribute("data-status", /pass|warn/);
  await expect(page.getByRole("list", { name: "Checks" })).toContainText(
    "carries the public key of a CSR generated for this environment",
  );
  await page.getByRole("link", { name: "Open the certificate" }).click();
  await expect(page.getByText("compliant", { exact: true })).toBeVisible();
  await expect(
    page.getByRole("link", { name: /TLSMA-ECDSA\/MGW_000001\/PRD \(fulfilled\)/ }),
  ).toBeVisible();

  // Assemble: the key is read in the page, checked, and packed with the chain into a .p12.
  await page.getByRole("link", { name: /Assemble for deployment/ }).click();
  await page.getByLabel("Private key file (.key.pem)").setInputFiles(keyFile);
  await page.getByLabel("Key passphrase").fill("wrong passphrase");
  await page.getByRole("button", { name: "Check the key" }).click();
  await expect(page.getByText("The passphrase does not open this key.")).toBeVisible();
  await page.getByLabel("Key passphrase").fill(KEY_PASSPHRASE);
  await page.getByRole("button", { name: "Check the key" }).click();
  await expect(page.getByText("is the key of this certificate")).toBeVisible();
  await page.getByLabel("Password for the file").fill(P12_PASSWORD);
  await page.getByLabel("Repeat the password").fill(P12_PASSWORD);
  const p12Download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download .p12" }).click();
  const p12File = path.join(fx.ssl.dir, "browser.p12");
  await (await p12Download).saveAs(p12File);

  const info = execFileSync(
    "openssl",
    ["pkcs12", "-info", "-in", p12File, "-passin", `pass:${P12_PASSWORD}`, "-nodes"],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  expect(info).toContain("BEGIN PRIVATE KEY");
  expect(info).toMatch(
    /subject=C ?= ?FR, ST ?= ?Ile-de-France, L ?= ?Paris, O ?= ?Example Payments SAS, OU ?= ?Payments Ops, CN ?= ?TLSMA-ECDSA\/MGW_000001\/PRD/,
  );
  expect(info).toMatch(/subject=C ?= ?FR, O ?= ?Thales Test, CN ?= ?Thales Test Issuing CA/);
  fs.writeFileSync(path.join(fx.ssl.dir, "from-p12.pem"), info);
  const keyFromP12 = execFileSync(
    "openssl",
    ["pkey", "-in", path.join(fx.ssl.dir, "from-p12.pem"), "-pubout"],
    { encoding: "utf8" },
  );
  const keyOfCert = execFileSync(
    "openssl",
    ["x509", "-in", path.join(fx.ssl.dir, "browser.crt"), "-pubkey", "-noout"],
    { encoding: "utf8" },
  );
  expect(keyFromP12).toBe(keyOfCert);

  // No request carried key material: not the armour, not the encrypted key file, not the raw key.
  const encryptedBody = fs.readFileSync(keyFile, "utf8").split("\n").slice(1, -2).join("");
  const rawKey = execFileSync("openssl", [
    "pkey",
    "-in",
    keyFile,
    "-passin",
    `pass:${KEY_PASSPHRASE}`,
    "-outform",
    "DER",
  ]).toString("base64");
  for (const request of sent) {
    expect(request.body).not.toContain("PRIVATE KEY");
    expect(request.body).not.toContain(encryptedBody.slice(0, 48));
    expect(request.body).not.toContain(rawKey.slice(16, 64));
  }
  await page.screenshot({ path: "e2e/.artifacts/assemble.png", fullPage: true });
});

test("the API lists certificates with days left across environments", async ({ request }) => {
  const response = await request.get(
    "/api/v1/certificates?environment=PRD&expiringWithinDays=2000",
    { headers: { authorization: `Bearer ${token}` } },
  );
  expect(response.status()).toBe(200);
  const body = await response.json();
  const mine = body.certificates.find(
    (c: { commonName: string }) => c.commonName === "TLSMA-ECDSA/MGW_000001/PRD",
  );
  expect(mine).toMatchObject({ compliant: true, state: "active", environmentCode: "PRD" });
  expect(mine.daysLeft).toBeGreaterThan(1820);
  const none = await (
    await request.get("/api/v1/certificates?environment=PRD&expiringWithinDays=30", {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json();
  expect(
    none.certificates.find(
      (c: { commonName: string }) => c.commonName === "TLSMA-ECDSA/MGW_000001/PRD",
    ),
  ).toBeUndefined();
  const bad = await request.get("/api/v1/certificates?expiringWithinDays=soon", {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(bad.status()).toBe(422);
});

test("the certificates API answers by pages, with a next link while there are more", async ({
  request,
}) => {
  const headers = { authorization: `Bearer ${token}` };
  const all = await (await request.get("/api/v1/certificates", { headers })).json();
  expect(all).toMatchObject({ page: 1, pageSize: 100, pages: 1 });
  expect(all.certificates).toHaveLength(all.total);
  const first = await request.get("/api/v1/certificates?pageSize=1", { headers });
  const one = await first.json();
  expect(one).toMatchObject({ total: all.total, page: 1, pageSize: 1, pages: all.total });
  expect(one.certificates.map((c: { id: string }) => c.id)).toEqual([all.certificates[0].id]);
  if (all.total > 1) {
    expect(first.headers().link).toBe('</api/v1/certificates?pageSize=1&page=2>; rel="next"');
    const second = await (
      await request.get("/api/v1/certificates?pageSize=1&page=2", { headers })
    ).json();
    expect(second.certificates.map((c: { id: string }) => c.id)).toEqual([all.certificates[1].id]);
  } else {
    expect(first.headers().link).toBeUndefined();
  }
  const past = await (
    await request.get(`/api/v1/certificates?page=${all.total + 1}&pageSize=1`, { headers })
  ).json();
  expect(past.certificates).toEqual([]);
  const tooBig = await request.get("/api/v1/certificates?pageSize=5000", { headers });
  expect(tooBig.status()).toBe(422);
  expect(JSON.stringify(await tooBig.json())).toContain("pageSize is at most 1000.");
});

test("a leaf put into thales-client-ca is refused with the pinning explanation", async ({
  page,
}) => {
  await page.goto("/gateways/MGW_000001/PPR/trust-stores");
  await page.getByText("Add certificates to Thales Client CA").click();
  const card = page.locator("section").filter({ has: page.locator("#thales-client-ca") });
  await card.getByLabel("…or paste it").fill(fx.good);
  await card.getByRole("button", { name: "Add certificates" }).click();
  await expect(card.getByText("Refused (1)")).toBeVisible();
  await expect(card.getByText(/pinning breaks when Thales rotates that certificate/)).toBeVisible();
  const api = await page.request.post(
    `/api/v1/environments/${env.ppr}/trust-stores/thales-client-ca`,
    {
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-pem-file" },
      data: fx.good + fx.issuing,
    },
  );
  const report = await api.json();
  expect(report.rejected[0].reason).toMatch(/pinning/);
  expect(report.added.map((a: { subject: string }) => a.subject)).toEqual([
    expect.stringContaining("Thales Test Issuing CA"),
  ]);
  const exported = await page.request.get(
    `/api/v1/environments/${env.ppr}/trust-stores/thales-client-ca.pem`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  expect(await exported.text()).toContain("BEGIN CERTIFICATE");
});
