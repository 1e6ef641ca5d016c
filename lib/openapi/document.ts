import { z } from "zod";
import { gatewayPaths } from "@/lib/gateway/openapi";

export const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });

export const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        fields: { type: "object", additionalProperties: { type: "string" }, description: "Field name → problem" },
      },
    },
  },
} as const;

export const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/** The OpenAPI 3.1 description of /api/v1; each feature contributes its paths. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "D1 mTLS dashboard API",
      version: "1",
      description: "Gateways, environments and (in later versions) CSRs, certificates and trust stores.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API token from `npm run admin -- token create`." },
      },
      schemas: { Error: errorSchema },
    },
    paths: {
      "/api/health": {
        get: {
          summary: "Liveness and database status",
          security: [],
          responses: { "200": { description: "Database up" }, "503": { description: "Database unreachable" } },
        },
      },
      ...gatewayPaths(),
    },
  };
}
