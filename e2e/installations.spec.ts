// Installations end to end (issue 17): two installations of a client certificate, a renewal
// whose deployed step moves them one at a time (the old certificate is not retired while one is
// left on it), and our server's installation proven by the outbound probe: the presented leaf is
// expected, then unexpected once the real TLS server on loopback swaps its certificate.
import tls from "node:tls";
import { X509Certificate } from "node:crypto";
import { test, expect, type Page } from "@playwright/test";
import { makeCaFixtures, type CaFixtures } from "../lib/pki/test-support/ca";
import { makeServerPki, type ServerPki } from "../lib/probe/test-support";
import { createToken, signIn, VIEWER } from "./support/app";
import {
  generateCsrInBrowser,
  importCertificateInBrowser,
  signAsThales,
} from "./support/browser-csr";

test.use({ storageState: "e2e/.artifacts/admin.json" });
test.describe.configure({ mode: "serial" });

const DAY = 86_400_000;
const ENV = "/gateways/MGW_INSTL1/PPR";
let fx: CaFixtures;
let ours: ServerPki;
let other: ServerPki;
let token = "";
let ppr = "";
let server: tls.Server | null = null;

/** A real TLS server on 127.0.0.1:port presenting `cert` (our server, as D1 would reach it). */
async function serve(cert: ServerPki, port = 0): Promise<number> {
  const s = tls.createServer({ key: cert.leafKey, cert: cert.leaf + cert.intermediate }, (socket) =>
    socket.end("ok\n"),
  );
  s.on("tlsClientError", () => {});
  await new Promise<void>((resolve, reject) =>
    s.once("error", reject).listen(port, "127.0.0.1", () => resolve()),
  );
  server = s;
  return (s.address() as { port: number }).port;
}
const stop = () =>
  new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
const fingerprint = (pem: string) =>
  new X509Certificate(pem).fingerprint256.replace(/:/g, "").toLowerCase();

test.beforeAll(async ({ browser }) => {
  fx = makeCaFixtures();
  ours = makeServerPki();
  other = makeServerPki();
  const page = await browser.newPage({ storageState: "e2e/.artifacts/admin.json" });
  token = await createToken(page, "installations-e2e", "admin");
  const headers = { authorization: `Bearer ${token}` };
  const created = await page.request.post("/api/v1/gateways", {
    headers,
    data: { merchantGatewayId: "MGW_INSTL1", name: "Installations gateway" },
  });
  expect(created.status()).toBe(201);
  ppr = (await created.json()).environments.find((e: { code: string }) => e.code === "PPR").id;
  await page.request.post(`/api/v1/environments/${ppr}/trust-stores/client-cert-issuers`, {
    headers: { ...headers, "content-type": "application/x-pem-file" },
    data: fx.issuing + fx.root,
  });
  // Our server chain as handed to Thales: the leaf is what our server is expected to present.
  const chain = await page.request.post(
    `/api/v1/environments/${ppr}/trust-stores/our-server-chain`,
    {
      headers: { ...headers, "content-type": "application/x-pem-file" },
      data: ours.leaf + ours.intermediate + ours.root,
    },
  );
  expect(chain.status()).toBe(201);
  await page.close();
});

test.afterAll(async () => {
  await stop();
  fx?.ssl.cleanup();
  ours?.ssl.cleanup();
  other?.ssl.cleanup();
});

async function addInstallation(
  page: Page,
  fields: {
    systemName: string;
    kind?: string;
    host?: string;
    port?: string;
    location?: string;
    notes?: string;
  },
) {
  await page.getByRole("button", { name: "Add an installation…" }).click();
  const form = page.getByRole("form", { name: "New installation" });
  await form.getByLabel("System name").fill(fields.systemName);
  if (fields.kind) await form.getByLabel("Kind").selectOption(fields.kind);
  if (fields.host) await form.getByLabel(/^Host/).fill(fields.host);
  if (fields.port) await form.getByLabel("Port").fill(fields.port);
  if (fields.location) await form.getByLabel("Path or label").fill(fields.location);
  if (fields.notes) await form.getByLabel("Notes").fill(fields.notes);
  await form.getByRole("button", { name: "Record installation" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: `Recorded ${fields.systemName}.` }),
  ).toBeVisible();
}

