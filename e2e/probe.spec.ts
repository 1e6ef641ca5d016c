// The TLS probe end to end: an admin adds a loopback target pointing at a TLS server this test
// starts (Node's tls, in the Playwright process), runs it from the UI and reads the TLS versions
// and the chain verdict; as an outbound target the same server is not reachable by D1 (loopback)
// and names a client CA beyond the Thales one; a server without mutual TLS leaves the checklist's
// TLS item open, with the reason; a viewer sees the result but no add form and no Run button.
import { test, expect, type Page } from "@playwright/test";
import { createToken, signIn, VIEWER } from "./support/app";
import {
  makeServerPki,
  startNodeTlsServer,
  type RunningServer,
  type ServerPki,
} from "../lib/probe/test-support";

test.use({ storageState: "e2e/.artifacts/admin.json" });
test.describe.configure({ mode: "serial" });

const PROBES = "/gateways/MGW_PROBE1/PPR/probes";
let pki: ServerPki;
let server: RunningServer;
let plain: RunningServer;
let token = "";
let ppr = "";
let prd = "";

test.beforeAll(async ({ browser }) => {
  pki = makeServerPki();
  // Like D1's server: TLS 1.2 and 1.3, demands a client certificate, chain leaf + intermediate.
  // It also names a CA other than the Thales one among the client CAs it accepts.
  server = await startNodeTlsServer({
    key: pki.leafKey,
    cert: pki.leaf + pki.intermediate,
    requestCert: true,
    rejectUnauthorized: true,
    ca: [pki.clientIssuing, pki.otherRoot],
  });
  plain = await startNodeTlsServer({ key: pki.leafKey, cert: pki.leaf + pki.intermediate });
  const page = await browser.newPage();
  token = await createToken(page, "probe-e2e", "admin");
  const headers = { authorization: `Bearer ${token}` };
  const created = await page.request.post("/api/v1/gateways", {
    headers,
    data: { merchantGatewayId: "MGW_PROBE1", name: "Probe gateway" },
  });
  expect(created.status()).toBe(201);
  const environments: { code: string; id: string }[] = (await created.json()).environments;
  ppr = environments.find((e) => e.code === "PPR")!.id;
  prd = environments.find((e) => e.code === "PRD")!.id;
  // The test root stands in for the Amazon roots of D1's server.
  const trusted = await page.request.post(
    `/api/v1/environments/${ppr}/trust-stores/d1-server-roots`,
    { headers: { ...headers, "content-type": "application/x-pem-file" }, data: pki.root },
  );
  expect(trusted.status()).toBe(201);
  await page.close();
});

test.afterAll(async () => {
  await server?.close();
  await plain?.close();
  pki?.ssl.cleanup();
});

async function screenshots(page: Page, name: string) {
  await page.screenshot({ path: `e2e/.artifacts/${name}-light.png`, fullPage: true });
  await page.context().addCookies([{ name: "theme", value: "dark", url: page.url() }]);
  await page.reload();
  await page.screenshot({ path: `e2e/.artifacts/${name}-dark.png`, fullPage: true });
  await page.context().clearCookies({ name: "theme" });
}

