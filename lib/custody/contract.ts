import { errorResponse, jsonSchema } from "@/lib/openapi/helpers";
import { assignCustodianSchema } from "./schema";

const json = (schema: object) => ({ "application/json": { schema } });
const envId = { name: "envId", in: "path", required: true, schema: { type: "string" } };

const custodian = {
  type: "object",
  properties: {
    id: { type: "string" },
    environmentId: { type: "string" },
    user: {
      type: "object",
      properties: {
        id: { type: "string" },
        name: { type: "string" },
        email: { type: "string" },
        role: { type: "string" },
        disabled: { type: "boolean" },
      },
    },
    assignedAt: { type: "string", format: "date-time" },
    assignedBy: { type: "string" },
    acknowledgedAt: {
      type: ["string", "null"],
      format: "date-time",
      description: "When the custodian acknowledged their duties (only they can, signed in)",
    },
    removedAt: { type: ["string", "null"], format: "date-time" },
    removedBy: { type: ["string", "null"] },
  },
};

const finding = {
  type: "object",
  properties: {
    key: { type: "string" },
    environmentId: { type: "string" },
    severity: { type: "string", enum: ["warning", "critical"] },
    title: { type: "string" },
    detail: { type: "string" },
    link: { type: "string" },
  },
};

/** Custodians of an environment's keys and certificates (issue 17). */
export function custodyPaths() {
  return {
    "/api/v1/environments/{envId}/custodians": {
      get: {
        summary:
          "The environment's custodians and its custody findings (no active custodian, a disabled custodian, an installation on a retired or revoked certificate)",
        parameters: [
          envId,
          { name: "includeRemoved", in: "query", schema: { type: "string", enum: ["true"] } },
        ],
        responses: {
          "200": {
            description: "Custodians and findings",
            content: json({
              type: "object",
              properties: {
                custodians: { type: "array", items: custodian },
                findings: { type: "array", items: finding },
              },
            }),
          },
          "401": errorResponse("No valid token"),
          "404": errorResponse("No such environment"),
        },
      },
      post: {
        summary: "Name a user custodian of the environment (admin). Audited",
        parameters: [envId],
        requestBody: { required: true, content: json(jsonSchema(assignCustodianSchema)) },
        responses: {
          "201": { description: "Named", content: json(custodian) },
          "400": errorResponse("Malformed JSON"),
          "401": errorResponse("No valid token"),
          "403": errorResponse("Below admin"),
          "404": errorResponse("No such environment"),
          "409": errorResponse("custody.already_custodian"),
          "415": errorResponse("Not JSON"),
          "422": errorResponse("invalid_body; custody.unknown_user; custody.user_disabled"),
        },
      },
    },
    "/api/v1/environments/{envId}/custodians/{userId}": {
      delete: {
        summary: "End a user's custodianship of the environment (admin). The record stays. Audited",
        parameters: [
          envId,
          { name: "userId", in: "path", required: true, schema: { type: "string" } },
        ],
        responses: {
          "200": { description: "Removed", content: json(custodian) },
          "401": errorResponse("No valid token"),
          "403": errorResponse("Below admin"),
          "404": errorResponse("Not a custodian of this environment"),
        },
      },
    },
  };
}
