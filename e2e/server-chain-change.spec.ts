// Our server CA / chain changes: planned through the API, then walked through the CA changes page
// (notified, acknowledged, switched; an admin override; a stale form; a cancellation).
import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import fs from "node:fs";
import { makeCaFixtures, type CaFixtures } from "../lib/pki/test-support/ca";
import { makeServerChains, type ServerChains } from "../lib/server-chain-change/test-support";
import { createToken, OPERATOR, signIn } from "./support/app";

const ADMIN_STATE = "e2e/.artifacts/admin.json";
test.use({ storageState: ADMIN_STATE });
test.describe.configure({ mode: "serial" });

const MGW = "MGW_SCHAIN";
const DAY = 86_400_000;
const dayFrom = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
const REFUSAL =
  "Our server chain changes through a planned change (CA changes page): Thales must be notified before we switch.";
// The UI part needs the lead's CA changes page to render <ServerChainChanges>.
const PAGE_FILE = "app/(app)/gateways/[merchantGatewayId]/[env]/ca-changes/page.tsx";
const WIRED = fs.readFileSync(PAGE_FILE, "utf8").includes("ServerChainChanges");
const caChanges = (env: "PPR" | "PRD") => `/gateways/${MGW}/${env}/ca-changes`;

let fx: CaFixtures;
let sx: ServerChains;
const tokens = { viewer: "", operator: "", admin: "" };
let env = { ppr: "", prd: "" };

const auth = (who: keyof typeof tokens) => ({ authorization: `Bearer ${tokens[who]}` });