test("two installations follow a renewal; the old certificate retires only when neither is left on it", async ({
  page,
}) => {
  // The certificate in service, made the way an operator does it.
  await page.goto(`${ENV}/csrs/new`);
  await generateCsrInBrowser(page, "installations passphrase 1");
  const oldPem = signAsThales(
    fx,
    (await page.getByTestId("csr-pem").textContent())!,
    Date.now() + 120 * DAY,
    "old",
  );
  await importCertificateInBrowser(page, ENV, oldPem);
  await page.goto(ENV);
  await page.getByRole("link", { name: "TLSMA-ECDSA/MGW_INSTL1/PPR" }).click();
  await page.waitForURL(/\/certificates\/[^/]+$/);
  const oldUrl = page.url();

  // Two installations, and one edited (optimistic version): a Java keystore and an HSM label.
  await expect(
    page.getByText("No installation recorded: record where this certificate is deployed"),
  ).toBeVisible();
  await addInstallation(page, {
    systemName: "gw-ppr-a",
    kind: "java-keystore",
    host: "gwa.internal",
    location: "/opt/gw/d1.jks#d1-client",
  });
  await addInstallation(page, {
    systemName: "gw-ppr-b",
    kind: "pkcs11",
    host: "gwb.internal",
    location: "luna-p1/d1-client",
  });
  const installations = page
    .getByRole("list", { name: "Installations" })
    .getByTestId("installation");
  await expect(installations).toHaveCount(2);
  await page.getByRole("button", { name: "Edit gw-ppr-b" }).click();
  await page
    .getByRole("form", { name: "Edit gw-ppr-b" })
    .getByLabel("Notes")
    .fill("HSM partition 1, change CHG-81");
  await page
    .getByRole("form", { name: "Edit gw-ppr-b" })
    .getByRole("button", { name: "Save" })
    .click();
  await expect(installations.filter({ hasText: "gw-ppr-b" })).toContainText(
    "HSM partition 1, change CHG-81",
  );

  // Renew it: new key and CSR, submitted, the new certificate imported.
  await page.getByRole("button", { name: "Start renewal" }).click();
  const steps = page.getByRole("list", { name: "Renewal steps" }).getByRole("listitem");
  await expect(steps.nth(0)).toHaveAttribute("aria-current", "step");
  await page.getByRole("link", { name: "Generate the new CSR" }).click();
  await generateCsrInBrowser(page, "installations passphrase 2");
  await expect(steps.nth(1)).toHaveAttribute("aria-current", "step");
  const renewalUrl = page.url();
  await page.getByRole("button", { name: "Record submission" }).click();
  await expect(steps.nth(2)).toHaveAttribute("aria-current", "step");
  await page
    .getByRole("listitem")
    .filter({ hasText: "1. New key pair and CSR" })
    .getByRole("link")
    .first()
    .click();
  const newPem = signAsThales(
    fx,
    (await page.getByTestId("csr-pem").textContent())!,
    Date.now() + 1826 * DAY,
    "new",
  );
  await importCertificateInBrowser(page, ENV, newPem);
  await page.goto(renewalUrl);
  await expect(steps.nth(3)).toHaveAttribute("aria-current", "step");

  // Deployed, in two passes: naming none is refused; gw-ppr-a first.
  const deployed = steps.nth(3);
  await deployed.getByRole("button", { name: "Confirm deployed" }).click();
  await expect(deployed.getByRole("alert")).toContainText(
    "Say which installations now carry the new certificate: gw-ppr-a (gwa.internal), gw-ppr-b (gwb.internal).",
  );
  await deployed.getByRole("checkbox", { name: /gw-ppr-a/ }).check();
  await deployed.getByRole("button", { name: "Confirm deployed" }).click();
  await expect(steps.nth(4)).toHaveAttribute("aria-current", "step");
  await expect(page.getByTestId("installations-on-old")).toHaveText(
    "Still on the old certificate: gw-ppr-b (gwb.internal) · luna-p1/d1-client.",
  );

  // The old certificate is not retired while gw-ppr-b still carries it.
  await page.getByRole("button", { name: "Retire the old certificate…" }).click();
  await page.getByRole("button", { name: "Confirm: retire it" }).click();
  await expect(steps.nth(4).getByRole("alert")).toHaveText(
    /The old certificate is still installed on gw-ppr-b \(gwb\.internal\)\. Mark it deployed with the new certificate/,
  );
  await expect(page.getByText("This renewal is complete.")).toHaveCount(0);
  const headers = { authorization: `Bearer ${token}` };
  const certs = async () =>
    (await (await page.request.get(`/api/v1/environments/${ppr}/certificates`, { headers })).json())
      .certificates as { id: string; daysLeft: number; state: string }[];
  expect((await certs()).find((c) => c.daysLeft < 200)!.state).not.toBe("superseded");
  await page.screenshot({
    path: "e2e/.artifacts/installations-renewal-refused.png",
    fullPage: true,
  });

  // Second pass: gw-ppr-b too; now it retires.
  await page.getByRole("button", { name: "Not yet" }).click();
  const more = page.getByRole("form", { name: "More installations deployed" });
  await more.getByRole("checkbox", { name: /gw-ppr-b/ }).check();
  await expect(more.getByRole("checkbox", { name: /gw-ppr-b/ })).toBeChecked();
  await page.getByRole("button", { name: "Mark deployed" }).click();
  await expect(page.getByTestId("installations-on-old")).toHaveText(
    "Every recorded installation carries the new certificate (2).",
  );
  await page.getByRole("button", { name: "Retire the old certificate…" }).click();
  await page.getByRole("button", { name: "Confirm: retire it" }).click();
  await expect(page.getByText("This renewal is complete.")).toBeVisible();
  const after = await certs();
  const oldCert = after.find((c) => c.daysLeft < 200)!;
  const newCert = after.find((c) => c.daysLeft > 1800)!;
  expect(oldCert.state).toBe("superseded");
  // Both installations now carry the new certificate; the old one has none left.
  const onNew = await (
    await page.request.get(`/api/v1/certificates/${newCert.id}/installations`, { headers })
  ).json();
  expect(onNew.installations.map((i: { systemName: string }) => i.systemName).sort()).toEqual([
    "gw-ppr-a",
    "gw-ppr-b",
  ]);
  await page.goto(oldUrl);
  await expect(
    page.getByText("No installation recorded: record where this certificate is deployed"),
  ).toBeVisible();
  const moves = await (
    await page.request.get("/api/v1/audit?action=installation.move", { headers })
  ).json();
  expect(moves.events).toHaveLength(2);
});

