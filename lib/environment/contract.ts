import { errorResponse } from "@/lib/openapi/helpers";

const environment = {
  type: "object",
  required: ["id", "code", "merchantGatewayId", "renewalLeadDaysOverride", "effectiveLeadDays"],
  properties: {
    id: { type: "string" },
    code: { type: "string", enum: ["PPR", "PRD"] },
    merchantGatewayId: { type: "string" },
    renewalLeadDaysOverride: {
      type: ["integer", "null"],
      description: "This environment's lead time; null: the gateway's applies",
    },
    effectiveLeadDays: {
      type: "integer",
      description: "Days before not-after at which renewal must start",
    },
  },
};

const tokenEndpoint = {
  type: "object",
  required: [
    "environmentId",
    "env",
    "merchantGatewayId",
    "oauthTokenEndpoint",
    "effectiveTokenEndpoint",
    "partnerDefault",
    "partnerServer",
  ],
  properties: {
    environmentId: { type: "string" },
    env: { type: "string", enum: ["PPR", "PRD"] },
    merchantGatewayId: { type: "string" },
    oauthTokenEndpoint: {
      type: ["string", "null"],
      description: "The admin's setting; null: the partner's default applies",
    },
    effectiveTokenEndpoint: {
      type: "string",
      description: "The client assertion's aud and the URL of the JWT bearer grant",
    },
    partnerDefault: {
      type: "string",
      description: "PRD: Production server; PPR: the partner's Staging server (ADR 0025)",
    },
    partnerServer: { type: "string", enum: ["Production", "Staging"] },
  },
};

export function environmentPaths() {
  return {
    "/api/v1/environments/{envId}/oauth-token-endpoint": {
      parameters: [{ name: "envId", in: "path", required: true, schema: { type: "string" } }],
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
              schema: {
                type: "object",
                required: ["oauthTokenEndpoint"],
                properties: {
                  oauthTokenEndpoint: {
                    type: ["string", "null"],
                    format: "uri",
                    maxLength: 2048,
                    description:
                      "https only, no credentials or #fragment; null or blank: the partner's default",
                  },
                },
              },
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
      parameters: [{ name: "envId", in: "path", required: true, schema: { type: "string" } }],
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
              schema: {
                type: "object",
                required: ["renewalLeadDaysOverride"],
                properties: {
                  renewalLeadDaysOverride: {
                    type: ["integer", "null"],
                    minimum: 7,
                    maximum: 730,
                    description: "null: use the gateway's lead time",
                  },
                },
              },
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
