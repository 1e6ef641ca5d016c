import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";
import { reviewInputSchema } from "@/lib/review/schema";
import {
  ENVIRONMENT_COLUMNS,
  FINDING_COLUMNS,
  INVENTORY_COLUMNS,
  PROTOCOL_COLUMNS,
  REPORT_FORMATS,
} from "./data";
import { REPORT_SECTIONS } from "./formats";

const rowOf = (columns: readonly string[]) =>
  z.object(Object.fromEntries(columns.map((c) => [c, z.unknown().optional()])));

const reviewDto = z.object({
  id: z.string().optional(),
  environmentId: z.string().nullable().optional(),
  scope: z.string().describe("MERCHANTGATEWAYID/ENV, or everything").optional(),
  reviewedOn: z.iso.date().optional(),
  reviewer: z.string().optional(),
  notes: z.string().optional(),
  changes: z.string().optional(),
  nextDue: z.iso.date().describe("Twelve months after reviewedOn").optional(),
  recordedAt: z.iso.datetime().optional(),
});
const reviewStatus = z.object({
  last: z.union([reviewDto, z.null()]).optional(),
  nextDue: z.iso.date().nullable().optional(),
  overdue: z.boolean().describe("No review, or the next one is past due").optional(),
});

/** The inventory report (PCI DSS 4.2.1.1 / 12.3.3) and the yearly reviews. */
export function reportPaths() {
  return {
    "/api/v1/reports/inventory": {
      get: {
        summary:
          "The inventory of trusted keys and certificates, protocols and ciphers, open findings and last review, as PDF, CSV or JSON",
        description:
          "Every current client certificate (not revoked; a superseded one only while an installation still carries it), OAuth signing key not retired, and trust-store entry, " +
          "with purpose, direction, algorithm and key strength, issuer, serial, SHA-256, validity and days left, installations and custodians; the protocols and cipher suites " +
          "of each endpoint's latest probe (12.3.3); the open findings; the last yearly review and whether it is overdue. Each generation is audited " +
          "(`report.inventory.generate`: who, scope, format); the report names that record's `seq:hash` as the audit head it reflects (also in the `X-Audit-Head` header). " +
          "CSV holds one table (`section`, default the keys and certificates) and is formula-injection safe; JSON holds every table. A signed-in browser may use its session cookie.",
        parameters: [
          {
            name: "format",
            in: "query",
            schema: z.enum(REPORT_FORMATS).default("pdf"),
          },
          {
            name: "environment",
            in: "query",
            schema: z.string(),
            description: "An environment id, or MERCHANTGATEWAYID/PPR|PRD. Absent: everything.",
          },
          {
            name: "section",
            in: "query",
            schema: z.enum(REPORT_SECTIONS),
            description: "CSV only: which table",
          },
        ],
        responses: {
          "200": {
            description: "The report, as an attachment",
            headers: {
              "X-Audit-Head": {
                schema: z.string(),
                description: "seq:hash of the audit record of this generation",
              },
            },
            content: {
              "application/pdf": { schema: z.string().meta({ format: "binary" }) },
              "text/csv": { schema: z.string() },
              "application/json": {
                schema: z.object({
                  title: z.string().optional(),
                  scope: z
                    .object({
                      environmentId: z.string().nullable().optional(),
                      label: z.string().optional(),
                    })
                    .optional(),
                  generatedAt: z.iso.datetime().optional(),
                  generatedBy: z.string().optional(),
                  auditHead: z
                    .object({ seq: z.string().optional(), hash: z.string().optional() })
                    .optional(),
                  review: z.looseObject({}).optional(),
                  counts: z.looseObject({}).optional(),
                  environments: z.array(rowOf(ENVIRONMENT_COLUMNS)).optional(),
                  inventory: z.array(rowOf(INVENTORY_COLUMNS)).optional(),
                  protocols: z.array(rowOf(PROTOCOL_COLUMNS)).optional(),
                  findings: z.array(rowOf(FINDING_COLUMNS)).optional(),
                }),
              },
            },
          },
          "401": errorResponse("No valid token or session"),
          "404": errorResponse("No such environment"),
          "422": errorResponse("Invalid query"),
          "503": errorResponse(
            "The temporary folder the CSV or JSON is written to first cannot be written (nothing is audited)",
          ),
        },
      },
    },
    "/api/v1/reviews": {
      get: {
        summary: "Past yearly reviews, newest first, and whether the next one is overdue",
        parameters: [
          {
            name: "environmentId",
            in: "query",
            schema: z.string(),
            description: "One environment: its reviews and the reviews of everything",
          },
        ],
        responses: {
          "200": {
            description: "Reviews",
            content: {
              "application/json": {
                schema: z.object({
                  status: reviewStatus.optional(),
                  reviews: z.array(reviewDto).optional(),
                }),
              },
            },
          },
          "401": errorResponse("No valid token"),
          "404": errorResponse("No such environment"),
        },
      },
      post: {
        summary:
          "Record a yearly review of the inventory and of the protocols and cipher suites (admin; PCI DSS 12.3.3)",
        description:
          "Audited as `review.record`. The next review is due twelve months after `reviewedOn`. A review cannot be changed afterwards.",
        requestBody: {
          required: true,
          content: { "application/json": { schema: reviewInputSchema } },
        },
        responses: {
          "201": {
            description: "Recorded",
            content: {
              "application/json": {
                schema: z.object({ review: reviewDto.optional(), status: reviewStatus.optional() }),
              },
            },
          },
          "401": errorResponse("No valid token"),
          "403": errorResponse("Not an admin"),
          "404": errorResponse("No such environment"),
          "422": errorResponse("Invalid review (fields name each problem); nothing stored"),
        },
      },
    },
  };
}