test.beforeAll(async ({ browser }) => {
  fx = makeCaFixtures();
  sx = makeServerChains(fx);
  const page = await browser.newPage({ storageState: ADMIN_STATE });
  for (const role of ["viewer", "operator", "admin"] as const)
    tokens[role] = await createToken(page, `server-chain-${role}`, role);
  const created = await page.request.post("/api/v1/gateways", {
    headers: auth("admin"),
    data: { merchantGatewayId: MGW, name: "Server chain gateway" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const environments = (await created.json()).environments as { id: string; code: string }[];
  env = {
    ppr: environments.find((e) => e.code === "PPR")!.id,
    prd: environments.find((e) => e.code === "PRD")!.id,
  };
  await page.close();
});
test.afterAll(() => fx.ssl.cleanup());

async function auditEvents(request: APIRequestContext, action: string) {
  const response = await request.get(`/api/v1/audit?action=${encodeURIComponent(action)}`, {
    headers: auth("admin"),
  });
  expect(response.status()).toBe(200);
  const events = (await response.json()).events as {
    action: string;
    actorLabel: string;
    objectId: string;
    summary: string;
  }[];
  return events.map((e) => ({ ...e, summary: JSON.parse(e.summary) as Record<string, unknown> }));
}

test("the API plans a change (JSON or a PEM body); the first chain goes in directly, any later direct add is refused", async ({
  request,
}) => {
  const pem = (who: keyof typeof tokens) => ({
    ...auth(who),
    "content-type": "application/x-pem-file",
  });
  // A new environment's initial chain may be added directly; after that, only through a change.
  const initial = await request.post(
    `/api/v1/environments/${env.ppr}/trust-stores/our-server-chain`,
    { headers: pem("operator"), data: sx.chainA },
  );
  expect(initial.status(), await initial.text()).toBe(201);
  const again = await request.post(
    `/api/v1/environments/${env.ppr}/trust-stores/our-server-chain`,
    { headers: pem("admin"), data: sx.chainB },
  );
  expect(again.status()).toBe(409);
  expect((await again.json()).error).toEqual({ code: "server_chain.use_change", message: REFUSAL });

  const url = (id: string) => `/api/v1/environments/${id}/server-chain-changes`;
  expect(
    (
      await request.post(url(env.ppr), {
        headers: auth("viewer"),
        data: { chainPem: sx.chainB, plannedAt: dayFrom(14) },
      })
    ).status(),
  ).toBe(403);
  const onlyCas = await request.post(url(env.ppr), {
    headers: auth("operator"),
    data: { chainPem: fx.amazonIntermediate + fx.amazonRoot, plannedAt: dayFrom(14) },
  });
  expect(onlyCas.status()).toBe(422);
  expect((await onlyCas.json()).error.code).toBe("server_chain.no_leaf");
  const badDate = await request.post(url(env.ppr), {
    headers: auth("operator"),
    data: { chainPem: sx.chainB, plannedAt: "14/02/2027" },
  });
  expect(badDate.status()).toBe(422);
  expect((await badDate.json()).error.fields).toEqual({
    plannedAt: "Enter the planned switch date (YYYY-MM-DD).",
  });

  const planned = await request.post(url(env.ppr), {
    headers: auth("operator"),
    data: { chainPem: sx.chainB, plannedAt: dayFrom(14), notes: "New server certificate, CHG-42" },
  });
  expect(planned.status(), await planned.text()).toBe(201);
  const change = await planned.json();
  expect(change).toMatchObject({
    status: "planned",
    nextStep: "notify",
    plannedAt: dayFrom(14),
    notes: "New server certificate, CHG-42",
    version: 1,
    verdict: { status: "private" },
  });
  expect(change.certificates.map((c: { subject: string }) => c.subject)).toEqual([
    "CN=api-b.example.test",
    "C=US, O=Amazon Test, CN=Amazon Test RSA 2048 M01",
    "C=US, O=Amazon Test, CN=Amazon Test Root CA 1",
  ]);
  const second = await request.post(url(env.ppr), {
    headers: auth("operator"),
    data: { chainPem: sx.chainC, plannedAt: dayFrom(15) },
  });
  expect(second.status()).toBe(409);
  expect((await second.json()).error.code).toBe("server_chain.change_open");

  // The chain as a PEM body, the date in the query.
  const raw = await request.post(
    `${url(env.prd)}?plannedAt=${dayFrom(3)}&notes=${encodeURIComponent("PRD first chain")}`,
    { headers: pem("operator"), data: sx.chainB },
  );
  expect(raw.status(), await raw.text()).toBe(201);
  expect(await raw.json()).toMatchObject({ plannedAt: dayFrom(3), notes: "PRD first chain" });

  const list = await request.get(url(env.ppr), { headers: auth("viewer") });
  expect(list.status()).toBe(200);
  expect((await list.json()).serverChainChanges.map((c: { id: string }) => c.id)).toEqual([
    change.id,
  ]);
  const openapi = await (
    await request.get("/api/v1/openapi.json", { headers: auth("viewer") })
  ).json();
  expect(Object.keys(openapi.paths["/api/v1/environments/{envId}/server-chain-changes"])).toEqual([
    "get",
    "post",
  ]);
  expect((await auditEvents(request, "server_chain_change.plan")).length).toBe(2);
});

async function operatorPage(browser: import("@playwright/test").Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, OPERATOR);
  return page;
}

const stepsOf = (page: Page) =>
  page
    .getByRole("list", { name: /^Steps of the server chain change for / })
    .first()
    .getByRole("listitem");

test("an operator records Thales' notification and acknowledgement, then switches: our-server-chain is replaced; a stale form is refused", async ({
  browser,
  request,
}) => {
  test.skip(
    !WIRED,
    `${PAGE_FILE} does not render <ServerChainChanges> yet: run this once it does.`,
  );
  const page = await operatorPage(browser);
  await page.goto(caChanges("PPR"));
  await expect(page.getByRole("heading", { name: "Our server CA changes" })).toBeVisible();
  const steps = stepsOf(page);
  await expect(steps.nth(0)).toContainText("✓");
  await expect(steps.nth(1)).toHaveAttribute("aria-current", "step");
  await expect(page.getByTestId("server-chain-next")).toContainText(
    "send the new chain to your Thales representative",
  );
  // An operator cannot switch before the notification: no switch button, an explanation instead.
  await expect(page.getByRole("button", { name: /Mark switched/ })).toHaveCount(0);
  await expect(
    page.getByText(
      "Marking the change switched becomes possible once Thales' notification is recorded",
    ),
  ).toBeVisible();
  await page.screenshot({ path: "e2e/.artifacts/server-chain-planned.png", fullPage: true });

  // A second tab keeps the form of version 1.
  const stale = await page.context().newPage();
  await stale.goto(caChanges("PPR"));
  await expect(stale.getByRole("button", { name: "Record notification" })).toBeVisible();

  await page.getByLabel("Thales notified on").fill(dayFrom(-2));
  await page.getByRole("button", { name: "Record notification" }).click();
  await expect(steps.nth(1)).toContainText(`✓ ${dayFrom(-2)} (recorded by ${OPERATOR.email})`);
  await expect(steps.nth(2)).toHaveAttribute("aria-current", "step");
  await expect(page.getByText("Thales has not acknowledged this change yet.")).toBeVisible();

  await stale.getByRole("button", { name: "Record notification" }).click();
  await expect(
    stale.getByRole("alert").filter({
      hasText:
        "updated by someone else after this form was loaded (it is now notified, version 2; the form was for version 1). Nothing was saved",
    }),
  ).toBeVisible();
  await stale.close();

  // The acknowledgement cannot predate the notification; then it is recorded with Thales' reference.
  await page.getByLabel("Thales acknowledged on").fill(dayFrom(-3));
  await page.getByLabel("Thales' reference").fill("THALES-CASE-778");
  await page.getByRole("button", { name: "Record acknowledgement" }).click();
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: "cannot have acknowledged before it was notified" })
      .first(),
  ).toBeVisible();
  await page.getByLabel("Thales acknowledged on").fill(dayFrom(-1));
  await page.getByRole("button", { name: "Record acknowledgement" }).click();
  await expect(steps.nth(2)).toContainText("THALES-CASE-778");
  await expect(steps.nth(3)).toHaveAttribute("aria-current", "step");

  await page.getByRole("button", { name: "Mark switched…" }).click();
  await expect(
    page.getByText(
      "The 3 certificates of our-server-chain will be replaced by the 3 of this change.",
    ),
  ).toBeVisible();
  await expect(page.getByLabel("Override reason")).toHaveCount(0);
  await page.getByRole("button", { name: "Confirm: switched" }).click();
  await expect(page.getByTestId("server-chain-change").first()).toBeVisible();
  await expect(page.getByTestId("server-chain-store")).toContainText(
    "server certificate CN=api-b.example.test",
  );
  await expect(stepsOf(page).nth(3)).toContainText(
    `✓ ${dayFrom(0)} (recorded by ${OPERATOR.email})`,
  );
  await page.screenshot({ path: "e2e/.artifacts/server-chain-switched.png", fullPage: true });

  // The trust store holds the new chain, and says how it changes from now on.
  await page.goto(`/gateways/${MGW}/PPR/trust-stores`);
  const store = page.locator("section").filter({ has: page.locator("#our-server-chain") });
  await expect(store.getByText("CN=api-b.example.test").first()).toBeVisible();
  await expect(store.getByText("CN=d1.example.test")).toHaveCount(0);
  await expect(
    store.getByRole("note").filter({
      hasText:
        "Our server chain changes through a planned change (CA changes page): Thales must be notified before we switch.",
    }),
  ).toBeVisible();
  await expect(store.getByText("Add certificates to Our server chain")).toHaveCount(0);

  const [audit] = await auditEvents(request, "server_chain_change.switch");
  expect(audit).toMatchObject({
    actorLabel: OPERATOR.email,
    summary: { store: "our-server-chain", override: null, acknowledgementRef: "THALES-CASE-778" },
  });
  expect((audit!.summary.removed as { subject: string }[]).map((r) => r.subject)).toContain(
    "CN=d1.example.test",
  );
  expect((audit!.summary.added as { subject: string }[]).map((r) => r.subject)).toContain(
    "CN=api-b.example.test",
  );
  await page.context().close();
});

