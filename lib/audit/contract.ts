import { z } from "zod";
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
            schema: z.string(),
            description: "Actions starting with this",
          },
          {
            name: "actor",
            in: "query",
            schema: z.string(),
            description: "Actor label containing this",
          },
          {
            name: "before",
            in: "query",
            schema: z.string(),
            description: "Records older than this sequence number (from nextBefore)",
          },
        ],
        responses: {
          "200": {
            description: "A page of records",
            content: {
              "application/json": {
                schema: z.object({
                  total: z.int().optional(),
                  nextBefore: z.string().nullable().optional(),
                  events: z.array(z.looseObject({})).optional(),
                }),
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
