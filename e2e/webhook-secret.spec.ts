// The webhook URL is a secret (issue 15): an admin sets it and sees it; a viewer's pages (the HTML
// and the React payload in it), API answers and audit view show its origin only. A metadata or
// link-local host is refused when saved, through the API and through the form, storing nothing.
// The URL points at a closed loopback port: nothing ever leaves the machine.
import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import { VIEWER, auditTotal, createToken, ensureGateway } from "./support/app";

test.describe.configure({ mode: "serial" });
test.use({ storageState: "e2e/.artifacts/admin.json" });

const SECRET = "e2eW3bh00kS3cr3t";
const URL_WITH_SECRET = `http://127.0.0.1:9/services/T000/B000/${SECRET}?sig=${SECRET}sig`;
const GATEWAY = "MGW_000001";
let adminToken = "";
let viewerToken = "";

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function putWebhook(request: APIRequestContext, data: unknown) {
  return request.put(`/api/v1/gateways/${GATEWAY}/webhook`, { headers: auth(adminToken), data });
}

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage({ storageState: "e2e/.artifacts/admin.json" });
  adminToken = await createToken(page, `webhook-admin-${Date.now()}`, "admin");
  viewerToken = await createToken(page, `webhook-viewer-${Date.now()}`, "viewer");
  await ensureGateway(page.request, adminToken);
  await page.close();
});

test.afterAll(async ({ request }) => {
  if (adminToken)
    expect((await putWebhook(request, { url: null, format: "slack" })).status()).toBe(200);
});

test("an admin sets the webhook; the API shows the URL to the admin and only its origin to a viewer", async ({
  request,
}) => {
  const saved = await putWebhook(request, { url: URL_WITH_SECRET, format: "teams" });
  expect(saved.status(), await saved.text()).toBe(200);
  expect(await saved.json()).toMatchObject({
    configured: true,
    origin: "http://127.0.0.1:9/…",
    format: "teams",
    url: URL_WITH_SECRET,
  });
  const asViewer = await request.get(`/api/v1/gateways/${GATEWAY}/webhook`, {
    headers: auth(viewerToken),
  });
  expect(await asViewer.json()).toEqual({
    configured: true,
    origin: "http://127.0.0.1:9/…",
    format: "teams",
  });
  for (const path of [
    "/api/v1/gateways",
    `/api/v1/gateways/${GATEWAY}/webhook`,
    "/api/v1/audit",
    "/api/v1/audit?action=gateway.settings",
    "/api/v1/search?q=MGW",
    "/api/v1/reminders/deliveries",
    "/api/v1/export/certificates.json",
  ]) {
    const body = await (await request.get(path, { headers: auth(viewerToken) })).text();
    expect(body, path).not.toContain(SECRET);
  }
  // The audit record has the origin and the hash, not the URL.
  const audit = await (
    await request.get("/api/v1/audit?action=gateway.settings.update", { headers: auth(adminToken) })
  ).json();
  const summary = JSON.parse(audit.events[0].summary);
  expect(summary.changed.webhookUrl.to.origin).toBe("http://127.0.0.1:9/…");
  expect(summary.changed.webhookUrl.to.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(JSON.stringify(audit)).not.toContain(SECRET);
});

test.describe("a viewer's browser", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  async function signInAsViewer(page: Page) {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(VIEWER.email);
    await page.getByLabel("Password").fill(VIEWER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  }

  test("never receives the webhook URL: gateway page, audit pages, overview (HTML and React payload)", async ({
    page,
  }) => {
    await signInAsViewer(page);
    const seen: string[] = [];
    page.on("response", async (response) => {
      const type = response.headers()["content-type"] ?? "";
      if (/text|json|x-component/.test(type))
        seen.push(`${response.url()}\n${await response.text().catch(() => "")}`);
    });
    await page.goto(`/gateways/${GATEWAY}`);
    await expect(page.getByTestId("webhook-origin")).toHaveText("http://127.0.0.1:9/…");
    await expect(page.getByText("The full URL is a secret: only an admin sees it.")).toBeVisible();
    await expect(page.getByLabel("Webhook URL (Slack or Teams)")).toHaveCount(0);
    await expect(page.getByLabel("Webhook format")).toHaveValue("teams");
    for (const path of [
      "/audit",
      `/gateways/${GATEWAY}/PPR/audit`,
      "/",
      "/gateways",
      `/gateways/${GATEWAY}/PPR`,
      "/reminders",
    ]) {
      await page.goto(path);
      expect(await page.content(), path).not.toContain(SECRET);
    }
    // The audit view shows the change, with its origin.
    await page.goto("/audit?action=gateway.settings.update");
    await expect(page.getByText("http://127.0.0.1:9/…").first()).toBeVisible();
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.filter((s) => s.includes(SECRET)).map((s) => s.split("\n")[0])).toEqual([]);
  });
});

test("an admin sees the URL in the form; a metadata host is refused there and through the API, storing nothing", async ({
  page,
  request,
}) => {
  await page.goto(`/gateways/${GATEWAY}`);
  const field = page.getByLabel("Webhook URL (Slack or Teams)");
  await expect(field).toHaveValue(URL_WITH_SECRET);
  // The control for the viewer test: the same page's HTML does carry the URL when an admin asks.
  expect(await (await page.request.get(`/gateways/${GATEWAY}`)).text()).toContain(SECRET);
  const before = await auditTotal(request, adminToken);

  await field.fill("http://169.254.169.254/latest/meta-data/iam/security-credentials/");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(
    page.getByText(/Webhook host refused: 169\.254\.169\.254 is a cloud metadata address/),
  ).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Webhook URL (Slack or Teams)")).toHaveValue(URL_WITH_SECRET);

  for (const [url, message] of [
    [
      "https://metadata.google.internal/computeMetadata/v1/",
      /metadata\.google\.internal is a cloud metadata service/,
    ],
    ["http://[fd00:ec2::254]/latest", /AWS IPv6 metadata address/],
    ["http://169.254.1.1/hook", /link-local/],
  ] as const) {
    const refused = await putWebhook(request, { url, format: "slack" });
    expect(refused.status(), url).toBe(422);
    const body = await refused.json();
    expect(body.error).toMatchObject({
      code: "webhook_host_refused",
      fields: { url: expect.stringMatching(message) },
    });
  }
  const notHttp = await putWebhook(request, { url: "file:///etc/passwd" });
  expect(notHttp.status()).toBe(422);
  expect((await notHttp.json()).error.code).toBe("webhook_url_invalid");

  expect(await auditTotal(request, adminToken), "nothing was audited").toBe(before);
  const still = await (
    await request.get(`/api/v1/gateways/${GATEWAY}/webhook`, { headers: auth(adminToken) })
  ).json();
  expect(still).toMatchObject({ url: URL_WITH_SECRET, format: "teams" });
});