test("our server's installation shows the leaf it presented at the latest probe: expected, then unexpected after a swap", async ({
  page,
}) => {
  const port = await serve(ours);
  await page.goto(`${ENV}/custody`);
  await expect(page.getByText("No installation of our server is recorded.")).toBeVisible();
  await addInstallation(page, {
    systemName: "edge-ppr",
    host: "127.0.0.1",
    port: String(port),
    location: "haproxy frontend d1",
  });
  const proof = page.getByTestId("server-proof");
  await expect(proof).toHaveAttribute("data-verdict", "not-probed");

  // Probe it (the installation made the outbound target): the presented leaf is the recorded one.
  const headers = { authorization: `Bearer ${token}` };
  const latest = async () =>
    (
      await (
        await page.request.get(`/api/v1/installations?environmentId=${ppr}&serverChain=true`, {
          headers,
        })
      ).json()
    ).installations[0].proof;
  await page.goto(`${ENV}/probes`);
  const card = page.locator("section", {
    has: page.getByRole("heading", { name: `127.0.0.1:${port}` }),
  });
  await card.getByRole("button", { name: `Run now: 127.0.0.1:${port}` }).click();
  await expect(card.getByTestId("probe-reachable")).toContainText("loopback", { timeout: 30_000 });
  // Loopback: not reachable by D1 (ADR 0015), but what it presented is recorded.
  await expect(card.getByTestId("probe-reachable")).toContainText("No:");
  await expect.poll(async () => (await latest()).verdict, { timeout: 30_000 }).toBe("expected");
  const firstResult = (await latest()).probeResultId;
  await page.goto(`${ENV}/custody`);
  await expect(proof).toHaveAttribute("data-verdict", "expected");
  await expect(proof).toContainText(
    "EXPECTED: the leaf our server presented is the one recorded in our server chain.",
  );
  await expect(proof.getByTestId("presented-sha256")).toHaveText(fingerprint(ours.leaf));
  await page.screenshot({
    path: "e2e/.artifacts/installations-proof-expected.png",
    fullPage: true,
  });

  // Our server's certificate is swapped behind our back: same address, another leaf.
  await stop();
  await serve(other, port);
  await page.goto(`${ENV}/probes`);
  await card.getByRole("button", { name: `Run now: 127.0.0.1:${port}` }).click();
  await expect
    .poll(async () => (await latest()).probeResultId, { timeout: 30_000 })
    .not.toBe(firstResult);
  await page.goto(`${ENV}/custody`);
  await expect(proof).toHaveAttribute("data-verdict", "unexpected");
  await expect(proof).toContainText(
    "UNEXPECTED: our server presented a leaf that is not the one recorded in our server chain.",
  );
  await expect(proof.getByTestId("presented-sha256")).toHaveText(fingerprint(other.leaf));
  expect(fingerprint(other.leaf)).not.toBe(fingerprint(ours.leaf));
  await page.screenshot({
    path: "e2e/.artifacts/installations-proof-unexpected.png",
    fullPage: true,
  });

  // The API says the same.
  const listed = await (
    await page.request.get(`/api/v1/installations?environmentId=${ppr}&serverChain=true`, {
      headers,
    })
  ).json();
  expect(listed.installations[0].proof).toMatchObject({
    verdict: "unexpected",
    presentedSha256: fingerprint(other.leaf),
    expectedSha256: [fingerprint(ours.leaf)],
  });
});

