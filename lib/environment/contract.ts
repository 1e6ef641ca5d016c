import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";

const environment = z.object({
  id: z.string(),
  code: z.enum(["PPR", "PRD"]),
  merchantGatewayId: z.string(),
  renewalLeadDaysOverride: z
    .int()
    .nullable()
    .describe("This environment's lead time; null: the gateway's applies"),
  effectiveLeadDays: z.int().describe("Days before not-after at which renewal must start"),
});

const tokenEndpoint = z.object({
  environmentId: z.string(),
  env: z.enum(["PPR", "PRD"]),
  merchantGatewayId: z.string(),
  oauthTokenEndpoint: z
    .string()
    .nullable()
    .describe("The admin's setting; null: the partner's default applies"),
  effectiveTokenEndpoint: z
    .string()
    .describe("The client assertion's aud and the URL of the JWT bearer grant"),
  partnerDefault: z
    .string()
    .describe("PRD: Production server; PPR: the partner's Staging server (ADR 0025)"),
  partnerServer: z.enum(["Production", "Staging"]),
});

export function environmentPaths() {
  return {
    "/api/v1/environments/{envId}/oauth-token-endpoint": {
      parameters: [{ name: "envId", in: "path", required: true, schema: z.string() }],
      get: {
        summary:
          "The environment's OAuth token endpoint (aud of the client assertion), or the partner's default",
        responses: {
          "200": {
            description: "The setting",
            content: { "application/json": { schema: tokenEndpoint } },
          },
          "404": errorResponse("No such environment"),
        },
      },
      put: {
        summary:
          "Set (a https URL) or clear (null: the partner's default) the OAuth token endpoint (admin). Audited",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({
                oauthTokenEndpoint: z
                  .url()
                  .max(2048)
                  .nullable()
                  .describe(
                    "https only, no credentials or #fragment; null or blank: the partner's default",
                  ),
              }),
            },
          },
        },
        responses: {
          "200": {
            description: "Saved",
            content: { "application/json": { schema: tokenEndpoint } },
          },
          "400": errorResponse("Malformed JSON"),
          "401": errorResponse("No valid token"),
          "403": errorResponse("Below admin"),
          "404": errorResponse("No such environment"),
          "415": errorResponse("Not JSON"),
          "422": errorResponse(
            "invalid_body: error.fields.oauthTokenEndpoint says what is wrong; nothing was stored",
          ),
        },
      },
    },
    "/api/v1/environments/{envId}": {
      parameters: [{ name: "envId", in: "path", required: true, schema: z.string() }],
      get: {
        summary: "One environment and its renewal lead time",
        responses: {
          "200": {
            description: "The environment",
            content: { "application/json": { schema: environment } },
          },
          "404": errorResponse("No such environment"),
        },
      },
      patch: {
        summary: "Set or clear (null) the environment's renewal lead time override (admin)",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({
                renewalLeadDaysOverride: z
                  .int()
                  .min(7)
                  .max(730)
                  .nullable()
                  .describe("null: use the gateway's lead time"),
              }),
            },
          },
        },
        responses: {
          "200": { description: "Saved", content: { "application/json": { schema: environment } } },
          "404": errorResponse("No such environment"),
          "422": errorResponse("Not a valid lead time"),
        },
      },
    },
  };
}
