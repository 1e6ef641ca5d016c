// Issue 17 item 6: the OAuth client assertion, built in Chromium from the encrypted key file the
// key wizard saved, checked by Node's crypto.verify (not by our code), its claims as D1 expects,
// and no request during its creation carrying the key file, the private key or the passphrase.
import { test, expect, type Page, type Request } from "@playwright/test";
import { createHash, createPublicKey, verify } from "node:crypto";
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

const MGW = "MGW_JWT001";
const PAGE = `/gateways/${MGW}/PPR/signing-keys`;
const PASSPHRASE = "a client assertion passphrase";
const STAGING = "https://api.d1-stg.thalescloud.io/authz/v1/oauth2/token";
const CUSTOM = "https://api.d1-ppr.example.com/authz/v1/oauth2/token";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "d1-client-assertion-e2e-"));
const keyFile = path.join(work, "es256.key.pem");
const openssl = (args: string[]) =>
  execFileSync("openssl", args, { cwd: work, stdio: ["ignore", "pipe", "pipe"] }).toString();

let token = "";
let envId = "";
let publicKeyPem = "";
let kid = "";
const jtis: string[] = [];
test.afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const api = (page: Page, url: string) =>
  page.request.get(url, { headers: { authorization: `Bearer ${token}` } });

/** RFC 7638 thumbprint computed by Node from the PEM: canonical JSON of crv, kty, x, y, SHA-256. */
function nodeThumbprint(pem: string) {
  const jwk = createPublicKey(pem).export({ format: "jwk" }) as {
    crv: string;
    kty: string;
    x: string;
    y: string;
  };
  return createHash("sha256")
    .update(`{"crv":"${jwk.crv}","kty":"${jwk.kty}","x":"${jwk.x}","y":"${jwk.y}"}`)
    .digest("base64url");
}

/** The independent verdict: Node's ECDSA over header.payload, raw r||s (ieee-p1363) as JWS has it. */
function nodeVerifies(jwt: string, pem: string) {
  const [h, p, s] = jwt.split(".") as [string, string, string];
  return verify(
    "sha256",
    Buffer.from(`${h}.${p}`),
    { key: createPublicKey(pem), dsaEncoding: "ieee-p1363" },
    Buffer.from(s, "base64url"),
  );
}

const decodePart = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));

function recordRequests(page: Page) {
  const sent: { url: string; body: string }[] = [];
  page.on("request", (request: Request) => {
    const body = request.postDataBuffer();
    sent.push({ url: request.url(), body: body ? body.toString("latin1") : "" });
  });
  return sent;
}

