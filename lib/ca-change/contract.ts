import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";
import { CA_CHANGE_SOURCES } from "./schema";

const change = z.object({
  id: z.string().optional(),
  sha256: z.string().describe("Fingerprint of the new CA (hex)").optional(),
  subjectDn: z.string().optional(),
  issuerDn: z.string().optional(),
  notBefore: z.iso.datetime().optional(),
  notAfter: z.iso.datetime().optional(),
  source: z.enum([...CA_CHANGE_SOURCES]).optional(),
  receivedAt: z.iso.datetime().optional(),
  effectiveAt: z.iso.datetime().nullable().optional(),
  replacesSha256: z.string().nullable().optional(),
  replacesSubject: z.string().nullable().optional(),
  notes: z.string().optional(),
  state: z
    .enum(["announced", "trusted", "completed"])
    .describe("Derived from the thales-client-ca store and the clock")
    .optional(),
  createdByLabel: z.string().optional(),
  createdAt: z.iso.datetime().optional(),
});
const finding = z.object({
  code: z.enum(["new-ca-not-trusted", "old-ca-still-trusted", "leaf-pinned"]).optional(),
  severity: z.enum(["warning", "critical"]).optional(),
  key: z.string().optional(),
  message: z.string().optional(),
  section: z.string().optional(),
});

export function caChangePaths() {
  return {
    "/api/v1/environments/{envId}/client-ca-changes": {
      parameters: [{ name: "envId", in: "path", required: true, schema: z.string() }],
      get: {
        summary:
          "The Thales Client CA change ledger, with each change's state and the reconciliation findings",
        responses: {
          "200": {
            description: "Ledger and findings",
            content: {
              "application/json": {
                schema: z.object({
                  changes: z.array(change).optional(),
                  findings: z.array(finding).optional(),
                }),
              },
            },
          },
          "404": errorResponse("No such environment"),
        },
      },
      post: {
        summary: "Record a new Thales Client CA (operator)",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({
                pem: z
                  .string()
                  .describe("The new CA certificate, PEM; a leaf is refused (pinning)"),
                source: z.enum([...CA_CHANGE_SOURCES]),
                receivedAt: z.iso.date(),
                effectiveAt: z.iso.date().optional(),
                replacesSha256: z.string().describe("Fingerprint of the CA it replaces").optional(),
                notes: z.string().max(2000).optional(),
              }),
            },
          },
        },
        responses: {
          "201": { description: "Recorded", content: { "application/json": { schema: change } } },
          "409": errorResponse("Already recorded"),
          "422": errorResponse("Not valid: see error.code"),
        },
      },
    },
  };
}
