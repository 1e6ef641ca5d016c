// The ES256 OAuth signing key (issue 6, part 5): made in Chromium, private key downloaded
// encrypted, only the public key sent; JWK and RFC 7638 thumbprint shown; onboarding, rotation
// and retirement recorded.
import { test, expect, type Page, type Request, type APIRequestContext } from "@playwright/test";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createToken, ensureGateway } from "./support/app";

test.use({
  storageState: "e2e/.artifacts/admin.json",
  permissions: ["clipboard-read", "clipboard-write"],
});
test.describe.configure({ mode: "serial" });

const MGW = "MGW_SIGN01";
const PAGE = `/gateways/${MGW}/PPR/signing-keys`;
const PASSPHRASE = "an oauth signing key passphrase";
const DAY_MS = 86_400_000;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "d1-signing-key-e2e-"));
const openssl = (args: string[]) =>
  execFileSync("openssl", args, { cwd: work, stdio: ["ignore", "pipe", "pipe"] }).toString();
const opensslBytes = (args: string[]) =>
  execFileSync("openssl", args, { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
const day = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);
const plusDays = (isoDay: string, days: number) =>
  new Date(Date.parse(`${isoDay}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

let token = "";
let envId = "";
let firstKid = "";
let onboardedOn = "";
test.afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** RFC 7638 computed from openssl's own output: the coordinates it prints, hashed by `openssl dgst`. */
function opensslThumbprint(keyFile: string, pubin = false) {
  const text = openssl([
    "ec",
    ...(pubin ? ["-pubin"] : []),
    "-in",
    keyFile,
    "-pubout",
    "-text",
    "-noout",
  ]);
  const point = Buffer.from(
    /pub:\s*([0-9a-f:\s]+?)\s*ASN1 OID/.exec(text)![1]!.replace(/[\s:]/g, ""),
    "hex",
  );
  const x = point.subarray(1, 33).toString("base64url");
  const y = point.subarray(33, 65).toString("base64url");
  fs.writeFileSync(
    path.join(work, "canonical.json"),
    `{"crv":"P-256","kty":"EC","x":"${x}","y":"${y}"}`,
  );
  return {
    x,
    y,
    thumbprint: opensslBytes(["dgst", "-sha256", "-binary", "canonical.json"]).toString(
      "base64url",
    ),
  };
}

function recordRequests(page: Page) {
  const sent: { url: string; body: string }[] = [];
  page.on("request", (request: Request) => {
    const body = request.postDataBuffer();
    sent.push({ url: request.url(), body: body ? body.toString("latin1") : "" });
  });
  return sent;
}

async function listKeys(request: APIRequestContext) {
  const response = await request.get(`/api/v1/environments/${envId}/signing-keys`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status()).toBe(200);
  return response.json() as Promise<{
    rotationState: string;
    keyRotationDays: number;
    signingKeys: {
      id: string;
      kid: string;
      thumbprint: string;
      status: string;
      publicKeyPem: string;
      jwk: Record<string, string>;
      onboardedAt: string | null;
      rotateBy: string | null;
      retiredAt: string | null;
    }[];
  }>;
}

/** Whether any base64, base64url or hex run in the text decodes (at any alignment) to bytes containing `needle`. */
function containsBytes(text: string, needle: Buffer): boolean {
  const flat = text.replace(/\\n|\\r|\s/g, "");
  for (const run of flat.match(/[A-Za-z0-9+/_=-]{20,}/g) ?? []) {
    for (let offset = 0; offset < 4; offset++) {
      const chunk = run.slice(offset);
      if (Buffer.from(chunk.replace(/-/g, "+").replace(/_/g, "/"), "base64").includes(needle))
        return true;
    }
    if (
      /^[0-9a-fA-F]+$/.test(run) &&
      (Buffer.from(run, "hex").includes(needle) ||
        Buffer.from(run.slice(1), "hex").includes(needle))
    )
      return true;
  }
  return false;
}

const keyCard = (page: Page, kid: string) =>
  page
    .locator("section")
    .filter({ has: page.getByLabel("Public key PEM", { exact: true }) })
    .filter({ hasText: kid });

test("generate the ES256 key in Chromium: the encrypted private key opens with openssl, only the public key is sent", async ({
  page,
}) => {
  token = await createToken(page, "signing-key-e2e", "admin");
  const gateway = await ensureGateway(page.request, token, MGW);
  envId = gateway.ppr;
  const sent = recordRequests(page);

  await page.goto(`/gateways/${MGW}/PPR`);
  await page
    .getByRole("navigation", { name: "Environment sections" })
    .getByRole("link", { name: "OAuth key" })
    .click();
  await expect(page).toHaveURL(new RegExp(`${PAGE}$`));
  await expect(page.getByTestId("rotation-state")).toHaveAttribute("data-state", "none");
  await expect(page.getByText("No OAuth signing key for this environment yet")).toBeVisible();
  await page.getByRole("link", { name: "Generate a key" }).click();

  await page.getByRole("button", { name: "Generate ES256 key pair" }).click();
  await expect(page.getByRole("heading", { name: "2. Save the private key" })).toBeVisible({
    timeout: 15_000,
  });
  // Nothing can be registered before the key is saved.
  await expect(page.getByRole("button", { name: "Register the public key" })).toBeDisabled();
  await expect(page.getByLabel(/I have saved the private key file/)).toBeDisabled();
  const localKid = (await page.getByLabel("JWK thumbprint", { exact: true }).textContent())!.trim();
  const localPem = (await page.getByLabel("Public key PEM", { exact: true }).textContent())!.trim();
  expect(localKid).toMatch(/^[A-Za-z0-9_-]{43}$/);

  await page.getByLabel("Passphrase", { exact: true }).fill(PASSPHRASE);
  await page.getByLabel("Repeat the passphrase").fill(PASSPHRASE);
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download encrypted private key" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`ES256_${MGW}_PPR_${localKid.slice(0, 8)}.key.pem`);
  const keyFile = path.join(work, "es256.key.pem");
  await download.saveAs(keyFile);
  await page.getByLabel(/I have saved the private key file/).check();
  await page.getByRole("button", { name: "Register the public key" }).click();
  await expect(page.getByText("The public key is registered.")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`${PAGE}\\?created=`));

  // The file is PKCS#8 with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) and opens with the passphrase…
  const keyPem = fs.readFileSync(keyFile, "utf8");
  expect(keyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
  expect(openssl(["asn1parse", "-in", keyFile])).toMatch(
    /PBES2[\s\S]*PBKDF2[\s\S]*hmacWithSHA256[\s\S]*aes-256-cbc/,
  );
  openssl(["pkcs8", "-in", keyFile, "-passin", `pass:${PASSPHRASE}`, "-out", "plain.key"]);
  expect(openssl(["ec", "-in", "plain.key", "-text", "-noout"])).toContain("NIST CURVE: P-256");
  // …and its public half is exactly what the server stored.
  const { signingKeys } = await listKeys(page.request);
  expect(signingKeys).toHaveLength(1);
  const stored = signingKeys[0]!;
  expect(openssl(["pkey", "-in", "plain.key", "-pubout"])).toBe(stored.publicKeyPem);
  expect(stored.publicKeyPem.trim()).toBe(localPem);
  const independent = opensslThumbprint("plain.key");
  expect(stored).toMatchObject({
    status: "pending",
    kid: independent.thumbprint,
    thumbprint: independent.thumbprint,
    jwk: {
      kty: "EC",
      crv: "P-256",
      x: independent.x,
      y: independent.y,
      kid: independent.thumbprint,
      alg: "ES256",
    },
  });
  expect(localKid).toBe(independent.thumbprint);
  firstKid = stored.kid;

  // No request carried private key material: no PEM armour, no piece of the key's DER, of the
  // encrypted file, or of the private scalar d.
  // (An EC PKCS#8 also carries the public point: pieces that are public are not evidence.)
  const publicBase64 = stored.publicKeyPem.split("\n").slice(1, -2).join("");
  const der = opensslBytes(["pkey", "-in", "plain.key", "-outform", "DER"]).toString("base64");
  const pieces = Array.from({ length: Math.floor(der.length / 16) }, (_, i) =>
    der.slice(i * 16, i * 16 + 16),
  ).filter((p) => !publicBase64.includes(p));
  expect(pieces.length).toBeGreaterThan(4);
  const privHex = /priv:\s*([0-9a-f:\s]+?)\s*pub:/
    .exec(openssl(["ec", "-in", "plain.key", "-text", "-noout"]))![1]!
    .replace(/[\s:]/g, "");
  const d = Buffer.from(privHex.padStart(64, "0").slice(-64), "hex");
  const encryptedBody = keyPem.split("\n").slice(1, -2).join("");
  expect(
    containsBytes(fs.readFileSync(path.join(work, "plain.key"), "utf8"), d.subarray(0, 16)),
    "the detector finds d in the plain key file",
  ).toBe(true);
  expect(sent.length).toBeGreaterThan(0);
  expect(sent.some((r) => r.body.includes(stored.publicKeyPem.split("\n")[1]!))).toBe(true); // the public key did go
  for (const request of sent) {
    expect(request.body).not.toContain("PRIVATE KEY");
    expect(request.body).not.toContain(encryptedBody.slice(0, 48));
    expect(request.body).not.toContain(d.toString("base64url"));
    expect(request.body).not.toContain(d.toString("base64"));
    expect(request.body).not.toContain(privHex);
    for (const piece of pieces) expect(request.body).not.toContain(piece);
    expect(containsBytes(request.body, d.subarray(0, 16)), `d inside ${request.url}`).toBe(false);
  }
  const storage = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    idb: (await indexedDB.databases()).length,
  }));
  expect(storage).toEqual({ local: 0, session: 0, idb: 0 });
});

test("the page shows the PEM, the JWK and its thumbprint, each with a copy button", async ({
  page,
}) => {
  await page.goto(PAGE);
  const card = keyCard(page, firstKid);
  await expect(card.getByText("not yet onboarded")).toBeVisible();
  await expect(card.getByLabel("JWK thumbprint", { exact: true })).toHaveText(firstKid);
  const jwk = JSON.parse((await card.getByLabel("Public key JWK", { exact: true }).textContent())!);
  const { signingKeys } = await listKeys(page.request);
  expect(jwk).toEqual(signingKeys[0]!.jwk);
  expect(jwk.kid).toBe(firstKid);
  await expect(card.getByLabel("Public key PEM", { exact: true })).toHaveText(
    signingKeys[0]!.publicKeyPem.trim(),
  );

  await card.getByRole("button", { name: "Copy: Public key JWK" }).click();
  await expect(card.getByRole("button", { name: "Copy: Public key JWK" })).toHaveText("Copied");
  expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(jwk);
  await card.getByRole("button", { name: "Copy: JWK thumbprint" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(firstKid);
  // A key that is not onboarded yet is due for rotation keyRotationDays after it was made.
  await expect(page.getByTestId("rotation-state")).toHaveAttribute("data-state", "ok");
  await expect(page.getByTestId("rotate-by")).toContainText(`${plusDays(day(0), 365)}`);
});

test("marking the key onboarded records the date; rotate-by follows the gateway's interval", async ({
  page,
}) => {
  onboardedOn = day(-40);
  await page.goto(PAGE);
  const card = keyCard(page, firstKid);
  await card.getByRole("button", { name: "Mark onboarded with Thales…" }).click();
  await card.getByLabel("Onboarded on").fill(day(5));
  await card.getByRole("button", { name: "Confirm onboarding" }).click();
  await expect(card.getByText("The onboarding date cannot be in the future.")).toBeVisible();
  await card.getByLabel("Onboarded on").fill(onboardedOn);
  await card.getByRole("button", { name: "Confirm onboarding" }).click();
  await expect(card.getByText("active", { exact: true })).toBeVisible();
  await expect(card.getByTestId("onboarded-at")).toContainText(
    `${onboardedOn} (recorded by admin@example.com)`,
  );
  await expect(page.getByTestId("rotation-state")).toHaveAttribute("data-state", "ok");
  await expect(page.getByTestId("rotate-by")).toContainText(`${plusDays(onboardedOn, 365)}`);
  await expect(page.getByTestId("rotate-by")).toContainText(`onboarded ${onboardedOn} + 365 days`);

  // The interval is a gateway setting, 30 to 3650 days.
  await page.getByRole("link", { name: "(gateway settings)" }).click();
  const field = page.getByLabel("OAuth signing-key rotation (days)");
  await expect(field).toHaveValue("365");
  await field.fill("29");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(
    page.getByText("The signing-key rotation interval must be at least 30 days."),
  ).toBeVisible();
  await field.fill("30");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();

  await page.goto(PAGE);
  await expect(page.getByTestId("rotation-state")).toHaveAttribute("data-state", "rotation-due");
  await expect(page.getByTestId("rotate-by")).toContainText(`${plusDays(onboardedOn, 30)}`);
  await expect(page.getByTestId("rotate-by")).toContainText("10 days overdue");
  await expect(page.getByText("This key is due for rotation.")).toBeVisible();
  const api = await listKeys(page.request);
  expect(api).toMatchObject({ rotationState: "rotation-due", keyRotationDays: 30 });
  expect(api.signingKeys[0]).toMatchObject({
    status: "active",
    onboardedAt: onboardedOn,
    rotateBy: plusDays(onboardedOn, 30),
  });
  await page.screenshot({ path: "e2e/.artifacts/signing-keys-light.png", fullPage: true });

  const audit = await (
    await page.request.get("/api/v1/audit", { headers: { authorization: `Bearer ${token}` } })
  ).json();
  const actions = (audit.events as { action: string; summary: Record<string, unknown> }[]).map(
    (e) => e.action,
  );
  expect(actions).toEqual(expect.arrayContaining(["signing_key.create", "signing_key.onboard"]));
});

test("a public key made elsewhere is checked, registered, and onboarding it retires the old key", async ({
  page,
}) => {
  openssl([
    "genpkey",
    "-algorithm",
    "EC",
    "-pkeyopt",
    "ec_paramgen_curve:P-384",
    "-out",
    "p384.key",
  ]);
  openssl([
    "genpkey",
    "-algorithm",
    "EC",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-out",
    "other.key",
  ]);
  const otherPub = openssl(["pkey", "-in", "other.key", "-pubout"]);
  const other = opensslThumbprint("other.key");
  await page.goto(PAGE);
  const paste = page.getByLabel("…or paste the public key PEM");

  await paste.fill(openssl(["pkey", "-in", "p384.key", "-pubout"]));
  await page.getByRole("button", { name: "Check and register" }).click();
  await expect(
    page.getByText(/This EC key is on curve P-384\. ES256 needs curve P-256/),
  ).toBeVisible();
  await paste.fill(fs.readFileSync(path.join(work, "other.key"), "utf8"));
  await page.getByRole("button", { name: "Check and register" }).click();
  await expect(page.getByText("A private key was pasted. Nothing was stored.")).toBeVisible();
  await expect(page.getByText(/Only the public key may be uploaded/)).toBeVisible();
  await expect(paste).toHaveValue("");
  await paste.fill("not a key at all");
  await page.getByRole("button", { name: "Check and register" }).click();
  await expect(page.getByText(/This is not a readable public key/)).toBeVisible();
  expect((await listKeys(page.request)).signingKeys).toHaveLength(1);

  await paste.fill(otherPub);
  await page.getByRole("button", { name: "Check and register" }).click();
  await expect(page.getByText("The public key is registered.")).toBeVisible();
  const card = keyCard(page, other.thumbprint);
  await expect(card.getByLabel("JWK thumbprint", { exact: true })).toHaveText(other.thumbprint);
  // While it waits, the onboarded key still speaks for the environment.
  await expect(page.getByTestId("rotation-state")).toHaveAttribute("data-state", "rotation-due");

  await card.getByRole("button", { name: "Mark onboarded with Thales…" }).click();
  await expect(card.getByText(firstKid)).toBeVisible(); // names the key it retires
  await card.getByLabel("Onboarded on").fill(day(0));
  await card.getByRole("button", { name: "Confirm onboarding" }).click();
  await expect(card.getByText("active", { exact: true })).toBeVisible();
  await expect(page.getByTestId("rotation-state")).toHaveAttribute("data-state", "ok");
  await expect(page.getByTestId("rotate-by")).toContainText(plusDays(day(0), 30));
  const retiredTable = page.getByRole("table", { name: /Retired OAuth signing keys/ });
  await expect(retiredTable.getByRole("row").filter({ hasText: firstKid })).toContainText(
    onboardedOn,
  );
  const { signingKeys } = await listKeys(page.request);
  expect(signingKeys.map((k) => [k.kid, k.status])).toEqual([
    [other.thumbprint, "active"],
    [firstKid, "retired"],
  ]);
});

test("retiring by hand asks for a reason and a second click; then the environment has no key", async ({
  page,
}) => {
  await page.goto(PAGE);
  const { signingKeys } = await listKeys(page.request);
  const card = keyCard(page, signingKeys[0]!.kid);
  await card.getByRole("button", { name: "Retire this key…" }).click();
  await card.getByRole("button", { name: "Confirm retirement" }).click();
  await expect(card.getByText("A reason is required.")).toBeVisible();
  await card.getByLabel("Reason").fill("Thales removed it from the tenant");
  await card.getByRole("button", { name: "Confirm retirement" }).click();
  await expect(page.getByTestId("rotation-state")).toHaveAttribute("data-state", "none");
  await expect(page.getByText("No OAuth signing key: calls to D1")).toBeVisible();

  await page
    .getByRole("navigation", { name: "Environment sections" })
    .getByRole("link", { name: "Audit" })
    .click();
  await expect(page.getByRole("cell", { name: "signing_key.retire" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "signing_key.onboard" }).first()).toBeVisible();
});

test("the API registers a public key (PEM or JSON), derives the thumbprint itself, and refuses duplicates and private keys", async ({
  request,
}) => {
  openssl([
    "genpkey",
    "-algorithm",
    "EC",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-out",
    "api.key",
  ]);
  const pub = openssl(["pkey", "-in", "api.key", "-pubout"]);
  const expected = opensslThumbprint("api.key");
  const headers = { authorization: `Bearer ${token}` };
  const url = `/api/v1/environments/${envId}/signing-keys`;

  const created = await request.post(url, {
    headers,
    data: { publicKeyPem: pub, thumbprint: "client-said-so", jwk: { kid: "nope" } },
  });
  expect(created.status(), await created.text()).toBe(201);
  expect(await created.json()).toMatchObject({
    kid: expected.thumbprint,
    thumbprint: expected.thumbprint,
    jwk: { x: expected.x, y: expected.y },
    status: "pending",
  });

  const again = await request.post(url, {
    headers: { ...headers, "content-type": "application/x-pem-file" },
    data: pub,
  });
  expect(again.status()).toBe(409);
  expect((await again.json()).error.code).toBe("signing_key.duplicate");
  const prd = await request.post(
    `/api/v1/environments/${(await ensureGateway(request, token, MGW)).prd}/signing-keys`,
    { headers, data: { publicKeyPem: pub } },
  );
  expect(prd.status()).toBe(409);
  expect((await prd.json()).error.message).toMatch(/PPR and PRD never share key material/);

  const privateKey = await request.post(url, {
    headers: { ...headers, "content-type": "application/x-pem-file" },
    data: fs.readFileSync(path.join(work, "api.key"), "utf8"),
  });
  expect(privateKey.status()).toBe(422);
  const body = await privateKey.json();
  expect(body.error.code).toBe("signing_key.private_key");
  expect(body.warning).toMatch(/exposed/);
  const cert = await request.post(url, {
    headers,
    data: {
      publicKeyPem: openssl([
        "req",
        "-x509",
        "-new",
        "-key",
        "api.key",
        "-subj",
        "/CN=x",
        "-days",
        "1",
      ]),
    },
  });
  expect(cert.status()).toBe(422);
  expect((await cert.json()).error.code).toBe("signing_key.certificate");
  const big = await request.post(url, {
    headers: { ...headers, "content-type": "application/x-pem-file" },
    data: "A".repeat(20_000),
  });
  expect(big.status()).toBe(413);

  const openapi = await (await request.get("/api/v1/openapi.json", { headers })).json();
  expect(Object.keys(openapi.paths["/api/v1/environments/{envId}/signing-keys"])).toEqual([
    "get",
    "post",
  ]);
});

test("the pages read well in dark mode", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "theme", value: "dark", url: baseURL! }]);
  await page.goto(PAGE);
  await expect(page.locator("html")).toHaveClass(/dark/);
  await expect(page.getByTestId("rotation-state")).toBeVisible();
  await page.screenshot({ path: "e2e/.artifacts/signing-keys-dark.png", fullPage: true });
  await page.getByRole("link", { name: /Generate a (new )?key/ }).click();
  await page.getByRole("button", { name: "Generate ES256 key pair" }).click();
  await expect(page.getByRole("heading", { name: "3. Register the public key" })).toBeVisible();
  await page.screenshot({ path: "e2e/.artifacts/signing-key-new-dark.png", fullPage: true });
  await context.clearCookies({ name: "theme" });
  page.on("dialog", (dialog) => dialog.accept()); // the unsaved key's "leave this page?" warning
  await page.reload();
  await page.getByRole("button", { name: "Generate ES256 key pair" }).click();
  await expect(page.getByRole("heading", { name: "3. Register the public key" })).toBeVisible();
  await page.screenshot({ path: "e2e/.artifacts/signing-key-new-light.png", fullPage: true });
});