/** Whether any base64, base64url or hex run in the text decodes (at any alignment) to bytes containing `needle`. */
function containsBytes(text: string, needle: Buffer): boolean {
  const flat = text.replace(/\\n|\\r|\s/g, "");
  for (const run of flat.match(/[A-Za-z0-9+/_=-]{20,}/g) ?? []) {
    for (let offset = 0; offset < 4; offset++) {
      if (
        Buffer.from(run.slice(offset).replace(/-/g, "+").replace(/_/g, "/"), "base64").includes(
          needle,
        )
      )
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

async function build(
  page: Page,
  opts: { file?: string; passphrase?: string; minutes?: string } = {},
) {
  await page.getByLabel("Private key file (.key.pem)").setInputFiles(opts.file ?? keyFile);
  if (opts.passphrase !== "")
    await page.getByLabel("Key passphrase").fill(opts.passphrase ?? PASSPHRASE);
  await page.getByLabel("Lifetime (minutes, at most 15)").fill(opts.minutes ?? "5");
  await page.getByRole("button", { name: "Build the client assertion" }).click();
}

async function readAssertion(page: Page) {
  await expect(page.getByTestId("assertion-verdict")).toBeVisible({ timeout: 20_000 });
  const jwt = (await page
    .getByLabel("Client assertion JWT", { exact: true })
    .textContent())!.trim();
  expect(jwt).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/);
  const [h, p] = jwt.split(".") as [string, string];
  return { jwt, header: decodePart(h), claims: decodePart(p) };
}

test("a key made in the page, saved encrypted and onboarded", async ({ page }) => {
  token = await createToken(page, "client-assertion-e2e", "admin");
  envId = (await ensureGateway(page.request, token, MGW)).ppr;
  await page.goto(PAGE);
  // With no key yet, the section says what is missing.
  await expect(page.getByText("Generate or register a key first")).toBeVisible();
  await expect(page.getByTestId("token-endpoint")).toHaveText(STAGING);
  await expect(
    page.getByText(/no "PreProd" one: PPR uses Staging here by assumption/),
  ).toBeVisible();

  await page.getByRole("link", { name: "Generate a key" }).click();
  await page.getByRole("button", { name: "Generate ES256 key pair" }).click();
  await expect(page.getByRole("heading", { name: "2. Save the private key" })).toBeVisible({
    timeout: 15_000,
  });
  await page.getByLabel("Passphrase", { exact: true }).fill(PASSPHRASE);
  await page.getByLabel("Repeat the passphrase").fill(PASSPHRASE);
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download encrypted private key" }).click();
  await (await downloading).saveAs(keyFile);
  await page.getByLabel(/I have saved the private key file/).check();
  await page.getByRole("button", { name: "Register the public key" }).click();
  await expect(page.getByText("The public key is registered.")).toBeVisible();
  expect(fs.readFileSync(keyFile, "utf8")).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);

  const listed = await (await api(page, `/api/v1/environments/${envId}/signing-keys`)).json();
  const key = listed.signingKeys[0];
  publicKeyPem = key.publicKeyPem;
  kid = key.kid;
  expect(nodeThumbprint(publicKeyPem)).toBe(kid);
  const onboarded = await page.request.post(
    `/api/v1/environments/${envId}/signing-keys/${key.id}/onboarded`,
    {
      headers: { authorization: `Bearer ${token}` },
      data: { onboardedAt: new Date().toISOString().slice(0, 10) },
    },
  );
  expect(onboarded.status(), await onboarded.text()).toBe(200);
});

test("the assertion built in the page verifies with Node's crypto, its claims are D1's, and no request carries the key", async ({
  page,
}) => {
  const sent = recordRequests(page);
  await page.goto(PAGE);
  await build(page, { minutes: "15" });
  const first = await readAssertion(page);
  await expect(page.getByTestId("assertion-verdict")).toHaveAttribute("data-verified", "true");
  await expect(page.getByTestId("assertion-verdict")).toContainText(
    `verifies with the stored public key ${kid}`,
  );
  // The passphrase is not kept once used.
  await expect(page.getByLabel("Key passphrase")).toHaveValue("");

  expect(nodeVerifies(first.jwt, publicKeyPem), "Node's crypto.verify over header.payload").toBe(
    true,
  );
  expect(first.header).toEqual({ alg: "ES256", typ: "JWT", kid: nodeThumbprint(publicKeyPem) });
  expect(first.claims).toMatchObject({ iss: MGW, sub: MGW, aud: STAGING });
  expect(first.claims.exp - first.claims.iat).toBe(900);
  expect(Math.abs(first.claims.iat - Date.now() / 1000)).toBeLessThan(120);
  expect(first.claims.jti).toMatch(/^[A-Za-z0-9_-]{22,}$/);
  // The decoded panes show exactly what the JWT holds.
  expect(
    JSON.parse((await page.getByLabel("Decoded JWT header", { exact: true }).textContent())!),
  ).toEqual(first.header);
  expect(
    JSON.parse((await page.getByLabel("Decoded JWT claims", { exact: true }).textContent())!),
  ).toEqual(first.claims);
  const curl = (await page
    .getByLabel("curl for the token endpoint", { exact: true })
    .textContent())!;
  expect(curl).toContain(`-X POST '${STAGING}'`);
  expect(curl).toContain(
    `--data 'grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=${first.jwt}'`,
  );
  expect(curl).toContain("--cert ./d1-client-cert.pem --key ./d1-client-key.pem");
  await page.getByRole("button", { name: "Copy: Client assertion JWT" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(first.jwt);
  await page.getByRole("button", { name: "Copy: curl for the token endpoint" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(curl);

  // A second build: a new jti, its own lifetime, still verified by Node.
  await build(page, { minutes: "5" });
  await expect(page.getByLabel("Client assertion JWT", { exact: true })).not.toHaveText(first.jwt);
  const second = await readAssertion(page);
  expect(nodeVerifies(second.jwt, publicKeyPem)).toBe(true);
  expect(second.claims.exp - second.claims.iat).toBe(300);
  expect(second.claims.jti).not.toBe(first.claims.jti);
  jtis.push(first.claims.jti, second.claims.jti);
  await page.getByTestId("assertion-verdict").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "e2e/.artifacts/client-assertion-light.png", fullPage: true });
  // More than 15 minutes is refused in the page.
  await page.getByLabel("Lifetime (minutes, at most 15)").fill("16");
  await expect(page.getByText("Whole minutes from 1 to 15.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Build the client assertion" })).toBeDisabled();

  // Nothing of the key left the browser: the encrypted file, the private key (PKCS#8 DER pieces,
  // the scalar d in any encoding) and the passphrase appear in no URL and no request body.
  openssl(["pkcs8", "-in", keyFile, "-passin", `pass:${PASSPHRASE}`, "-out", "plain.key"]);
  const privHex = /priv:\s*([0-9a-f:\s]+?)\s*pub:/
    .exec(openssl(["ec", "-in", "plain.key", "-text", "-noout"]))![1]!
    .replace(/[\s:]/g, "");
  const d = Buffer.from(privHex.padStart(64, "0").slice(-64), "hex");
  const publicBase64 = publicKeyPem.split("\n").slice(1, -2).join("");
  const der = execFileSync("openssl", ["pkey", "-in", "plain.key", "-outform", "DER"], {
    cwd: work,
  }).toString("base64");
  const pieces = Array.from({ length: Math.floor(der.length / 16) }, (_, i) =>
    der.slice(i * 16, i * 16 + 16),
  ).filter((p) => !publicBase64.includes(p));
  const encryptedBody = fs.readFileSync(keyFile, "utf8").split("\n").slice(1, -2).join("");
  const encryptedPieces = Array.from({ length: Math.floor(encryptedBody.length / 24) }, (_, i) =>
    encryptedBody.slice(i * 24, i * 24 + 24),
  );
  expect(
    containsBytes(fs.readFileSync(path.join(work, "plain.key"), "utf8"), d.subarray(0, 16)),
    "the detector finds d in the plain key",
  ).toBe(true);
  expect(pieces.length).toBeGreaterThan(4);
  expect(sent.length, "the page did make requests (navigation, assets)").toBeGreaterThan(0);
  const passphraseForms = [
    PASSPHRASE,
    encodeURIComponent(PASSPHRASE),
    PASSPHRASE.replace(/ /g, "+"),
    Buffer.from(PASSPHRASE).toString("base64"),
  ];
  for (const request of sent) {
    for (const text of [request.url, decodeURIComponent(request.url), request.body]) {
      expect(text).not.toContain("PRIVATE KEY");
      for (const form of passphraseForms)
        expect(text, `passphrase in ${request.url}`).not.toContain(form);
      for (const piece of encryptedPieces)
        expect(text, `key file in ${request.url}`).not.toContain(piece);
      for (const piece of pieces) expect(text).not.toContain(piece);
      expect(text).not.toContain(d.toString("base64url"));
      expect(text).not.toContain(privHex);
      expect(containsBytes(text, d.subarray(0, 16)), `d inside ${request.url}`).toBe(false);
    }
  }
  const storage = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    idb: (await indexedDB.databases()).length,
  }));
  expect(storage).toEqual({ local: 0, session: 0, idb: 0 });
});

