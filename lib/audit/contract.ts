import { errorResponse } from "@/lib/openapi/helpers";

export function auditPaths() {
  return {
    "/api/v1/audit": {
      get: {
        summary: "The audit trail, newest first, 50 records per page",
        parameters: [
          {
            name: "action",
            in: "query",
            schema: { type: "string" },
            description: "Actions starting with this",
          },
          {
            name: "actor",
            in: "query",
            schema: { type: "string" },
            description: "Actor label containing this",
          },
          {
            name: "before",
            in: "query",
            schema: { type: "string" },
            description: "Records older than this sequence number (from nextBefore)",
          },
        ],
        responses: {
          "200": {
            description: "A page of records",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    total: { type: "integer" },
                    nextBefore: { type: ["string", "null"] },
                    events: { type: "array", items: { type: "object" } },
                  },
                },
              },
            },
          },
          "401": errorResponse("No valid token"),
          "422": errorResponse("Invalid query"),
        },
      },
    },
  };
}
