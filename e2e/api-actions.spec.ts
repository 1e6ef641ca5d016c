// A script does over HTTP what the buttons do (issue 18), against the production build: a whole
// renewal with openssl-made CSRs and certificates, a checklist tick, bulk acknowledgement and a
// sweep; the pages then show what the script did.
import { test, expect, type APIRequestContext } from "@playwright/test";
import { makeCaFixtures, type CaFixtures } from "../lib/pki/test-support/ca";
import { OpenSslDir, ORG, opensslSubj } from "../lib/pki/test-support/openssl";
import { auditTotal, createToken } from "./support/app";
import { signAsThales } from "./support/browser-csr";

test.use({ storageState: "e2e/.artifacts/admin.json" });
test.describe.configure({ mode: "serial" });

const DAY = 86_400_000;
const GATEWAY = "MGW_APIACT";
let fx: CaFixtures;
let ssl: OpenSslDir;
let admin = "";
let operator = "";
let viewer = "";
let ppr = "";
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

test.beforeAll(async ({ browser, request }) => {
  fx = makeCaFixtures();
  ssl = new OpenSslDir();
  const page = await browser.newPage({ storageState: "e2e/.artifacts/admin.json" });
  admin = await createToken(page, "actions-admin", "admin");
  operator = await createToken(page, "actions-operator", "operator");
  viewer = await createToken(page, "actions-viewer", "viewer");
  await page.close();
  const created = await request.post("/api/v1/gateways", {
    headers: auth(admin),
    data: { merchantGatewayId: GATEWAY, name: "Scripted gateway" },
  });
  expect(created.status()).toBe(201);
  ppr = (await created.json()).environments.find((e: { code: string }) => e.code === "PPR").id;
  const issuers = await request.post(
    `/api/v1/environments/${ppr}/trust-stores/client-cert-issuers`,
    {
      headers: { ...auth(operator), "content-type": "application/x-pem-file" },
      data: fx.issuing + fx.root,
    },
  );
  expect(issuers.status()).toBe(201);
});
test.afterAll(() => {
  fx.ssl.cleanup();
  ssl.cleanup();
});

/** A compliant ECDSA CSR made with openssl, registered through the API: its id and PEM. */
async function registerCsr(request: APIRequestContext, name: string) {
  ssl.run([
    "genpkey",
    "-algorithm",
    "EC",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-out",
    `${name}.key`,
  ]);
  ssl.run([
    "req",
    "-new",
    "-key",
    `${name}.key`,
    "-sha256",
    "-subj",
    opensslSubj({ ...ORG, CN: `TLSMA-ECDSA/${GATEWAY}/PPR` }),
    "-out",
    `${name}.csr`,
  ]);
  const pem = ssl.read(`${name}.csr`);
  const response = await request.post(`/api/v1/environments/${ppr}/csrs`, {
    headers: { ...auth(operator), "content-type": "application/x-pem-file" },
    data: pem,
  });
  expect(response.status(), await response.text()).toBe(201);
  return { id: (await response.json()).id as string, pem };
}