test("an admin sets the token endpoint: bad URLs are refused, the next assertion names it as aud", async ({
  page,
}) => {
  const endpoint = `/api/v1/environments/${envId}/oauth-token-endpoint`;
  const audit = async () => (await (await api(page, "/api/v1/audit")).json()).total as number;
  const before = await audit();
  await page.goto(PAGE);
  await page.getByText("Change the token endpoint").click();
  const field = page.getByLabel("Token endpoint (aud)");
  await field.fill("http://api.d1-ppr.example.com/oauth2/token");
  await page.getByRole("button", { name: "Save token endpoint" }).click();
  await expect(page.getByText("The token endpoint must use https")).toBeVisible();
  expect((await (await api(page, endpoint)).json()).oauthTokenEndpoint).toBeNull();
  expect(await audit()).toBe(before);

  await page.getByLabel("Token endpoint (aud)").fill(CUSTOM);
  await page.getByRole("button", { name: "Save token endpoint" }).click();
  await expect(page.getByText("Saved. New assertions name it as their aud.")).toBeVisible();
  await expect(page.getByTestId("token-endpoint")).toHaveText(CUSTOM);
  expect(await (await api(page, endpoint)).json()).toMatchObject({
    oauthTokenEndpoint: CUSTOM,
    effectiveTokenEndpoint: CUSTOM,
  });
  const events = (await (await api(page, "/api/v1/audit")).json()).events as {
    action: string;
    summary: string;
  }[];
  expect(
    JSON.parse(events.find((e) => e.action === "environment.oauth-token-endpoint.update")!.summary),
  ).toMatchObject({ from: null, to: CUSTOM });
  expect(await audit()).toBe(before + 1);

  await build(page);
  const built = await readAssertion(page);
  expect(nodeVerifies(built.jwt, publicKeyPem)).toBe(true);
  expect(built.claims.aud).toBe(CUSTOM);
  expect(jtis).not.toContain(built.claims.jti);
  expect(
    (await page.getByLabel("curl for the token endpoint", { exact: true }).textContent())!,
  ).toContain(`-X POST '${CUSTOM}'`);

  // Cleared, the partner's default applies again.
  const cleared = await page.request.put(endpoint, {
    headers: { authorization: `Bearer ${token}` },
    data: { oauthTokenEndpoint: null },
  });
  expect(cleared.status()).toBe(200);
  await page.goto(PAGE);
  await expect(page.getByTestId("token-endpoint")).toHaveText(STAGING);
});

