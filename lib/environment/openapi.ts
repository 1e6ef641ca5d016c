import { errorResponse } from "@/lib/openapi/helpers";

const environment = {
  type: "object",
  required: ["id", "code", "merchantGatewayId", "renewalLeadDaysOverride", "effectiveLeadDays"],
  properties: {
    id: { type: "string" },
    code: { type: "string", enum: ["PPR", "PRD"] },
    merchantGatewayId: { type: "string" },
    renewalLeadDaysOverride: { type: ["integer", "null"], description: "This environment's lead time; null: the gateway's applies" },
    effectiveLeadDays: { type: "integer", description: "Days before not-after at which renewal must start" },
  },
};

export function environmentPaths() {
  return {
    "/api/v1/environments/{envId}": {
      parameters: [{ name: "envId", in: "path", required: true, schema: { type: "string" } }],
      get: {
        summary: "One environment and its renewal lead time",
        responses: { "200": { description: "The environment", content: { "application/json": { schema: environment } } }, "404": errorResponse("No such environment") },
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
                properties: { renewalLeadDaysOverride: { type: ["integer", "null"], minimum: 7, maximum: 730, description: "null: use the gateway's lead time" } },
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
