// A reminder reaching the people who must act, end to end: a second app instance with its own
// database, a real SMTP server and a real webhook receiver on loopback, and the in-process
// scheduler. A certificate 5 days from expiry gets its email, its webhook and its bell; an
// acknowledgement in the browser stops the reminders about that date, and is audited.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect } from "@playwright/test";
import { adminCli, startServer, type RunningServer } from "./support/spawn-server";
import { mailSubject, mimePart, startSmtpServer, startWebhookServer } from "../lib/testing/peers";
import { OpenSslDir, opensslSubj } from "../lib/pki/test-support/openssl";
import { nameCustodian } from "./support/custodians";

test.describe.configure({ mode: "serial" });
test.use({ storageState: { cookies: [], origins: [] } });

const PORT = 3231;
const OPS = { email: "ops-lead@example.com", password: "reminder e2e password 1" };
let dataDir = "";
let server: RunningServer;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let hook: Awaited<ReturnType<typeof startWebhookServer>>;
let token = "";
let ppr = "";
let certificateId = "";

/** A client certificate that expires in `days` days, from a throwaway CA. */
function certificateExpiringIn(days: number): string {
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
      "/CN=Reminder e2e CA",
      "-days",
      "30",
      "-out",
      "ca.pem",
    ]);
    ssl.run([
      "genpkey",
      "-algorithm",
      "EC",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-out",
      "leaf.key",
    ]);
    ssl.run([
      "req",
      "-new",
      "-key",
      "leaf.key",
      "-subj",
      opensslSubj({ CN: "TLSMA-ECDSA/MGW_REMIND/PPR" }),
      "-out",
      "leaf.csr",
    ]);
    ssl.write(
      "leaf.ext",
      "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n",
    );
    ssl.run([
      "x509",
      "-req",
      "-in",
      "leaf.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-days",
      String(days),
      "-extfile",
      "leaf.ext",
      "-out",
      "leaf.pem",
    ]);
    return ssl.read("leaf.pem");
  } finally {
    ssl.cleanup();
  }
}

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-reminders-e2e-"));
  const env = { DATA_DIR: dataDir, DATABASE_URL: "" };
  adminCli(
    ["user", "create", "--email", OPS.email, "--password", OPS.password, "--role", "admin"],
    env,
  );
  token = adminCli(["token", "create", "--name", "reminder-e2e", "--role", "admin"], env);
  smtp = await startSmtpServer();
  hook = await startWebhookServer();
  // The scheduler's first sweep comes 15 s after start, then every 10 s.
  server = await startServer(PORT, {
    ...env,
    SMTP_URL: smtp.url,
    MAIL_FROM: "D1 dashboard <d1@example.com>",
    REMINDERS_INTERVAL_SECONDS: "10",
  });
  const headers = { authorization: `Bearer ${token}` };
  const created = await fetch(`${server.url}/api/v1/gateways`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ merchantGatewayId: "MGW_REMIND", name: "Reminder gateway" }),
  });
  expect(created.status).toBe(201);
  const environments = (await created.json()).environments as { id: string; code: string }[];
  ppr = environments.find((e) => e.code === "PPR")!.id;
  // The ops lead keeps both environments (before the first sweep, 15 s after start): no "no
  // custodian" finding, and as custodian they receive the environment's reminders too.
  await nameCustodian(
    server.url,
    token,
    OPS.email,
    environments.map((e) => e.id),
  );
});

test.afterAll(async () => {
  await server?.stop();
  await smtp?.close();
  await hook?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("a certificate 5 days from expiry is reminded once by email, webhook and bell; acknowledging stops it", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(OPS.email);
  await page.getByLabel("Password").fill(OPS.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

  // The recipients and the webhook, set where an admin sets them.
  await page.goto(`${server.url}/gateways/MGW_REMIND`);
  await page.getByLabel("Email recipients").fill("card-ops@example.com, pki-lead@example.com");
  await page.getByLabel("Webhook URL (Slack or Teams)").fill(hook.url);
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();

  const imported = await fetch(`${server.url}/api/v1/environments/${ppr}/certificates`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/x-pem-file" },
    body: certificateExpiringIn(5),
  });
  expect(imported.status).toBe(201);
  certificateId = (await imported.json()).id;

  // Two dates are due: the expiry (7-day threshold crossed) and start-renewal-by (long past).
  await expect
    .poll(() => smtp.received.length, { timeout: 60_000, message: "emails from the scheduler" })
    .toBe(2);
  await expect.poll(() => hook.received.length, { timeout: 30_000 }).toBe(2);
  for (const mail of smtp.received) {
    expect(mail.to.sort()).toEqual(["card-ops@example.com", OPS.email, "pki-lead@example.com"]);
    expect(mailSubject(mail.raw)).toContain("TLSMA-ECDSA/MGW_REMIND/PPR");
    expect(mimePart(mail.raw, "text/plain")).toContain(
      `/gateways/MGW_REMIND/PPR/certificates/${certificateId}`,
    );
  }
  const subjects = smtp.received.map((m) => mailSubject(m.raw)).sort();
  expect(subjects[0]).toMatch(/^Certificate expiry \d{4}-\d\d-\d\d \(in [45] days\): /);
  expect(subjects[1]).toMatch(/^Start renewal by \d{4}-\d\d-\d\d \(overdue\): /);
  for (const received of hook.received)
    expect(String(received.body.text)).toContain("TLSMA-ECDSA/MGW_REMIND/PPR");

  // The bell counts them; its list links to the certificate.
  await page.goto(`${server.url}/notifications`);
  await expect(page.getByRole("link", { name: "Notifications: 2 unread" })).toBeVisible();
  await page.getByRole("link", { name: "Open" }).first().click();
  await expect(page.getByTestId("reminders-expiry")).toContainText(
    /Next reminder|daily while overdue/,
  );

  // Acknowledge the expiry reminders: said on the page, no button left, audited.
  await page.getByTestId("reminders-expiry").getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByTestId("reminders-expiry")).toContainText(`Acknowledged by ${OPS.email}`);
  await expect(
    page.getByTestId("reminders-expiry").getByRole("button", { name: "Acknowledge" }),
  ).toHaveCount(0);
  const audit = await (
    await fetch(`${server.url}/api/v1/audit?action=reminder.acknowledge`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json();
  expect(JSON.stringify(audit)).toContain("reminder.acknowledge");

  // Later sweeps (two more run within 25 s) send nothing again: each reminder went out once.
  await page.waitForTimeout(25_000);
  expect(smtp.received).toHaveLength(2);
  expect(hook.received).toHaveLength(2);
  const log = (await (
    await fetch(`${server.url}/api/v1/reminders/deliveries?certificateId=${certificateId}`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as { deliveries: { channel: string; status: string }[] };
  expect(log.deliveries.map((d) => `${d.channel}:${d.status}`).sort()).toEqual([
    "email:sent",
    "email:sent",
    "in-app:sent",
    "in-app:sent",
    "webhook:sent",
    "webhook:sent",
  ]);
  await page.screenshot({ path: "e2e/.artifacts/reminder-acknowledged.png", fullPage: true });
});
