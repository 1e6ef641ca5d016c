// Inventory exports (CSV and JSON) through the API and from the pages, and the admin's backup
// download. See lib/export and lib/backup.
import crypto from "node:crypto";
import fs from "node:fs";
import { test, expect, type APIRequestContext } from "@playwright/test";
import { VIEWER, auditTotal, createToken, signIn } from "./support/app";
import { OpenSslDir } from "../lib/pki/test-support/openssl";
import { parseCsvRecords } from "../lib/testing/csv";

const ADMIN_STATE = "e2e/.artifacts/admin.json";
const NO_COOKIES = { cookies: [], origins: [] };
test.use({ storageState: ADMIN_STATE });

// Its own gateway each run (a worker restarted after a failure runs beforeAll again).
const MGW = `EXP_${crypto.randomBytes(3).toString("hex")}`;
const EVIL_CN = '=HYPERLINK("http://evil.example/","Click")';
let admin = "";
let operator = "";
let viewer = "";
let gateway = { id: "", ppr: "", prd: "" };
let certificateId = "";
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** A client certificate whose CN is a spreadsheet formula, from a throwaway CA, valid 20 days. */
async function importFormulaCertificate(request: APIRequestContext): Promise<string> {
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
      "/CN=Export test CA",
      "-days",
      "60",
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
      `/O=\\+33 1 23 45 67 89/CN=${EVIL_CN.replace(/\//g, "\\/")}`,
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
      "20",
      "-extfile",
      "leaf.ext",
      "-out",
      "leaf.pem",
    ]);
    const response = await request.post(`/api/v1/environments/${gateway.ppr}/certificates`, {
      headers: { ...auth(operator), "content-type": "application/x-pem-file" },
      data: ssl.read("leaf.pem"),
    });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()).id as string;
  } finally {
    ssl.cleanup();
  }
}

test.beforeAll(async ({ browser, playwright }, info) => {
  const page = await browser.newPage({ storageState: ADMIN_STATE });
  admin = await createToken(page, "export-admin", "admin");
  operator = await createToken(page, "export-operator", "operator");
  viewer = await createToken(page, "export-viewer", "viewer");
  await page.close();
  const request = await playwright.request.newContext({
    baseURL: info.project.use.baseURL,
    storageState: NO_COOKIES,
  });
  // Not ensureGateway: its name, "EU card gateway", is what other specs click on.
  const created = await request.post("/api/v1/gateways", {
    headers: auth(admin),
    data: { merchantGatewayId: MGW, name: "Export test gateway" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const list = await (await request.get("/api/v1/gateways", { headers: auth(admin) })).json();
  const mine = list.gateways.find(
    (g: { merchantGatewayId: string }) => g.merchantGatewayId === MGW,
  );
  const env = (code: string) =>
    mine.environments.find((e: { code: string }) => e.code === code).id as string;
  gateway = { id: mine.id, ppr: env("PPR"), prd: env("PRD") };
  certificateId = await importFormulaCertificate(request);
  await request.dispose();
});

test("certificates.csv of one environment with a viewer token: an attachment, the header, the row with its days left and state, formulas neutralised", async ({
  playwright,
}) => {
  const request = await playwright.request.newContext({
    baseURL: test.info().project.use.baseURL,
    storageState: NO_COOKIES,
  });
  const response = await request.get(
    `/api/v1/export/certificates.csv?environmentId=${gateway.ppr}`,
    { headers: auth(viewer) },
  );
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const today = new Date().toISOString().slice(0, 10);
  expect(response.headers()["content-disposition"]).toBe(
    `attachment; filename="certificates-${MGW}-PPR-${today}.csv"`,
  );
  const text = await response.text();
  expect(text.split("\n")[0]).toMatch(
    /^merchantGatewayId,gatewayName,environment,id,commonName,serialNumber,subjectDn,/,
  );
  const rows = parseCsvRecords(text);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    merchantGatewayId: MGW,
    environment: "PPR",
    id: certificateId,
    commonName: `'${EVIL_CN}`,
    state: "expiring",
    compliant: "false",
  });
  expect(Number(rows[0]!.daysLeft)).toBeGreaterThanOrEqual(18);
  expect(Number(rows[0]!.daysLeft)).toBeLessThanOrEqual(20);
  expect(rows[0]!.subjectDn).toContain("+33 1 23 45 67 89"); // inside the DN, not at the start: left alone
  expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  await request.dispose();
});

test("JSON export, filters and refusals", async ({ playwright }) => {
  const request = await playwright.request.newContext({
    baseURL: test.info().project.use.baseURL,
    storageState: NO_COOKIES,
  });
  const json = await request.get(
    `/api/v1/export/certificates.json?merchantGatewayId=${MGW}&env=PPR`,
    { headers: auth(viewer) },
  );
  expect(json.status()).toBe(200);
  const doc = await json.json();
  expect(doc).toMatchObject({
    inventory: "certificates",
    filter: { merchantGatewayId: MGW, env: "PPR" },
    count: 1,
  });
  expect(doc.rows[0]).toMatchObject({
    id: certificateId,
    commonName: EVIL_CN,
    state: "expiring",
    compliant: false,
  });
  expect(typeof doc.rows[0].daysLeft).toBe("number");
  // PRD of that gateway has no certificate; its trust stores hold the five Amazon roots.
  expect(
    (
      await (
        await request.get(`/api/v1/export/certificates.json?environmentId=${gateway.prd}`, {
          headers: auth(viewer),
        })
      ).json()
    ).count,
  ).toBe(0);
  const trust = parseCsvRecords(
    await (
      await request.get(`/api/v1/export/trust-store-entries.csv?environmentId=${gateway.prd}`, {
        headers: auth(viewer),
      })
    ).text(),
  );
  expect(
    trust
      .filter((r) => r.store === "d1-server-roots")
      .map((r) => r.subjectDn)
      .join("\n"),
  ).toContain("Amazon Root CA 1");
  const csrs = await request.get(`/api/v1/export/csrs.json?environmentId=${gateway.ppr}`, {
    headers: auth(viewer),
  });
  expect(await csrs.json()).toMatchObject({ inventory: "csrs", rows: [], count: 0 });

  const status = async (url: string, headers: Record<string, string> = auth(viewer)) =>
    (await request.get(url, { headers })).status();
  expect(await status("/api/v1/export/certificates.xlsx")).toBe(404);
  expect(await status("/api/v1/export/certificates.csv?environmentId=no-such-environment")).toBe(
    404,
  );
  expect(await status("/api/v1/export/certificates.csv?merchantGatewayId=MGW_NONE_01")).toBe(404);
  const bad = await request.get("/api/v1/export/certificates.csv?env=DEV&colour=blue", {
    headers: auth(viewer),
  });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.fields).toMatchObject({ env: "env must be PPR or PRD." });
  expect(await status("/api/v1/export/csrs.csv?expiringWithinDays=30")).toBe(422);
  expect(await status("/api/v1/export/certificates.csv", {})).toBe(401);
  expect(await status("/api/v1/export/certificates.csv", auth("d1t_not-a-token"))).toBe(401);
  await request.dispose();
});