test("an admin adds a loopback target, runs it from the UI and sees the TLS versions and the chain verdict", async ({
  page,
}) => {
  await page.goto(PROBES);
  await expect(
    page
      .getByRole("navigation", { name: "Environment sections" })
      .getByRole("link", { name: "Probes" }),
  ).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("No probe targets yet")).toBeVisible();

  // A metadata address is refused with the reason, and nothing is added.
  await page.getByLabel("Host", { exact: true }).fill("169.254.169.254");
  await page.getByRole("button", { name: "Add target" }).click();
  await expect(
    page.getByText(
      "169.254.169.254 is a cloud metadata address: a probe there could read the server's cloud credentials. It is refused.",
    ),
  ).toBeVisible();
  await expect(page.getByLabel("Host", { exact: true })).toHaveValue("169.254.169.254");

  await page.getByRole("radio", { name: /Inbound/ }).check();
  await page.getByLabel("Host", { exact: true }).fill("localhost");
  await page.getByLabel("Port").fill(String(server.port));
  await page.getByRole("button", { name: "Add target" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: `Added localhost:${server.port}` }),
  ).toBeVisible();
  const card = page.locator("section", {
    has: page.getByRole("heading", { name: `localhost:${server.port}` }),
  });
  await expect(card.getByText("Not probed yet.")).toBeVisible();

  await card.getByRole("button", { name: `Run now: localhost:${server.port}` }).click();
  await expect(card.getByTestId("probe-tls13")).toContainText("TLSv1.3", { timeout: 30_000 });
  await expect(card.getByTestId("probe-tls12")).toContainText("TLSv1.2");
  await expect(card.getByTestId("probe-chain")).toHaveText(
    "verified against the d1-server-roots store",
  );
  await expect(card.getByTestId("probe-client-cert")).toHaveText(
    "Required: the server refuses to go on without one",
  );
  await expect(card.getByText("Passed", { exact: true })).toBeVisible();
  await expect(
    card.getByText("The chain verifies against the d1-server-roots store for localhost."),
  ).toBeVisible();
  await expect(
    card.getByRole("cell", { name: "C=FR, O=Probe Test, CN=Probe Test Issuing CA" }).first(),
  ).toBeVisible();
  await expect(card.getByText(/Thales Test Client CA/)).toBeVisible(); // an acceptable client CA name, read by openssl

  // The same evidence through the API.
  const headers = { authorization: `Bearer ${token}` };
  const listed = await (
    await page.request.get(`/api/v1/environments/${ppr}/probes`, { headers })
  ).json();
  expect(listed.targets).toHaveLength(1);
  expect(listed.targets[0]).toMatchObject({
    direction: "inbound",
    host: "localhost",
    port: server.port,
    latest: {
      ok: true,
      report: {
        tls12: { ok: true },
        tls13: { ok: true },
        chain: { verified: true, verifiedAgainst: "d1-server-roots" },
        clientCertRequired: true,
        reachable: true,
        timedOut: false,
      },
    },
  });
  const results = await (
    await page.request.get(`/api/v1/environments/${ppr}/probes/${listed.targets[0].id}/results`, {
      headers,
    })
  ).json();
  expect(results.total).toBe(1);
  for (const action of ["probe_target.add", "probe.run"]) {
    const audit = await (
      await page.request.get(`/api/v1/audit?action=${action}`, { headers })
    ).json();
    expect(
      audit.events.map((e: { objectId: string }) => e.objectId),
      action,
    ).toContain(listed.targets[0].id);
  }

  // Our own server as an outbound target, added through the API: a private CA, so the chain does
  // not verify against Mozilla's roots, and the finding says what Thales needs instead.
  const thales = await page.request.post(
    `/api/v1/environments/${ppr}/trust-stores/thales-client-ca`,
    { headers: { ...headers, "content-type": "application/x-pem-file" }, data: pki.clientIssuing },
  );
  expect(thales.status()).toBe(201);
  const added = await page.request.post(`/api/v1/environments/${ppr}/probes`, {
    headers,
    data: { direction: "outbound", host: "127.0.0.1", port: server.port },
  });
  expect(added.status()).toBe(201);
  await page.reload();
  const outbound = page.locator("section", {
    has: page.getByRole("heading", { name: `127.0.0.1:${server.port}` }),
  });
  await outbound.getByRole("button", { name: `Run now: 127.0.0.1:${server.port}` }).click();
  await expect(outbound.getByText("Failed", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(outbound.getByTestId("probe-chain")).toHaveText(
    "does not verify against Mozilla's roots",
  );
  await expect(
    outbound.getByText(
      /Does not verify against Mozilla's roots: the chain does not lead to a root in this trust store/,
    ),
  ).toBeVisible();
  await expect(
    outbound.getByText("Our server demands a client certificate (mutual TLS)."),
  ).toBeVisible();
  // Loopback: probed whole, but D1 connects over the internet.
  await expect(outbound.getByTestId("probe-reachable")).toHaveText(
    "No: 127.0.0.1 is a loopback address, and D1 connects over the internet",
  );
  await expect(outbound.locator('[data-finding="unreachable-private-address"]')).toHaveText(
    /Not reachable by D1: The probe reached our server at 127\.0\.0\.1, a loopback address .* D1 connects over the internet and cannot reach a loopback address/,
  );
  await expect(outbound.getByTestId("probe-tls13")).toContainText("TLSv1.3");
  // "Endorse only the Thales Client CA": the other CA is flagged by name, the Thales one is not.
  const names = outbound.getByTestId("probe-ca-names");
  await expect(
    names.getByRole("listitem").filter({ hasText: "CN=Thales Test Client CA" }),
  ).toContainText("in thales-client-ca");
  await expect(
    names.getByRole("listitem").filter({ hasText: "CN=Unrelated Root CA" }),
  ).toContainText("not in thales-client-ca");
  await expect(outbound.locator('[data-finding="extra-client-ca"]')).toContainText(
    "Our server also accepts client certificates issued by C=US, O=Somebody Else, CN=Unrelated Root CA, which is not in the thales-client-ca store. The partner says to endorse only the Thales Client CA: remove this CA from the server's client CA list.",
  );
  const outboundApi = (
    await (await page.request.get(`/api/v1/environments/${ppr}/probes`, { headers })).json()
  ).targets.find((x: { direction: string }) => x.direction === "outbound");
  expect(outboundApi.latest.report).toMatchObject({
    reachable: false,
    connected: true,
    addressScope: "loopback",
    thalesClientCaAccepted: { extra: ["C=US, O=Somebody Else, CN=Unrelated Root CA"] },
  });
  expect(outboundApi.latest.findings.map((f: { code: string }) => f.code)).toEqual(
    expect.arrayContaining([
      "unreachable-private-address",
      "extra-client-ca",
      "client-cert-required",
    ]),
  );

  await screenshots(page, "probes-admin");
});

