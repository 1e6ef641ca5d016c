import { errorResponse, jsonSchema } from "@/lib/openapi/helpers";
import { reviewInputSchema } from "@/lib/review/schema";
import {
  ENVIRONMENT_COLUMNS,
  FINDING_COLUMNS,
  INVENTORY_COLUMNS,
  PROTOCOL_COLUMNS,
  REPORT_FORMATS,
} from "./data";
import { REPORT_SECTIONS } from "./formats";

const rowOf = (columns: readonly string[]) => ({
  type: "object",
  properties: Object.fromEntries(columns.map((c) => [c, {}])),
});

const reviewDto = {
  type: "object",
  properties: {
    id: { type: "string" },
    environmentId: { type: ["string", "null"] },
    scope: { type: "string", description: "MERCHANTGATEWAYID/ENV, or everything" },
    reviewedOn: { type: "string", format: "date" },
    reviewer: { type: "string" },
    notes: { type: "string" },
    changes: { type: "string" },
    nextDue: { type: "string", format: "date", description: "Twelve months after reviewedOn" },
    recordedAt: { type: "string", format: "date-time" },
  },
};
const reviewStatus = {
  type: "object",
  properties: {
    last: { oneOf: [reviewDto, { type: "null" }] },
    nextDue: { type: ["string", "null"], format: "date" },
    overdue: { type: "boolean", description: "No review, or the next one is past due" },
  },
};

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
            schema: { type: "string", enum: REPORT_FORMATS, default: "pdf" },
          },
          {
            name: "environment",
            in: "query",
            schema: { type: "string" },
            description: "An environment id, or MERCHANTGATEWAYID/PPR|PRD. Absent: everything.",
          },
          {
            name: "section",
            in: "query",
            schema: { type: "string", enum: REPORT_SECTIONS },
            description: "CSV only: which table",
          },
        ],
        responses: {
          "200": {
            description: "The report, as an attachment",
            headers: {
              "X-Audit-Head": {
                schema: { type: "string" },
                description: "seq:hash of the audit record of this generation",
              },
            },
            content: {
              "application/pdf": { schema: { type: "string", format: "binary" } },
              "text/csv": { schema: { type: "string" } },
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    title: { type: "string" },
                    scope: {
                      type: "object",
                      properties: {
                        environmentId: { type: ["string", "null"] },
                        label: { type: "string" },
                      },
                    },
                    generatedAt: { type: "string", format: "date-time" },
                    generatedBy: { type: "string" },
                    auditHead: {
                      type: "object",
                      properties: { seq: { type: "string" }, hash: { type: "string" } },
                    },
                    review: { type: "object" },
                    counts: { type: "object" },
                    environments: { type: "array", items: rowOf(ENVIRONMENT_COLUMNS) },
                    inventory: { type: "array", items: rowOf(INVENTORY_COLUMNS) },
                    protocols: { type: "array", items: rowOf(PROTOCOL_COLUMNS) },
                    findings: { type: "array", items: rowOf(FINDING_COLUMNS) },
                  },
                },
              },
            },
          },
          "401": errorResponse("No valid token or session"),
          "404": errorResponse("No such environment"),
          "422": errorResponse("Invalid query"),
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
            schema: { type: "string" },
            description: "One environment: its reviews and the reviews of everything",
          },
        ],
        responses: {
          "200": {
            description: "Reviews",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    status: reviewStatus,
                    reviews: { type: "array", items: reviewDto },
                  },
                },
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
          content: { "application/json": { schema: jsonSchema(reviewInputSchema) } },
        },
        responses: {
          "201": {
            description: "Recorded",
            content: {
              "application/json": {
                schema: { type: "object", properties: { review: reviewDto, status: reviewStatus } },
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
