import { errorResponse, jsonSchema } from "@/lib/openapi/helpers";
import { createGatewaySchema, webhookInputSchema } from "./schema";

const gateway = {
  type: "object",
  required: ["id", "merchantGatewayId", "name", "environments"],
  properties: {
    id: { type: "string" },
    merchantGatewayId: { type: "string", pattern: "^[A-Za-z0-9_-]{10}$" },
    name: { type: "string" },
    cnTemplate: {
      type: "string",
      description: "Must contain {keyType}, {merchantGatewayId} and {env}",
    },
    createdAt: { type: "string", format: "date-time" },
    environments: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "code"],
        properties: { id: { type: "string" }, code: { type: "string", enum: ["PPR", "PRD"] } },
      },
    },
  },
};

const webhook = {
  type: "object",
  required: ["configured", "origin", "format"],
  properties: {
    configured: { type: "boolean" },
    origin: {
      type: ["string", "null"],
      description:
        "The URL's origin only (https://hooks.slack.com/…): what non-admins and the audit trail see",
    },
    format: { type: "string", enum: ["slack", "teams"] },
    url: {
      type: ["string", "null"],
      description: "The whole URL, a secret: only in answers to an admin",
    },
  },
};

/** The input schema, with `url` nullable (a preprocess step hides that from zod's JSON Schema). */
function webhookInputJsonSchema() {
  const schema = jsonSchema(webhookInputSchema) as { properties: Record<string, unknown> };
  return {
    ...schema,
    properties: {
      ...schema.properties,
      url: {
        type: ["string", "null"],
        format: "uri",
        description: 'http(s) URL; null or "" removes the webhook',
      },
    },
  };
}

export function gatewayPaths() {
  return {
    "/api/v1/gateways/{gatewayId}/webhook": {
      parameters: [
        {
          name: "gatewayId",
          in: "path",
          required: true,
          description: "The gateway's id, or its merchantGatewayId",
          schema: { type: "string" },
        },
      ],
      get: {
        summary:
          "The gateway's reminder webhook: the URL for admins, its origin only for everyone else",
        responses: {
          "200": {
            description: "The webhook",
            content: { "application/json": { schema: webhook } },
          },
          "401": errorResponse("No valid token"),
          "404": errorResponse("No such gateway"),
        },
      },
      put: {
        summary:
          "Set (url) or remove (url: null) the reminder webhook and its format (admin); audited with the origin and a SHA-256 of the URL",
        requestBody: {
          required: true,
          content: { "application/json": { schema: webhookInputJsonSchema() } },
        },
        responses: {
          "200": {
            description: "Saved (changed: false when nothing differed)",
            content: {
              "application/json": {
                schema: {
                  ...webhook,
                  properties: { ...webhook.properties, changed: { type: "boolean" } },
                },
              },
            },
          },
          "400": errorResponse("Malformed JSON"),
          "401": errorResponse("No valid token"),
          "403": errorResponse("The token's role is below admin"),
          "404": errorResponse("No such gateway"),
          "413": errorResponse("Body larger than 1 MB"),
          "415": errorResponse("Body is not JSON"),
          "422": errorResponse(
            "`webhook_host_refused`: the host is link-local, a cloud metadata address or name (169.254.169.254, metadata.google.internal, fd00:ec2::254…); `webhook_url_invalid`: not an http(s) URL; `invalid_body`: another field. Nothing is stored.",
          ),
        },
      },
    },
    "/api/v1/gateways": {
      get: {
        summary: "List gateways with their environments",
        responses: {
          "200": {
            description: "The gateways",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { gateways: { type: "array", items: gateway } },
                },
              },
            },
          },
          "401": errorResponse("No valid token"),
        },
      },
      post: {
        summary: "Create a gateway; its PPR and PRD environments come with it (admin)",
        requestBody: {
          required: true,
          content: { "application/json": { schema: jsonSchema(createGatewaySchema) } },
        },
        responses: {
          "201": { description: "Created", content: { "application/json": { schema: gateway } } },
          "400": errorResponse("Malformed JSON"),
          "401": errorResponse("No valid token"),
          "403": errorResponse("The token's role is below admin"),
          "409": errorResponse("A gateway with this merchantGatewayId exists"),
          "413": errorResponse("Body larger than 1 MB"),
          "415": errorResponse("Body is not JSON"),
          "422": errorResponse("Invalid fields; `error.fields` names each"),
        },
      },
    },
  };
}
