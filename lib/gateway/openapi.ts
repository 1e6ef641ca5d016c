import { errorResponse, jsonSchema } from "@/lib/openapi/helpers";
import { createGatewaySchema } from "./schema";

const gateway = {
  type: "object",
  required: ["id", "merchantGatewayId", "name", "environments"],
  properties: {
    id: { type: "string" },
    merchantGatewayId: { type: "string", pattern: "^[A-Za-z0-9_-]{10}$" },
    name: { type: "string" },
    cnTemplate: { type: "string", description: "Must contain {keyType}, {merchantGatewayId} and {env}" },
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

export function gatewayPaths() {
  return {
    "/api/v1/gateways": {
      get: {
        summary: "List gateways with their environments",
        responses: {
          "200": {
            description: "The gateways",
            content: { "application/json": { schema: { type: "object", properties: { gateways: { type: "array", items: gateway } } } } },
          },
          "401": errorResponse("No valid token"),
        },
      },
      post: {
        summary: "Create a gateway; its PPR and PRD environments come with it (admin)",
        requestBody: { required: true, content: { "application/json": { schema: jsonSchema(createGatewaySchema) } } },
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