async function importCertificate(request: APIRequestContext, pem: string): Promise<string> {
  const response = await request.post(`/api/v1/environments/${ppr}/certificates`, {
    headers: { ...auth(operator), "content-type": "application/x-pem-file" },
    data: pem,
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).id as string;
}

test("a renewal walked entirely over the API, each step audited as the token; the renewal page shows it complete", async ({
  request,
  page,
}) => {
  const oldCsr = await registerCsr(request, "old");
  const oldId = await importCertificate(
    request,
    signAsThales(fx, oldCsr.pem, Date.now() + 120 * DAY, "old"),
  );
  const auditBefore = await auditTotal(request, admin);
  const base = `/api/v1/environments/${ppr}/renewals`;
  const step = async (path: string, data?: unknown, status = 200) => {
    const response = await request.post(`${base}${path}`, {
      headers: auth(operator),
      ...(data === undefined ? {} : { data }),
    });
    expect(response.status(), `${path}: ${await response.text()}`).toBe(status);
    return response.json();
  };
  // A viewer cannot start one.
  expect(
    (await request.post(base, { headers: auth(viewer), data: { certificateId: oldId } })).status(),
  ).toBe(403);
  const renewal = await step("", { certificateId: oldId }, 201);
  expect(renewal).toMatchObject({ status: "open", nextStep: "csr" });
  const newCsr = await registerCsr(request, "new");
  expect(await step(`/${renewal.id}/csr`, { csrId: newCsr.id })).toMatchObject({
    nextStep: "submitted",
  });
  expect(
    await step(`/${renewal.id}/submit`, {
      submittedAt: new Date().toISOString().slice(0, 10),
      reference: "SCRIPT-1",
    }),
  ).toMatchObject({ nextStep: "imported" });
  const newId = await importCertificate(
    request,
    signAsThales(fx, newCsr.pem, Date.now() + 5 * 365 * DAY, "new"),
  );
  const afterImport = await (
    await request.get(`${base}/${renewal.id}`, { headers: auth(viewer) })
  ).json();
  expect(afterImport).toMatchObject({ newCertificateId: newId, nextStep: "deployed" });
  await step(`/${renewal.id}/deploy`, {
    deployedAt: new Date().toISOString().slice(0, 10),
    note: "rolled out by script",
  });
  expect(await step(`/${renewal.id}/retire`)).toMatchObject({
    status: "completed",
    retiredBy: "token:actions-operator",
  });
  // start, csr, submit (+ the CSR's own submit), import, deploy, retire; plus the CSR registration and the import.
  const audit = await (
    await request.get("/api/v1/audit?actor=token:actions-operator", { headers: auth(admin) })
  ).json();
  const actions = audit.events
    .slice(0, (await auditTotal(request, admin)) - auditBefore)
    .map((e: { action: string }) => e.action);
  expect(actions).toEqual(
    expect.arrayContaining([
      "renewal.start",
      "renewal.csr",
      "renewal.submit",
      "csr.submit",
      "renewal.import",
      "renewal.deploy",
      "renewal.retire",
    ]),
  );

  await page.goto(`/gateways/${GATEWAY}/PPR/renewals/${renewal.id}`);
  await expect(page.getByText("This renewal is complete.")).toBeVisible();
});

test("a checklist tick, bulk acknowledgement and a sweep over the API, with the roles the UI has", async ({
  request,
  page,
}) => {
  const tick = await request.put(`/api/v1/environments/${ppr}/checklist/inbound.tls-dns`, {
    headers: auth(operator),
    data: { note: "dig +short checked by script", doneOn: "2026-11-30" },
  });
  expect(tick.status(), await tick.text()).toBe(200);
  await page.goto(`/gateways/${GATEWAY}/PPR/checklist`);
  await expect(page.getByText("dig +short checked by script")).toBeVisible();

  const certificates = (
    await (
      await request.get(`/api/v1/environments/${ppr}/certificates`, { headers: auth(viewer) })
    ).json()
  ).certificates as { id: string }[];
  expect(certificates.length).toBeGreaterThan(0);
  const items = certificates.map((c) => ({ certificateId: c.id, subject: "expiry" }));
  expect(
    (
      await request.post("/api/v1/reminders/ack/bulk", { headers: auth(viewer), data: { items } })
    ).status(),
  ).toBe(403);
  const acked = await request.post("/api/v1/reminders/ack/bulk", {
    headers: auth(operator),
    data: { items },
  });
  expect(acked.status(), await acked.text()).toBe(200);
  expect((await acked.json()).states).toHaveLength(items.length);

  expect(
    (await request.post("/api/v1/reminders/sweep", { headers: auth(operator) })).status(),
  ).toBe(403);
  const sweep = await request.post("/api/v1/reminders/sweep", { headers: auth(admin) });
  expect(sweep.status(), await sweep.text()).toBe(200);
  expect((await sweep.json()).description).toMatch(/^reminder sweep at /);
  const latest = await (
    await request.get("/api/v1/audit?action=reminders.sweep", { headers: auth(admin) })
  ).json();
  expect(latest.events[0]).toMatchObject({
    action: "reminders.sweep",
    actorLabel: "token:actions-admin",
  });

  const doc = await (await request.get("/api/v1/openapi.json", { headers: auth(viewer) })).json();
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      "/api/v1/reminders/sweep",
      "/api/v1/environments/{envId}/renewals/{renewalId}/retire",
      "/api/v1/environments/{envId}/checklist/{item}",
    ]),
  );
});