test("an admin names a custodian; only that custodian acknowledges, and a viewer edits nothing", async ({
  page,
  browser,
}) => {
  await page.goto(`${ENV}/custody`);
  await expect(page.getByRole("list", { name: "Custody findings" })).toContainText(
    "No custodian for MGW_INSTL1 PPR",
  );
  const choice = page.getByLabel("Name a custodian");
  await choice.selectOption(
    (await choice.locator("option", { hasText: VIEWER.email }).getAttribute("value"))!,
  );
  await page.getByRole("button", { name: "Assign" }).click();
  const custodian = page.getByTestId("custodian").filter({ hasText: VIEWER.email });
  await expect(custodian).toContainText("not acknowledged yet");
  await expect(page.getByText("No custody finding")).toBeVisible();
  // The admin is not the custodian: no acknowledgement for them to make.
  await expect(
    page.getByRole("button", { name: "I acknowledge my duties as custodian" }),
  ).toHaveCount(0);

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const viewer = await context.newPage();
  await signIn(viewer, VIEWER);
  await viewer.goto(`${ENV}/custody`);
  await expect(viewer.getByRole("button", { name: "Add an installation…" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Assign" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /^Edit / })).toHaveCount(0);
  await viewer.getByRole("button", { name: "I acknowledge my duties as custodian" }).click();
  const today = new Date().toISOString().slice(0, 10);
  await expect(viewer.getByTestId("custodian").filter({ hasText: VIEWER.email })).toContainText(
    `acknowledged ${today}`,
  );
  await expect(
    viewer.getByRole("button", { name: "I acknowledge my duties as custodian" }),
  ).toHaveCount(0);
  await viewer.screenshot({
    path: "e2e/.artifacts/installations-custody-viewer.png",
    fullPage: true,
  });
  await context.close();

  const headers = { authorization: `Bearer ${token}` };
  const audit = await (
    await page.request.get("/api/v1/audit?action=custodian.acknowledge", { headers })
  ).json();
  expect(audit.events.map((e: { actorLabel: string }) => e.actorLabel)).toEqual([VIEWER.email]);
});
