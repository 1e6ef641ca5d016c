import fs from "node:fs";
import { expect, type Page, type APIRequestContext } from "@playwright/test";

export const ADMIN = { email: "admin@example.com", password: "correct horse battery staple" };
export const VIEWER = { email: "viewer@example.com", password: "viewer password 123" };
export const OPERATOR = { email: "operator@example.com", password: "operator password 123" };

export function serverLog(): string {
  return fs.readFileSync("e2e/.artifacts/server.log", "utf8");
}

export function setupCodeFromLog(): string {
  const match = /SETUP CODE: ([0-9A-F-]{19})/.exec(serverLog());
  if (!match) throw new Error("no setup code in the server log");
  return match[1]!;
}

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}

/** Creates an API token through the UI as the signed-in admin and returns it. */
export async function createToken(
  page: Page,
  name: string,
  role: "viewer" | "operator" | "admin",
): Promise<string> {
  await page.goto("/admin/tokens");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Role").selectOption(role);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = await page.getByTestId("new-token").textContent();
  expect(token).toMatch(/^d1t_/);
  return token!;
}

/** How many audit records exist, read through the API like any client would. */
export async function auditTotal(request: APIRequestContext, token: string): Promise<number> {
  const response = await request.get("/api/v1/audit", {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status()).toBe(200);
  return (await response.json()).total as number;
}

/** The gateway every CSR spec works on (the CN fixtures name it), created if missing. */
export async function ensureGateway(
  request: APIRequestContext,
  adminToken: string,
  merchantGatewayId = "MGW_000001",
) {
  const headers = { authorization: `Bearer ${adminToken}` };
  const created = await request.post("/api/v1/gateways", {
    headers,
    data: { merchantGatewayId, name: "EU card gateway" },
  });
  expect([201, 409]).toContain(created.status());
  const list = await (await request.get("/api/v1/gateways", { headers })).json();
  const gateway = list.gateways.find(
    (g: { merchantGatewayId: string }) => g.merchantGatewayId === merchantGatewayId,
  );
  return {
    id: gateway.id as string,
    ppr: gateway.environments.find((e: { code: string }) => e.code === "PPR").id as string,
    prd: gateway.environments.find((e: { code: string }) => e.code === "PRD").id as string,
  };
}
