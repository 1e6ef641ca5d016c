import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";
import { BACKUP_FORMAT, BACKUP_VERSION } from "./format";

export function backupPaths() {
  return {
    "/api/v1/backup": {
      get: {
        summary: "Download a backup of the whole database (admin); recorded in the audit trail",
        description:
          `One JSON document: format "${BACKUP_FORMAT}", version ${BACKUP_VERSION}, schemaMigration, createdAt, and every table's rows. ` +
          "Sessions, rate-limit counters, verification values and setup codes are left out. It holds password and token hashes and the generated AUTH_SECRET. " +
          "Restore with `npm run admin -- backup import --in FILE` into an empty database.",
        responses: {
          "200": {
            description: "The backup, as an attachment",
            content: {
              "application/json": {
                schema: z.object({
                  format: z.literal(BACKUP_FORMAT),
                  version: z.literal(BACKUP_VERSION),
                  schemaMigration: z.string(),
                  createdAt: z.iso.datetime(),
                  tables: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
                }),
              },
            },
          },
          "400": errorResponse("Query parameters were given (there are none)"),
          "401": errorResponse("No valid token"),
          "403": errorResponse("Below admin"),
        },
      },
    },
  };
}
