import { errorResponse } from "@/lib/openapi/helpers";
import { CA_CHANGE_SOURCES } from "./schema";

const change = {
  type: "object",
  properties: {
    id: { type: "string" },
    sha256: { type: "string", description: "Fingerprint of the new CA (hex)" },
    subjectDn: { type: "string" },
    issuerDn: { type: "string" },
    notBefore: { type: "string", format: "date-time" },
    notAfter: { type: "string", format: "date-time" },
    source: { type: "string", enum: [...CA_CHANGE_SOURCES] },
    receivedAt: { type: "string", format: "date-time" },
    effectiveAt: { type: ["string", "null"], format: "date-time" },
    replacesSha256: { type: ["string", "null"] },
    replacesSubject: { type: ["string", "null"] },
    notes: { type: "string" },
    state: {
      type: "string",
      enum: ["announced", "trusted", "completed"],
      description: "Derived from the thales-client-ca store and the clock",
    },
    createdByLabel: { type: "string" },
    createdAt: { type: "string", format: "date-time" },
  },
};
const finding = {
  type: "object",
  properties: {
    code: { type: "string", enum: ["new-ca-not-trusted", "old-ca-still-trusted", "leaf-pinned"] },
    severity: { type: "string", enum: ["warning", "critical"] },
    key: { type: "string" },
    message: { type: "string" },
    section: { type: "string" },
  },
};

export function caChangePaths() {
  return {
    "/api/v1/environments/{envId}/client-ca-changes": {
      parameters: [{ name: "envId", in: "path", required: true, schema: { type: "string" } }],
      get: {
        summary:
          "The Thales Client CA change ledger, with each change's state and the reconciliation findings",
        responses: {
          "200": {
            description: "Ledger and findings",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    changes: { type: "array", items: change },
                    findings: { type: "array", items: finding },
                  },
                },
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
              schema: {
                type: "object",
                required: ["pem", "source", "receivedAt"],
                properties: {
                  pem: {
                    type: "string",
                    description: "The new CA certificate, PEM; a leaf is refused (pinning)",
                  },
                  source: { type: "string", enum: [...CA_CHANGE_SOURCES] },
                  receivedAt: { type: "string", format: "date" },
                  effectiveAt: { type: "string", format: "date" },
                  replacesSha256: {
                    type: "string",
                    description: "Fingerprint of the CA it replaces",
                  },
                  notes: { type: "string", maxLength: 2000 },
                },
              },
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
