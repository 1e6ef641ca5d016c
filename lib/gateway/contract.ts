import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";
import { createGatewaySchema, webhookInputSchema } from "./schema";

/** A gateway as the API shows it (toGatewayDto in ./dto.ts returns exactly this). */
export const gatewayDto = z
  .object({
    id: z.string(),
    merchantGatewayId: z.string().regex(/^[A-Za-z0-9_-]{10}$/),
    name: z.string(),
    cnTemplate: z.string().describe("Must contain {keyType}, {merchantGatewayId} and {env}"),
    createdAt: z.iso.datetime(),
    environments: z.array(z.object({ id: z.string(), code: z.enum(["PPR", "PRD"]) })),
  })
  .meta({ id: "Gateway" });
export type GatewayDto = z.infer<typeof gatewayDto>;
const gateway = gatewayDto;

const webhook = z.object({
  configured: z.boolean(),
  origin: z
    .string()
    .nullable()
    .describe(
      "The URL's origin only (https://hooks.slack.com/…): what non-admins and the audit trail see",
    ),
  format: z.enum(["slack", "teams"]),
  url: z
    .string()
    .nullable()
    .describe("The whole URL, a secret: only in answers to an admin")
    .optional(),
});

/** The input schema, with `url` nullable (a preprocess step hides that from zod's JSON Schema). */
const webhookInput = webhookInputSchema.extend({
  url: z.url().nullable().describe('http(s) URL; null or "" removes the webhook'),
});

export function gatewayPaths() {
  return {
    "/api/v1/gateways/{gatewayId}/webhook": {
      parameters: [
        {
          name: "gatewayId",
          in: "path",
          required: true,
          description: "The gateway's id, or its merchantGatewayId",
          schema: z.string(),
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
          content: { "application/json": { schema: webhookInput } },
        },
        responses: {
          "200": {
            description: "Saved (changed: false when nothing differed)",
            content: {
              "application/json": {
                schema: webhook.extend({ changed: z.boolean().optional() }),
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
                schema: z.object({ gateways: z.array(gateway).optional() }),
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
          content: { "application/json": { schema: createGatewaySchema } },
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