test("a wrong passphrase and a key that is not this page's say so, and nothing is built", async ({
  page,
  context,
  baseURL,
}) => {
  await context.addCookies([{ name: "theme", value: "dark", url: baseURL! }]);
  await page.goto(PAGE);
  await expect(page.locator("html")).toHaveClass(/dark/);
  await build(page, { passphrase: "not the passphrase" });
  await expect(
    page.getByRole("alert").filter({ hasText: "The passphrase does not open this key file." }),
  ).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("assertion-verdict")).toHaveCount(0);

  openssl([
    "genpkey",
    "-algorithm",
    "EC",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-out",
    "other.key",
  ]);
  openssl([
    "pkcs8",
    "-topk8",
    "-in",
    "other.key",
    "-v2",
    "aes-256-cbc",
    "-passout",
    `pass:${PASSPHRASE}`,
    "-out",
    "other.enc.key",
  ]);
  const otherKid = nodeThumbprint(openssl(["pkey", "-in", "other.key", "-pubout"]));
  await build(page, { file: path.join(work, "other.enc.key") });
  await expect(page.getByRole("alert").filter({ hasText: "does not match" })).toHaveText(
    `This private key does not match the onboarded public key of this page: its thumbprint is ${otherKid}, the page's key is ${kid}. Pick the file saved when this key was generated.`,
    { timeout: 20_000 },
  );
  await expect(page.getByTestId("assertion-verdict")).toHaveCount(0);
  await page.getByText("Change the token endpoint").click();
  await page.screenshot({ path: "e2e/.artifacts/client-assertion-dark.png", fullPage: true });
});
