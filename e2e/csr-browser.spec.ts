import { test, expect, type Page, type Request } from "@playwright/test";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createToken, ensureGateway, OPERATOR, signIn } from "./support/app";

test.use({ storageState: "e2e/.artifacts/admin.json" });

const PASSPHRASE = "a long passphrase for the key";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "d1-csr-e2e-"));
const openssl = (args: string[]) =>
  execFileSync("openssl", args, { cwd: work, stdio: ["ignore", "pipe", "pipe"] }).toString();
test.afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Everything the page sent: URL and body of every request. */
function recordRequests(page: Page) {
  const sent: { url: string; body: string }[] = [];
  page.on("request", (request: Request) => {
    const body = request.postDataBuffer();
    sent.push({ url: request.url(), body: body ? body.toString("latin1") : "" });
  });
  return sent;
}

async function generateCsr(
  page: Page,
  keyType: "RSA 4096" | "ECDSA P-256",
  env: "PPR" | "PRD" = "PPR",
) {
  await page.goto(`/gateways/MGW_000001/${env}/csrs`);
  await page.getByRole("link", { name: "New CSR" }).click();
  await page.getByRole("radio", { name: new RegExp(keyType) }).check();
  await page.getByLabel("Country (C)").fill("fr");
  await expect(page.getByLabel("Country (C)")).toHaveValue("FR");
  await page.getByLabel("State or province (ST)").fill("Ile-de-France");
  await page.getByLabel("Locality (L)").fill("Paris");
  await page.getByLabel("Organisation (O)").fill("Example Payments SAS");
  await page.getByLabel("Organisational unit (OU)").fill("Ops <team>");
  await expect(page.getByText(/\(OU\) contains characters Thales may reject/)).toBeVisible();
  await page.getByLabel("Organisational unit (OU)").fill("Payments Ops");
  const expectedCn = `TLSMA-${keyType === "RSA 4096" ? "RSA" : "ECDSA"}/MGW_000001/${env}`;
  await expect(page.getByTestId("computed-cn")).toHaveText(expectedCn);

  await page.getByRole("button", { name: "Generate key pair and CSR" }).click();
  await expect(page.getByTestId("local-policy-ok")).toBeVisible({ timeout: 30_000 });

  await expect(page.getByRole("button", { name: "Save CSR to the inventory" })).toBeDisabled();
  await page.getByLabel("Passphrase", { exact: true }).fill(PASSPHRASE);
  await page.getByLabel("Repeat the passphrase").fill(PASSPHRASE);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download encrypted private key" }).click();
  const keyFile = path.join(work, `${keyType.replace(/\W/g, "")}-${env}.key.pem`);
  await (await download).saveAs(keyFile);
  await page.getByLabel(/I have saved the private key file/).check();
  await page.getByRole("button", { name: "Save CSR to the inventory" }).click();
  await expect(page.getByText("The CSR is in the inventory.")).toBeVisible();
  await expect(page.getByRole("heading", { name: expectedCn })).toBeVisible();
  // Issue 14: the wizard's CSRs pass the server's intake with no warning and ask for nothing.
  await expect(page.getByTestId("csr-warnings")).toHaveCount(0);
  await expect(page.getByTestId("requested-extensions")).toHaveText(/^none/);
  return { keyFile, expectedCn, csrPem: (await page.getByTestId("csr-pem").textContent())! };
}