test("a signed-in browser exports from the pages; a bad token is refused even beside a session", async ({
  browser,
  playwright,
}) => {
  const context = await browser.newContext({ storageState: NO_COOKIES, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, VIEWER);

  await page.goto(`/gateways/${MGW}/PPR/certificates`);
  let downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  let download = await downloading;
  expect(download.suggestedFilename()).toMatch(
    new RegExp(`^certificates-${MGW}-PPR-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
  );
  const rows = parseCsvRecords(fs.readFileSync((await download.path())!, "utf8"));
  expect(rows.map((r) => [r.id, r.commonName])).toEqual([[certificateId, `'${EVIL_CN}`]]);

  await page.goto("/certificates?env=PPR");
  downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export JSON" }).click();
  download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^certificates-PPR-\d{4}-\d{2}-\d{2}\.json$/);
  const all = JSON.parse(fs.readFileSync((await download.path())!, "utf8"));
  expect(all.filter).toEqual({ env: "PPR" });
  expect(all.rows.map((r: { id: string }) => r.id)).toContain(certificateId);
  expect(all.rows.every((r: { environment: string }) => r.environment === "PPR")).toBe(true);

  await page.goto(`/gateways/${MGW}/PPR/csrs`);
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute(
    "href",
    `/api/v1/export/csrs.csv?environmentId=${gateway.ppr}`,
  );
  await page.goto(`/gateways/${MGW}/PRD/trust-stores`);
  downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^trust-store-entries-${MGW}-PRD-`));
  expect(
    parseCsvRecords(fs.readFileSync((await download.path())!, "utf8")).length,
  ).toBeGreaterThanOrEqual(5);

  // The session cookie stands in for a token, but a token that is sent must be valid.
  const cookies = await context.storageState();
  const request = await playwright.request.newContext({
    baseURL: test.info().project.use.baseURL,
    storageState: cookies,
  });
  expect((await request.get("/api/v1/export/certificates.csv")).status()).toBe(200);
  expect(
    (
      await request.get("/api/v1/export/certificates.csv", { headers: auth("d1t_not-a-token") })
    ).status(),
  ).toBe(401);
  // Only GET downloads accept a session: the rest of /api/v1 still wants a token.
  expect((await request.get("/api/v1/certificates")).status()).toBe(401);
  await request.dispose();
  await context.close();
});

test("backup: an admin token downloads the whole database, recorded in the audit trail; lower roles and sessions cannot", async ({
  playwright,
}) => {
  const request = await playwright.request.newContext({
    baseURL: test.info().project.use.baseURL,
    storageState: NO_COOKIES,
  });
  const before = await auditTotal(request, admin);
  const response = await request.get("/api/v1/backup", { headers: auth(admin) });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-disposition"]).toMatch(
    /^attachment; filename="d1-dashboard-backup-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.json"$/,
  );
  const doc = await response.json();
  expect(doc).toMatchObject({
    format: "d1-dashboard-backup",
    version: 1,
    schemaMigration: expect.stringMatching(/^\d{14}_/),
  });
  expect(doc.tables.user.map((u: { email: string }) => u.email)).toEqual(
    expect.arrayContaining(["admin@example.com", "viewer@example.com"]),
  );
  expect(doc.tables.certificate.map((c: { id: string }) => c.id)).toContain(certificateId);
  expect(doc.tables.session).toBeUndefined();
  // The export's own record is the last one in it: who took it, and when.
  const last = doc.tables.audit_event.at(-1);
  expect(last).toMatchObject({
    action: "backup.export",
    actorLabel: "token:export-admin",
    objectType: "database",
  });
  expect(await auditTotal(request, admin)).toBe(before + 1);

  expect((await request.get("/api/v1/backup", { headers: auth(operator) })).status()).toBe(403);
  expect((await request.get("/api/v1/backup", { headers: auth(viewer) })).status()).toBe(403);
  expect((await request.get("/api/v1/backup")).status()).toBe(401);
  const session = await playwright.request.newContext({
    baseURL: test.info().project.use.baseURL,
    storageState: ADMIN_STATE,
  });
  expect(
    (await session.get("/api/v1/backup")).status(),
    "the backup needs a token, not a browser session",
  ).toBe(401);
  await session.dispose();
  expect(await auditTotal(request, admin), "refused downloads record nothing").toBe(before + 1);
  await request.dispose();
});
