import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";
import { CERTIFICATE_STATE_FILTERS } from "@/lib/certificate/data";
import { EXPORT_FILES } from "./schema";

export function exportPaths() {
  return {
    "/api/v1/export/{inventory}": {
      get: {
        summary:
          "Download an inventory as CSV or JSON (certificates with days left and state, CSRs, trust-store entries)",
        description:
          "Streamed page by page. Filters: `environmentId`; or `merchantGatewayId` (and `env`); or `env` alone for that environment of every gateway. " +
          "CSV cells that start with = + - @ tab or CR get a leading single quote (formula injection). A signed-in browser may also use its session cookie.",
        parameters: [
          {
            name: "inventory",
            in: "path",
            required: true,
            schema: z.enum(EXPORT_FILES),
          },
          { name: "environmentId", in: "query", schema: z.string() },
          { name: "merchantGatewayId", in: "query", schema: z.string() },
          { name: "env", in: "query", schema: z.enum(["PPR", "PRD"]) },
          {
            name: "expiringWithinDays",
            in: "query",
            schema: z.int().min(0),
            description: "Certificates only",
          },
          {
            name: "state",
            in: "query",
            schema: z.enum(CERTIFICATE_STATE_FILTERS),
            description: "Certificates only, as on the inventory page",
          },
        ],
        responses: {
          "200": {
            description: "The file, as an attachment",
            content: {
              "text/csv": { schema: z.string() },
              "application/json": {
                schema: z.object({
                  inventory: z.string().optional(),
                  exportedAt: z.iso.datetime().optional(),
                  filter: z.looseObject({}).optional(),
                  rows: z.array(z.looseObject({})).optional(),
                  count: z.int().optional(),
                }),
              },
            },
          },
          "401": errorResponse("No valid token or session"),
          "404": errorResponse("Unknown inventory, gateway or environment"),
          "422": errorResponse("Invalid query"),
        },
      },
    },
  };
}