for (const keyType of ["ECDSA P-256", "RSA 4096"] as const) {
  test(`generate a ${keyType} CSR in the browser; the key never leaves it`, async ({ page }) => {
    const token = await createToken(page, `csr-browser-${keyType}`, "admin");
    await ensureGateway(page.request, token);
    // Start from a clean slate: an earlier CSR of the same CN may exist; keys are always new.
    const sent = recordRequests(page);
    const { keyFile, expectedCn, csrPem } = await generateCsr(page, keyType);

    // The downloaded key is PKCS#8 encrypted with PBES2/AES-256, opens with the passphrase,
    // and is the key of the CSR the server stored.
    const keyPem = fs.readFileSync(keyFile, "utf8");
    expect(keyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    expect(openssl(["asn1parse", "-in", keyFile])).toMatch(
      /PBES2[\s\S]*PBKDF2[\s\S]*hmacWithSHA256[\s\S]*aes-256-cbc/,
    );
    openssl(["pkcs8", "-in", keyFile, "-passin", `pass:${PASSPHRASE}`, "-out", "plain.key"]);
    fs.writeFileSync(path.join(work, "stored.csr"), csrPem);
    expect(openssl(["pkey", "-in", "plain.key", "-pubout"])).toBe(
      openssl(["req", "-in", "stored.csr", "-pubkey", "-noout"]),
    );
    const verify = execFileSync(
      "openssl",
      ["req", "-in", "stored.csr", "-noout", "-verify", "-subject", "-nameopt", "RFC2253"],
      { cwd: work, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    expect(verify).toContain(`CN=${expectedCn.replaceAll("/", "/")}`);
    expect(verify).toContain(
      "OU=Payments Ops,O=Example Payments SAS,L=Paris,ST=Ile-de-France,C=FR",
    );

    // No request carried key material: neither PEM armour nor any piece of the key's bytes.
    const keyBase64 =
      openssl(["pkey", "-in", "plain.key", "-outform", "DER"]).length > 0
        ? execFileSync("openssl", ["pkey", "-in", "plain.key", "-outform", "DER"], {
            cwd: work,
          }).toString("base64")
        : "";
    const pieces = Array.from({ length: Math.floor(keyBase64.length / 64) }, (_, i) =>
      keyBase64.slice(i * 64, i * 64 + 32),
    );
    const encryptedBody = keyPem.split("\n").slice(1, -2).join("");
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) {
      expect(request.body).not.toContain("PRIVATE KEY");
      expect(request.body).not.toContain(encryptedBody.slice(0, 48));
      for (const piece of pieces) expect(request.body).not.toContain(piece);
    }
    // …and nothing was left in browser storage.
    const storage = await page.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      idb: (await indexedDB.databases()).length,
    }));
    expect(storage).toEqual({ local: 0, session: 0, idb: 0 });
    await page.screenshot({
      path: `e2e/.artifacts/csr-${keyType.replace(/\W/g, "")}.png`,
      fullPage: true,
    });
  });
}

// Issue 14: the browser path of the corpus. Every wizard CSR, for both key types and both
// environments, passes intake with no warning and `openssl req -verify` accepts it.
for (const [keyType, env] of [
  ["ECDSA P-256", "PRD"],
  ["RSA 4096", "PRD"],
] as const) {
  test(`the wizard's ${keyType} CSR for ${env} is exact: canonical subject, verified by openssl`, async ({
    page,
  }) => {
    const { expectedCn, csrPem } = await generateCsr(page, keyType, env);
    const file = path.join(work, `wizard-${env}-${keyType.replace(/\W/g, "")}.csr`);
    fs.writeFileSync(file, csrPem);
    const out = execFileSync(
      "openssl",
      ["req", "-in", file, "-noout", "-verify", "-subject", "-nameopt", "RFC2253"],
      { cwd: work, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    expect(out).toBe(
      `subject=CN=${expectedCn},OU=Payments Ops,O=Example Payments SAS,L=Paris,ST=Ile-de-France,C=FR\n`,
    );
    const text = execFileSync("openssl", ["req", "-in", file, "-noout", "-text"], {
      cwd: work,
      encoding: "utf8",
    });
    expect(text).toContain(
      keyType === "RSA 4096" ? "Public-Key: (4096 bit)" : "ASN1 OID: prime256v1",
    );
    expect(text).toContain(
      keyType === "RSA 4096"
        ? "Signature Algorithm: sha256WithRSAEncryption"
        : "Signature Algorithm: ecdsa-with-SHA256",
    );
    if (keyType === "RSA 4096") expect(text).toContain("Exponent: 65537");
    // OpenSSL 3.0 prints an empty "Requested Extensions:" heading; no extension may follow it.
    expect(text).not.toContain("X509v3");
  });
}

test.describe("as an operator", () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  test("an operator's wizard cannot make a refused CSR: the CN comes from the template and cannot be overridden", async ({
    page,
  }) => {
    await signIn(page, OPERATOR);
    await page.goto("/gateways/MGW_000001/PRD/csrs/new");
    await page.getByRole("radio", { name: /ECDSA P-256/ }).check();
    await expect(page.getByTestId("computed-cn")).toHaveText("TLSMA-ECDSA/MGW_000001/PRD");
    await expect(page.getByText("Only an admin can use a different CN.")).toBeVisible();
    await expect(page.getByRole("checkbox", { name: /Use a different CN/ })).toHaveCount(0);
    await expect(page.getByLabel("CN override")).toHaveCount(0);
  });
});

test("an admin's CN override needs a reason, which the CSR page and the audit trail show", async ({
  page,
}) => {
  await page.goto("/gateways/MGW_000001/PPR/csrs/new");
  await page.getByRole("radio", { name: /ECDSA P-256/ }).check();
  for (const [label, value] of [
    ["Country (C)", "FR"],
    ["State or province (ST)", "Ile-de-France"],
    ["Locality (L)", "Paris"],
    ["Organisation (O)", "Example Payments SAS"],
    ["Organisational unit (OU)", "Payments Ops"],
  ] as const) {
    await page.getByLabel(label).fill(value);
  }
  await page.getByRole("checkbox", { name: /Use a different CN/ }).check();
  await page.getByLabel("CN override").fill("D1-MGW_000001-PPR-override");
  // Without a reason the form cannot be submitted, and says why.
  await expect(page.getByText("Give a reason for the override.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Generate key pair and CSR" })).toBeDisabled();
  await page.getByLabel("Reason for the override").fill("Thales ticket 4711 asked for this CN");
  await page.getByRole("button", { name: "Generate key pair and CSR" }).click();
  await page.getByLabel("Passphrase", { exact: true }).fill(PASSPHRASE);
  await page.getByLabel("Repeat the passphrase").fill(PASSPHRASE);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download encrypted private key" }).click();
  await download;
  await page.getByLabel(/I have saved the private key file/).check();
  await page.getByRole("button", { name: "Save CSR to the inventory" }).click();
  await expect(page.getByRole("heading", { name: "D1-MGW_000001-PPR-override" })).toBeVisible();
  await expect(page.getByTestId("cn-override")).toContainText("TLSMA-ECDSA/MGW_000001/PPR");
  await expect(page.getByTestId("cn-override")).toContainText(
    "Reason: Thales ticket 4711 asked for this CN",
  );
  await page
    .getByRole("navigation", { name: "Environment sections" })
    .getByRole("link", { name: "Audit" })
    .click();
  await expect(page.getByText("Thales ticket 4711 asked for this CN").first()).toBeVisible();
});

