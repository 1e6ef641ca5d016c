import { test, expect, type APIRequestContext } from "@playwright/test";
import { auditTotal, createToken } from "./support/app";

test.use({ storageState: "e2e/.artifacts/admin.json" });

let admin = "";
let viewer = "";
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage({ storageState: "e2e/.artifacts/admin.json" });
  admin = await createToken(page, "api-admin", "admin");
  viewer = await createToken(page, "api-viewer", "viewer");
  await page.close();
});

async function gatewayCount(request: APIRequestContext) {
  const response = await request.get("/api/v1/gateways", { headers: auth(viewer) });
  return (await response.json()).gateways.length as number;
}

test("without a valid token /api/v1 answers 401; health needs none", async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({
    baseURL: test.info().project.use.baseURL,
  });
  expect((await anonymous.get("/api/v1/gateways")).status()).toBe(401);
  expect(
    (await anonymous.get("/api/v1/gateways", { headers: auth("d1t_not-a-real-token") })).status(),
  ).toBe(401);
  expect(
    (
      await anonymous.post("/api/v1/gateways", {
        data: { merchantGatewayId: "MGW_0000X1", name: "x" },
      })
    ).status(),
  ).toBe(401);
  expect((await anonymous.get("/api/v1/openapi.json")).status()).toBe(401);
  const health = await anonymous.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok", database: { status: "up" } });
  await anonymous.dispose();
});

test("a viewer token reads but cannot create: 403, nothing stored", async ({ request }) => {
  const before = await auditTotal(request, admin);
  const response = await request.post("/api/v1/gateways", {
    headers: auth(viewer),
    data: { merchantGatewayId: "VIEWER_001", name: "x" },
  });
  expect(response.status()).toBe(403);
  expect((await response.json()).error.code).toBe("forbidden");
  expect((await request.get("/api/v1/gateways", { headers: auth(viewer) })).status()).toBe(200);
  expect(await auditTotal(request, admin)).toBe(before);
});

test("an admin token creates a gateway: 201 with PPR and PRD, one audit record", async ({
  request,
}) => {
  const before = await auditTotal(request, admin);
  const response = await request.post("/api/v1/gateways", {
    headers: auth(admin),
    data: { merchantGatewayId: "API-GW_002", name: "Created by API" },
  });
  expect(response.status()).toBe(201);
  const body = await response.json();
  expect(body).toMatchObject({ merchantGatewayId: "API-GW_002", name: "Created by API" });
  expect(body.environments.map((e: { code: string }) => e.code)).toEqual(["PPR", "PRD"]);
  expect(
    body.environments.every((e: { id: string }) => typeof e.id === "string" && e.id.length > 0),
  ).toBe(true);
  expect(await auditTotal(request, admin)).toBe(before + 1);
  const latest = await (await request.get("/api/v1/audit", { headers: auth(admin) })).json();
  expect(latest.events[0]).toMatchObject({
    action: "gateway.create",
    actorLabel: "token:api-admin",
    objectId: body.id,
  });
});

test("bad input gets a clear 4xx naming the problem, stores nothing, audits nothing", async ({
  request,
}) => {
  const gatewaysBefore = await gatewayCount(request);
  const auditBefore = await auditTotal(request, admin);
  const post = (data: string, contentType = "application/json") =>
    request.post("/api/v1/gateways", {
      headers: { ...auth(admin), "content-type": contentType },
      data: Buffer.from(data),
    });

  const invalidId = await post(JSON.stringify({ merchantGatewayId: "MGW 01", name: "x" }));
  expect(invalidId.status()).toBe(422);
  expect((await invalidId.json()).error.fields.merchantGatewayId).toMatch(/exactly 10 characters/);

  const emptyName = await post(JSON.stringify({ merchantGatewayId: "MGW_000009", name: "   " }));
  expect(emptyName.status()).toBe(422);
  expect((await emptyName.json()).error.fields.name).toBe("name must not be empty.");

  const missing = await post(JSON.stringify({}));
  expect(missing.status()).toBe(422);
  expect(Object.keys((await missing.json()).error.fields).sort()).toEqual([
    "merchantGatewayId",
    "name",
  ]);

  const duplicate = await post(JSON.stringify({ merchantGatewayId: "API-GW_002", name: "again" }));
  expect(duplicate.status()).toBe(409);
  expect((await duplicate.json()).error.fields.merchantGatewayId).toMatch(/already exists/);

  const malformed = await post("{ merchantGatewayId: ");
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.code).toBe("malformed_json");

  const notJson = await post("merchantGatewayId=MGW_000009", "application/x-www-form-urlencoded");
  expect(notJson.status()).toBe(415);

  const huge = await post(
    JSON.stringify({ merchantGatewayId: "MGW_000009", name: "x".repeat(5 * 1024 * 1024) }),
  );
  expect(huge.status()).toBe(413);
  expect((await huge.json()).error.message).toMatch(/larger than the limit of 1024 KB/);

  expect(await gatewayCount(request)).toBe(gatewaysBefore);
  expect(await auditTotal(request, admin)).toBe(auditBefore);
});

test("the OpenAPI document describes the gateway routes", async ({ request }) => {
  const response = await request.get("/api/v1/openapi.json", { headers: auth(viewer) });
  expect(response.status()).toBe(200);
  const doc = await response.json();
  expect(doc.openapi).toMatch(/^3\./);
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(["/api/health", "/api/v1/gateways", "/api/v1/audit"]),
  );
  expect(
    doc.paths["/api/v1/gateways"].post.requestBody.content["application/json"].schema.properties,
  ).toHaveProperty("merchantGatewayId");
  expect(Object.keys(doc.paths["/api/v1/gateways"].post.responses)).toEqual(
    expect.arrayContaining(["201", "409", "422"]),
  );
});
