import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { expectDeclaredResponse, templateOf } from "@/lib/testing/contract";
import { contractPaths, openApiDocument } from "./document";

const ROOT = path.resolve(__dirname, "../..");
const API = path.join(ROOT, "app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route.ts under app/api, as its path template ("[envId]" → "{envId}") and its methods. */
function routeHandlers() {
  const found: { template: string; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const source = fs.readFileSync(full, "utf8");
        const template = `/${path.relative(ROOT, dir)}`
          .replace(/^\/app/, "")
          .replace(/\[([^\]]+)\]/g, "{$1}");
        const methods = METHODS.filter((m) =>
          new RegExp(
            `export (const|async function|function) ${m}\\b|export \\{[^}]*\\b${m}\\b`,
          ).test(source),
        );
        found.push({ template, methods });
      }
    }
  };
  walk(API);
  return found;
}

const document = openApiDocument("http://localhost");
const documented = document.paths as Record<string, Record<string, unknown>>;

describe("the OpenAPI document covers every route handler", () => {
  const handlers = routeHandlers();

  it("finds the handlers (the walk works)", () => {
    expect(handlers.length).toBeGreaterThan(55);
    expect(handlers).toContainEqual({ template: "/api/v1/gateways", methods: ["GET", "POST"] });
  });

  // A folder parameter takes a whole segment: [kind] answers {kind}.pem, [...all] any rest.
  const matcher = (template: string) =>
    new RegExp(
      `^${template
        .replace(/\{\.\.\.[^}]+\}/g, "@REST@")
        .replace(/\{[^}]+\}/g, "@PARAM@")
        .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
        .replace(/@REST@/g, ".+")
        .replace(/@PARAM@/g, "[^/]+")}$`,
    );
  const operations = Object.entries(documented).flatMap(([template, item]) =>
    Object.keys(item)
      .filter((key) => key !== "parameters")
      .map((method) => ({ template, method: method.toUpperCase() })),
  );

  it("documents each method of each route.ts under app/api/v1", () => {
    const missing = handlers
      .filter((h) => h.template.startsWith("/api/v1/"))
      .flatMap((h) => h.methods.map((method) => ({ method, template: h.template })))
      .filter(
        (h) =>
          !operations.some((op) => op.method === h.method && matcher(h.template).test(op.template)),
      )
      .map((h) => `${h.method} ${h.template}`);
    expect(missing).toEqual([]);
  });

  it("names no path or method that has no handler", () => {
    const orphans = operations
      .filter(
        (op) =>
          !handlers.some(
            (h) => h.methods.includes(op.method) && matcher(h.template).test(op.template),
          ),
      )
      .map((op) => `${op.method} ${op.template}`);
    expect(orphans).toEqual([]);
  });
});

describe("the document is generated from the zod contracts", () => {
  it("keeps the shared error body as one named component", () => {
    expect(Object.keys(document.components.schemas)).toContain("Error");
    const created = documented["/api/v1/gateways"]!.post as {
      responses: Record<string, { content: Record<string, { schema: unknown }> }>;
    };
    expect(created.responses["409"]!.content["application/json"]!.schema).toEqual({
      $ref: "#/components/schemas/Error",
    });
  });

  it("describes request bodies as the client sends them (input), answers as the server sends them", () => {
    const put = documented["/api/v1/gateways/{gatewayId}/webhook"]!.put as {
      requestBody: { content: Record<string, { schema: { properties: object } }> };
    };
    expect(put.requestBody.content["application/json"]!.schema.properties).toHaveProperty("url");
    expect(JSON.stringify(documented)).not.toContain('"$defs"');
  });
});

describe("answers are held to the schema their path declares", () => {
  const json = (status: number, body: unknown) => Response.json(body, { status });

  it("maps a request path to its template, a literal segment first", () => {
    expect(templateOf("/api/v1/environments/e1/trust-stores/thales-client-ca.pem")).toBe(
      "/api/v1/environments/{envId}/trust-stores/{kind}.pem",
    );
    expect(templateOf("/api/v1/gateways/g1/webhook?x=1")).toBe(
      "/api/v1/gateways/{gatewayId}/webhook",
    );
  });

  it("accepts a body of the declared shape", async () => {
    await expectDeclaredResponse(
      "GET",
      "/api/v1/gateways/g1/webhook",
      json(200, { configured: true, origin: "https://hooks.slack.com", format: "slack" }),
    );
    await expectDeclaredResponse(
      "GET",
      "/api/v1/gateways/g1/webhook",
      json(404, { error: { code: "not_found", message: "No such gateway" } }),
    );
  });

  it("catches a wrong body, an undeclared status and an unknown path", async () => {
    await expect(
      expectDeclaredResponse(
        "GET",
        "/api/v1/gateways/g1/webhook",
        json(200, { configured: "yes", origin: null, format: "slack" }),
      ),
    ).rejects.toThrow(/configured/);
    await expect(
      expectDeclaredResponse("GET", "/api/v1/gateways", json(200, { gateways: [{ id: 1 }] })),
    ).rejects.toThrow(/does not parse/);
    await expect(
      expectDeclaredResponse("GET", "/api/v1/gateways/g1/webhook", json(404, { message: "x" })),
    ).rejects.toThrow(/error/);
    await expect(
      expectDeclaredResponse("GET", "/api/v1/gateways/g1/webhook", json(418, {})),
    ).rejects.toThrow(/does not declare/);
    await expect(expectDeclaredResponse("GET", "/api/v1/nowhere", json(200, {}))).rejects.toThrow(
      /no path/,
    );
  });

  it("has a zod schema behind every JSON answer of the document", () => {
    const loose: string[] = [];
    for (const [template, item] of Object.entries(contractPaths()))
      for (const [method, operation] of Object.entries(item as Record<string, unknown>)) {
        if (method === "parameters") continue;
        const responses = (operation as { responses: Record<string, { content?: object }> })
          .responses;
        for (const [status, response] of Object.entries(responses)) {
          const schema = (response.content as Record<string, { schema?: unknown }> | undefined)?.[
            "application/json"
          ]?.schema;
          if (schema !== undefined && !(schema instanceof z.ZodType))
            loose.push(`${method} ${template} ${status}`);
        }
      }
    expect(loose).toEqual([]);
  });
});