test("the inventory lists the CSRs; submitting and cancelling are recorded", async ({ page }) => {
  await page.goto("/gateways/MGW_000001/PPR/csrs");
  const rows = page.getByRole("row");
  await expect(rows.filter({ hasText: "TLSMA-RSA/MGW_000001/PPR" }).first()).toBeVisible();
  await expect(
    rows.filter({ hasText: "ECDSA P-256" }).filter({ hasText: "admin@example.com" }).first(),
  ).toBeVisible();
  await page.getByRole("link", { name: "TLSMA-ECDSA/MGW_000001/PPR" }).first().click();
  await expect(page.getByLabel("OpenSSL verification command", { exact: true })).toContainText(
    "openssl req -in TLSMA-ECDSA_MGW_000001_PPR.csr.pem -noout -verify",
  );

  await page.getByLabel("Sent to").fill("Jane Doe, Thales");
  await page.getByLabel("Reference (optional)").fill("CASE-4242");
  await page.getByRole("button", { name: "Mark as submitted" }).click();
  await expect(page.getByText("to Jane Doe, Thales (ref. CASE-4242)")).toBeVisible();
  await expect(page.getByText("submitted", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Cancel this CSR…" }).click();
  await page.getByRole("button", { name: "Confirm cancellation" }).click();
  await expect(page.getByText("A reason is required.")).toBeVisible();
  await page.getByLabel("Reason").fill("Generated for a test");
  await page.getByRole("button", { name: "Confirm cancellation" }).click();
  await expect(page.getByText("cancelled", { exact: true })).toBeVisible();

  await page
    .getByRole("navigation", { name: "Environment sections" })
    .getByRole("link", { name: "Audit" })
    .click();
  await expect(page.getByRole("cell", { name: "csr.cancel" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "csr.submit" })).toBeVisible();
});

test("registering a CSR in the UI explains refusals, including a pasted private key", async ({
  page,
}) => {
  await page.goto("/gateways/MGW_000001/PPR/csrs/register");
  await page
    .getByLabel("…or paste the PEM")
    .fill(
      "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----\n",
    );
  await page.getByRole("button", { name: "Check and register" }).click();
  await expect(page.getByText("Treat that key as exposed")).toBeVisible();
  await expect(page.getByLabel("…or paste the PEM")).toHaveValue("");
  await page.getByLabel("…or paste the PEM").fill("hello, this is not a CSR");
  await page.getByRole("button", { name: "Check and register" }).click();
  await expect(page.getByText("Expected a certificate signing request")).toBeVisible();
});
