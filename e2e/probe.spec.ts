// The TLS probe end to end: an admin adds a loopback target pointing at a TLS server this test
// starts (Node's tls, in the Playwright process), runs it from the UI and reads the TLS versions
// and the chain verdict; a viewer sees the result but no add form and no Run button.
import { test, expect, type Page } from "@playwright/test";
import { createToken, signIn, VIEWER } from "./support/app";
import { makeServerPki, startNodeTlsServer, type RunningServer, type ServerPki } from "../lib/probe/test-support";

test.use({ storageState: "e2e/.artifacts/admin.json" });
test.describe.configure({ mode: "serial" });

const PROBES = "/gateways/MGW_PROBE1/PPR/probes";
let pki: ServerPki;
let server: RunningServer;
let token = "";
let ppr = "";

test.beforeAll(async ({ browser }) => {
  pki = makeServerPki();
  // Like D1's server: TLS 1.2 and 1.3, demands a client certificate, chain leaf + intermediate.
  server = await startNodeTlsServer({ key: pki.leafKey, cert: pki.leaf + pki.intermediate, requestCert: true, rejectUnauthorized: true, ca: [pki.clientIssuing] });
  const page = await browser.newPage();
  token = await createToken(page, "probe-e2e", "admin");
  const headers = { authorization: `Bearer ${token}` };
  const created = await page.request.post("/api/v1/gateways", { headers, data: { merchantGatewayId: "MGW_PROBE1", name: "Probe gateway" } });
  expect(created.status()).toBe(201);
  ppr = (await created.json()).environments.find((e: { code: string }) => e.code === "PPR").id;
  // The test root stands in for the Amazon roots of D1's server.
  const trusted = await page.request.post(`/api/v1/environments/${ppr}/trust-stores/d1-server-roots`, { headers: { ...headers, "content-type": "application/x-pem-file" }, data: pki.root });
  expect(trusted.status()).toBe(201);
  await page.close();
});

test.afterAll(async () => {
  await server?.close();
  pki?.ssl.cleanup();
});

async function screenshots(page: Page, name: string) {
  await page.screenshot({ path: `e2e/.artifacts/${name}-light.png`, fullPage: true });
  await page.context().addCookies([{ name: "theme", value: "dark", url: page.url() }]);
  await page.reload();
  await page.screenshot({ path: `e2e/.artifacts/${name}-dark.png`, fullPage: true });
  await page.context().clearCookies({ name: "theme" });
}

test("an admin adds a loopback target, runs it from the UI and sees the TLS versions and the chain verdict", async ({ page }) => {
  await page.goto(PROBES);
  await expect(page.getByRole("navigation", { name: "Environment sections" }).getByRole("link", { name: "Probes" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("No probe targets yet")).toBeVisible();

  // A metadata address is refused with the reason, and nothing is added.
  await page.getByLabel("Host", { exact: true }).fill("169.254.169.254");
  await page.getByRole("button", { name: "Add target" }).click();
  await expect(page.getByText("169.254.169.254 is a cloud metadata address: a probe there could read the server's cloud credentials. It is refused.")).toBeVisible();
  await expect(page.getByLabel("Host", { exact: true })).toHaveValue("169.254.169.254");

  await page.getByRole("radio", { name: /Inbound/ }).check();
  await page.getByLabel("Host", { exact: true }).fill("localhost");
  await page.getByLabel("Port").fill(String(server.port));
  await page.getByRole("button", { name: "Add target" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Added localhost:${server.port}` })).toBeVisible();
  const card = page.locator("section", { has: page.getByRole("heading", { name: `localhost:${server.port}` }) });
  await expect(card.getByText("Not probed yet.")).toBeVisible();

  await card.getByRole("button", { name: `Run now: localhost:${server.port}` }).click();
  await expect(card.getByTestId("probe-tls13")).toContainText("TLSv1.3", { timeout: 30_000 });
  await expect(card.getByTestId("probe-tls12")).toContainText("TLSv1.2");
  await expect(card.getByTestId("probe-chain")).toHaveText("verified against the d1-server-roots store");
  await expect(card.getByTestId("probe-client-cert")).toHaveText("Required: the server refuses to go on without one");
  await expect(card.getByText("Passed", { exact: true })).toBeVisible();
  await expect(card.getByText("The chain verifies against the d1-server-roots store for localhost.")).toBeVisible();
  await expect(card.getByRole("cell", { name: "C=FR, O=Probe Test, CN=Probe Test Issuing CA" }).first()).toBeVisible();
  await expect(card.getByText(/Thales Test Client CA/)).toBeVisible(); // an acceptable client CA name, read by openssl

  // The same evidence through the API.
  const headers = { authorization: `Bearer ${token}` };
  const listed = await (await page.request.get(`/api/v1/environments/${ppr}/probes`, { headers })).json();
  expect(listed.targets).toHaveLength(1);
  expect(listed.targets[0]).toMatchObject({ direction: "inbound", host: "localhost", port: server.port, latest: { ok: true, report: { tls12: { ok: true }, tls13: { ok: true }, chain: { verified: true, verifiedAgainst: "d1-server-roots" }, clientCertRequired: true, reachable: true, timedOut: false } } });
  const results = await (await page.request.get(`/api/v1/environments/${ppr}/probes/${listed.targets[0].id}/results`, { headers })).json();
  expect(results.total).toBe(1);
  for (const action of ["probe_target.add", "probe.run"]) {
    const audit = await (await page.request.get(`/api/v1/audit?action=${action}`, { headers })).json();
    expect(audit.events.map((e: { objectId: string }) => e.objectId), action).toContain(listed.targets[0].id);
  }

  // Our own server as an outbound target, added through the API: a private CA, so the chain does
  // not verify against Mozilla's roots, and the finding says what Thales needs instead.
  const added = await page.request.post(`/api/v1/environments/${ppr}/probes`, { headers, data: { direction: "outbound", host: "127.0.0.1", port: server.port } });
  expect(added.status()).toBe(201);
  await page.reload();
  const outbound = page.locator("section", { has: page.getByRole("heading", { name: `127.0.0.1:${server.port}` }) });
  await outbound.getByRole("button", { name: `Run now: 127.0.0.1:${server.port}` }).click();
  await expect(outbound.getByText("Failed", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(outbound.getByTestId("probe-chain")).toHaveText("does not verify against Mozilla's roots");
  await expect(outbound.getByText(/Does not verify against Mozilla's roots: the chain does not lead to a root in this trust store/)).toBeVisible();
  await expect(outbound.getByText("Our server demands a client certificate (mutual TLS).")).toBeVisible();

  await screenshots(page, "probes-admin");
});

test("a viewer sees the results, but no add form and no Run button", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, VIEWER);
  await page.goto(PROBES);
  await expect(page.getByText("Only an admin can add or remove probe targets.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Add a target" })).toHaveCount(0);
  await expect(page.getByLabel("Host", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Run now/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Remove/ })).toHaveCount(0);
  await expect(page.getByTestId("probe-tls13")).toHaveCount(2);
  for (const version of await page.getByTestId("probe-tls13").all()) await expect(version).toContainText("TLSv1.3");
  await expect(page.getByText("Passed", { exact: true })).toBeVisible();
  await expect(page.getByText("Failed", { exact: true })).toBeVisible();
  await screenshots(page, "probes-viewer");
  await context.close();
});
