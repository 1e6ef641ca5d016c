import { expect, type Page } from "@playwright/test";
import type { CaFixtures } from "../../lib/pki/test-support/ca";

/** Fills the new-CSR form (ECDSA P-256, the partner DN), generates in the browser, saves the key and the CSR. */
export async function generateCsrInBrowser(page: Page, passphrase: string) {
  await page.getByRole("radio", { name: /ECDSA P-256/ }).check();
  for (const [label, value] of [
    ["Country (C)", "FR"],
    ["State or province (ST)", "IDF"],
    ["Locality (L)", "Paris"],
    ["Organisation (O)", "Example Payments SAS"],
    ["Organisational unit (OU)", "Ops"],
  ] as const) {
    await page.getByLabel(label).fill(value);
  }
  await page.getByRole("button", { name: "Generate key pair and CSR" }).click();
  await page.getByLabel("Passphrase", { exact: true }).fill(passphrase);
  await page.getByLabel("Repeat the passphrase").fill(passphrase);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download encrypted private key" }).click();
  await download;
  await page.getByLabel(/I have saved the private key file/).check();
  await page.getByRole("button", { name: "Save CSR to the inventory" }).click();
}

const stamp = (ms: number) => `${new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;

/** Thales' part, played by `openssl ca`: signs a CSR until the given time. */
export function signAsThales(
  fx: CaFixtures,
  csrPem: string,
  notAfterMs: number,
  name: string,
): string {
  fx.ssl.write(`${name}.csr`, csrPem);
  fx.ssl.run([
    "ca",
    "-batch",
    "-config",
    "ca.cnf",
    "-notext",
    "-preserveDN",
    "-cert",
    "issuing.pem",
    "-keyfile",
    "issuing.key",
    "-in",
    `${name}.csr`,
    "-out",
    `${name}.pem`,
    "-extensions",
    "v3_client",
    "-startdate",
    stamp(Date.now() - 60_000),
    "-enddate",
    stamp(notAfterMs),
  ]);
  return fx.ssl.read(`${name}.pem`);
}

/** Imports a certificate through the UI of the environment. */
export async function importCertificateInBrowser(page: Page, envPath: string, pem: string) {
  await page.goto(`${envPath}/certificates/import`);
  await page.getByLabel("…or paste it").fill(pem);
  await page.getByRole("button", { name: "Check and import" }).click();
  await expect(page.getByText(/^Imported/)).toBeVisible();
}
