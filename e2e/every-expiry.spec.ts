// Issue 17 item 3 end to end (ADR 0023): a second app instance with its own database, a real SMTP
// server and a real webhook receiver on loopback, and the in-process scheduler. A Thales Client CA
// that expires in 20 days, added to its trust store through the API, is reminded by email, webhook
// and bell, each reminder once, across later sweeps and a restart of the app on the same data.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect } from "@playwright/test";
import { adminCli, freePort, startServer, type RunningServer } from "./support/spawn-server";
import { mailSubject, mimePart, startSmtpServer, startWebhookServer } from "../lib/testing/peers";
import { OpenSslDir } from "../lib/pki/test-support/openssl";
import { nameCustodian } from "./support/custodians";

test.describe.configure({ mode: "serial" });
test.use({ storageState: { cookies: [], origins: [] } });

const OPS = { email: "ca-watch@example.com", password: "every expiry e2e password 1" };
let dataDir = "";
let env: Record<string, string> = {};
let server: RunningServer;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let hook: Awaited<ReturnType<typeof startWebhookServer>>;
let token = "";
let port = 0;

/** A self-signed CA certificate that expires in `days` days. */
function caExpiringIn(days: number): string {
  const ssl = new OpenSslDir();
  try {
    ssl.run([
      "genpkey",
      "-algorithm",
      "EC",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-out",
      "ca.key",
    ]);
    ssl.run([
      "req",
      "-x509",
      "-new",
      "-key",
      "ca.key",
      "-subj",
      "/CN=Thales Client CA E2E",
      "-days",
      String(days),
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
      "-out",
      "ca.pem",
    ]);
    return ssl.read("ca.pem");
  } finally {
    ssl.cleanup();
  }
}

const start = () =>
  startServer(port, {
    ...env,
    SMTP_URL: smtp.url,
    MAIL_FROM: "D1 dashboard <d1@example.com>",
    REMINDERS_INTERVAL_SECONDS: "10",
  });

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-every-expiry-e2e-"));
  env = { DATA_DIR: dataDir, DATABASE_URL: "" };
  adminCli(
    ["user", "create", "--email", OPS.email, "--password", OPS.password, "--role", "admin"],
    env,
  );
  token = adminCli(["token", "create", "--name", "every-expiry-e2e", "--role", "admin"], env);
  [smtp, hook, port] = await Promise.all([startSmtpServer(), startWebhookServer(), freePort()]);
  server = await start();
});

test.afterAll(async () => {
  await server?.stop();
  await smtp?.close();
  await hook?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("a Thales Client CA 20 days from expiry: each reminder once by email, webhook and bell, across sweeps and a restart", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const created = await fetch(`${server.url}/api/v1/gateways`, {
    method: "POST",
    headers,
    body: JSON.stringify({ merchantGatewayId: "MGW_CAWTCH", name: "CA watch gateway" }),
  });
  expect(created.status).toBe(201);
  const gateway = await created.json();
  const prd = gateway.environments.find((e: { code: string }) => e.code === "PRD").id;
  // The admin keeps both environments: no "no custodian" finding (lib/reminder/targets.test.ts
  // covers that one), and as custodian they receive the CA's reminders beside the gateway's list.
  await nameCustodian(
    server.url,
    token,
    OPS.email,
    gateway.environments.map((e: { id: string }) => e.id),
  );
  const settings = await (
    await fetch(`${server.url}/api/v1/gateways/${gateway.id}`, { headers })
  ).json();
  const {
    id: _i,
    merchantGatewayId: _m,
    webhookConfigured: _w,
    environments: _e,
    ...form
  } = settings;
  expect(
    (
      await fetch(`${server.url}/api/v1/gateways/${gateway.id}`, {
        method: "PUT",
        headers,
        body: JSON.stringify({ ...form, reminderEmails: ["pki-lead@example.com"] }),
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await fetch(`${server.url}/api/v1/gateways/${gateway.id}/webhook`, {
        method: "PUT",
        headers,
        body: JSON.stringify({ url: hook.url }),
      })
    ).status,
  ).toBe(200);

  const added = await fetch(
    `${server.url}/api/v1/environments/${prd}/trust-stores/thales-client-ca`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-pem-file" },
      body: caExpiringIn(20),
    },
  );
  expect(added.status).toBe(201);

  // Two dates are due, the expiry (30-day threshold crossed) and the start-by date (90 days' lead:
  // passed), but an entry gets one reminder per sweep: the start-by one, which states the expiry.
  await expect
    .poll(() => smtp.received.length, { timeout: 60_000, message: "emails from the scheduler" })
    .toBe(1);
  await expect.poll(() => hook.received.length, { timeout: 30_000 }).toBe(1);
  expect(mailSubject(smtp.received[0]!.raw)).toMatch(
    /^Thales Client CA: start replacing by \d{4}-\d\d-\d\d \(overdue\): CN=Thales Client CA E2E · MGW_CAWTCH PRD$/,
  );
  for (const mail of smtp.received) {
    expect([...mail.to].sort()).toEqual([OPS.email, "pki-lead@example.com"]);
    expect(mimePart(mail.raw, "text/plain")).toMatch(/ask Thales for the new Client CA/i);
    expect(mimePart(mail.raw, "text/plain")).toMatch(
      /Expires: \d{4}-\d\d-\d\d \((19|20) days left\)/,
    );
  }
  for (const received of hook.received)
    expect(received.body).toMatchObject({
      trustStoreEntry: { store: "thales-client-ca", subjectDn: "CN=Thales Client CA E2E" },
      environment: "PRD",
    });

  // The bell names it and leads to the trust stores.
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(OPS.email);
  await page.getByLabel("Password").fill(OPS.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await page.goto(`${server.url}/notifications`);
  await expect(page.getByRole("link", { name: "Notifications: 1 unread" })).toBeVisible();
  await expect(
    page.getByText(/Thales Client CA: start replacing by .*CN=Thales Client CA E2E/).first(),
  ).toBeVisible();
  await page.getByRole("link", { name: "Open" }).first().click();
  await expect(page).toHaveURL(/\/gateways\/MGW_CAWTCH\/PRD\/trust-stores$/);
  await page.screenshot({ path: "e2e/.artifacts/every-expiry-trust-stores.png", fullPage: true });

  // Later sweeps (two more within 25 s), then a restart on the same data and its sweeps: nothing again.
  await page.waitForTimeout(25_000);
  await server.stop();
  server = await start();
  await page.waitForTimeout(35_000); // first sweep 15 s after start, then every 10 s
  expect(smtp.received).toHaveLength(1);
  expect(hook.received).toHaveLength(1);
  const log = (await (
    await fetch(`${server.url}/api/v1/reminders/deliveries`, { headers })
  ).json()) as { deliveries: { channel: string; status: string; target: { kind: string } }[] };
  expect(
    log.deliveries
      .filter((d) => d.target.kind === "trust-store-entry")
      .map((d) => `${d.channel}:${d.status}`)
      .sort(),
  ).toEqual(["email:sent", "in-app:sent", "webhook:sent"]);
});
