import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";
import { assignCustodianSchema } from "./schema";

const json = (schema: object) => ({ "application/json": { schema } });
const envId = { name: "envId", in: "path", required: true, schema: z.string() };

/** A custodian as the API shows it (toCustodianDto in ./dto.ts returns exactly this). */
export const custodianDto = z
  .object({
    id: z.string(),
    environmentId: z.string(),
    user: z.object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      role: z.string(),
      disabled: z.boolean(),
    }),
    assignedAt: z.iso.datetime(),
    assignedBy: z.string(),
    acknowledgedAt: z.iso
      .datetime()
      .nullable()
      .describe("When the custodian acknowledged their duties (only they can, signed in)"),
    removedAt: z.iso.datetime().nullable(),
    removedBy: z.string().nullable(),
  })
  .meta({ id: "Custodian" });
export type CustodianDto = z.infer<typeof custodianDto>;
const custodian = custodianDto;
const finding = z.object({
  key: z.string().optional(),
  environmentId: z.string().optional(),
  severity: z.enum(["warning", "critical"]).optional(),
  title: z.string().optional(),
  detail: z.string().optional(),
  link: z.string().optional(),
});

/** Custodians of an environment's keys and certificates (issue 17). */
export function custodyPaths() {
  return {
    "/api/v1/environments/{envId}/custodians": {
      get: {
        summary:
          "The environment's custodians and its custody findings (no active custodian, a disabled custodian, an installation on a retired or revoked certificate)",
        parameters: [envId, { name: "includeRemoved", in: "query", schema: z.enum(["true"]) }],
        responses: {
          "200": {
            description: "Custodians and findings",
            content: json(
              z.object({
                custodians: z.array(custodian).optional(),
                findings: z.array(finding).optional(),
              }),
            ),
          },
          "401": errorResponse("No valid token"),
          "404": errorResponse("No such environment"),
        },
      },
      post: {
        summary: "Name a user custodian of the environment (admin). Audited",
        parameters: [envId],
        requestBody: { required: true, content: json(assignCustodianSchema) },
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
        parameters: [envId, { name: "userId", in: "path", required: true, schema: z.string() }],
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