test("an admin switches a change Thales was not told about only with a reason; a change can be cancelled after confirmation", async ({
  page,
  request,
}) => {
  test.skip(
    !WIRED,
    `${PAGE_FILE} does not render <ServerChainChanges> yet: run this once it does.`,
  );
  await page.goto(caChanges("PRD"));
  await page.getByRole("button", { name: "Mark switched without notification (admin)…" }).click();
  await page.getByRole("button", { name: "Confirm: switched without notification" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "only with a reason" }).first(),
  ).toBeVisible();
  const reason = "The old CA was revoked overnight (INC-9); Thales told by phone, email to follow.";
  await page.getByLabel("Override reason").fill(reason);
  await page.getByRole("button", { name: "Confirm: switched without notification" }).click();
  await expect(stepsOf(page).nth(3)).toContainText(`admin override: “${reason}”`);
  const [audit] = await auditEvents(request, "server_chain_change.switch");
  expect(audit).toMatchObject({
    actorLabel: "admin@example.com",
    summary: { from: "planned", notifiedAt: null, override: { reason } },
  });

  // Another change, planned and then cancelled.
  const planned = await request.post(`/api/v1/environments/${env.prd}/server-chain-changes`, {
    headers: auth("operator"),
    data: { chainPem: sx.chainC, plannedAt: dayFrom(30) },
  });
  expect(planned.status()).toBe(201);
  await page.reload();
  await page.getByRole("button", { name: "Cancel this change…" }).click();
  await page.getByRole("button", { name: "Keep it" }).click();
  await page.getByRole("button", { name: "Cancel this change…" }).click();
  await page.getByLabel("Reason").fill("The certificate vendor changed");
  await page.getByRole("button", { name: "Confirm: cancel the change" }).click();
  await expect(
    page.getByRole("heading", { name: "Plan a change of our server CA or chain" }),
  ).toBeVisible();
  await expect(
    page.getByText(/Cancelled on .* by admin@example\.com: The certificate vendor changed/),
  ).toBeVisible();
  expect((await auditEvents(request, "server_chain_change.cancel"))[0]).toMatchObject({
    summary: { reason: "The certificate vendor changed" },
  });
});