test("our server without mutual TLS: the probe says so, and the checklist's TLS item stays open with the reason", async ({
  page,
}) => {
  const headers = { authorization: `Bearer ${token}` };
  const added = await page.request.post(`/api/v1/environments/${prd}/probes`, {
    headers,
    data: { direction: "outbound", host: "127.0.0.1", port: plain.port },
  });
  expect(added.status()).toBe(201);
  await page.goto("/gateways/MGW_PROBE1/PRD/probes");
  const card = page.locator("section", {
    has: page.getByRole("heading", { name: `127.0.0.1:${plain.port}` }),
  });
  await card.getByRole("button", { name: `Run now: 127.0.0.1:${plain.port}` }).click();
  await expect(card.getByTestId("probe-client-cert")).toHaveText("Not requested", {
    timeout: 30_000,
  });
  await expect(card.getByTestId("probe-tls12")).toContainText("TLSv1.2");
  await expect(card.locator('[data-finding="client-cert-not-requested"]')).toContainText(
    "Our server does not ask for a client certificate: D1 calls us with mutual TLS, so the server must demand one issued by the Thales Client CA.",
  );
  await expect(card.locator('[data-finding="tls-item-needs-mutual-tls"]')).toContainText(
    "The checklist item “Our server speaks TLS 1.2/1.3” stays open: the partner requires mutual authentication, and this probe did not see our server demand a client certificate.",
  );

  await page.goto("/gateways/MGW_PROBE1/PRD/checklist");
  const item = page.locator('li[data-item="outbound.tls"]');
  await expect(item.getByText("open", { exact: true })).toBeVisible();
  await expect(page.getByTestId("open-reason-outbound.tls")).toHaveText(
    `Not proven yet: Probe of 127.0.0.1:${plain.port}: TLS works, but our server does not demand a client certificate, and the partner requires mutual authentication.`,
  );
  const checklist = await (
    await page.request.get(`/api/v1/environments/${prd}/checklist`, { headers })
  ).json();
  expect(checklist.items.find((i: { id: string }) => i.id === "outbound.tls")).toMatchObject({
    done: false,
    evidence: null,
    openReason: expect.stringContaining("does not demand a client certificate"),
  });
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
  for (const version of await page.getByTestId("probe-tls13").all())
    await expect(version).toContainText("TLSv1.3");
  await expect(page.getByText("Passed", { exact: true })).toBeVisible();
  await expect(page.getByText("Failed", { exact: true })).toBeVisible();
  await screenshots(page, "probes-viewer");
  await context.close();
});
