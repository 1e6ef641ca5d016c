import { errorResponse } from "@/lib/openapi/helpers";
import { VIOLATION_CODES, type ViolationDefinition } from "@/lib/policy";

const policyCodes = (warning: boolean) =>
  Object.entries(VIOLATION_CODES as Record<string, ViolationDefinition>)
    .filter(([, d]) => (d.severity === "warning") === warning)
    .map(([code]) => code);

/** Every code a refused CSR can carry in `violations`: the policy's refusals and the intake's own. */
export const CSR_REFUSAL_CODES = [
  ...policyCodes(false),
  "input.empty",
  "input.undecodable",
  "input.not_a_csr",
  "input.private_key",
  "csr.duplicate_key",
  "csr.cn_override_forbidden",
  "csr.cn_override_reason_required",
];
/** Codes of `warnings` on a stored CSR: shown, but they do not refuse. */
export const CSR_WARNING_CODES = policyCodes(true);

const problem = (codes: string[]) => ({
  type: "object",
  required: ["code", "message"],
  properties: {
    code: { type: "string", enum: codes },
    message: { type: "string" },
    field: { type: "string", description: "Subject field or setting at fault" },
    params: {
      type: "object",
      additionalProperties: { type: "string" },
      description: "The values the message was built from",
    },
  },
});

const violations = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: {
        code: {
          type: "string",
          enum: ["policy_violation", "private_key_exposed", "duplicate", "forbidden", "not_found"],
        },
        message: { type: "string" },
      },
    },
    violations: { type: "array", items: problem(CSR_REFUSAL_CODES) },
    warning: {
      type: "string",
      description: "Present when a private key was sent: it must be considered exposed.",
    },
  },
};

const csr = {
  type: "object",
  required: ["id", "subject", "keyType", "publicKeySha256", "status"],
  properties: {
    id: { type: "string" },
    subject: { type: "object", description: "C, ST, L, O, OU, CN and any other attributes" },
    subjectDn: { type: "string" },
    keyType: { type: "string", enum: ["RSA", "ECDSA"] },
    keySize: { type: "integer", description: "RSA only" },
    curve: { type: "string", description: "ECDSA only" },
    publicKeySha256: { type: "string", description: "SHA-256 of the SubjectPublicKeyInfo, hex" },
    status: { type: "string", enum: ["generated", "submitted", "fulfilled", "cancelled"] },
    cnOverridden: {
      type: "boolean",
      description: "An admin accepted a CN other than the template's",
    },
    cnOverrideReason: { type: "string", description: "Present when cnOverridden" },
  },
};

const created = {
  ...csr,
  properties: {
    ...csr.properties,
    warnings: {
      type: "array",
      items: {
        ...problem(CSR_WARNING_CODES),
        properties: {
          ...problem(CSR_WARNING_CODES).properties,
          severity: { type: "string", enum: ["warning"] },
        },
      },
      description:
        "Accepted, but worth reading: field order, unusual RSA exponent, requested extensions",
    },
  },
};

export function csrPaths() {
  const envId = { name: "envId", in: "path", required: true, schema: { type: "string" } };
  return {
    "/api/v1/environments/{envId}/csrs": {
      get: {
        summary: "List the CSRs of an environment, newest first",
        parameters: [envId],
        responses: {
          "200": {
            description: "The CSRs",
            content: {
              "application/json": {
                schema: { type: "object", properties: { csrs: { type: "array", items: csr } } },
              },
            },
          },
          "401": errorResponse("No valid token"),
          "404": errorResponse("No such environment"),
        },
      },
      post: {
        summary:
          "Register a CSR made elsewhere (operator); it is checked against the partner's policy",
        parameters: [envId],
        requestBody: {
          required: true,
          content: {
            "application/x-pem-file": { schema: { type: "string" } },
            "application/json": {
              schema: {
                type: "object",
                required: ["pem"],
                properties: {
                  pem: { type: "string" },
                  cnOverrideReason: {
                    type: "string",
                    maxLength: 500,
                    description:
                      "Admin only: accept a CN other than the template's, for this reason (audited, shown on the CSR)",
                  },
                },
              },
            },
          },
        },
        responses: {
          "201": { description: "Stored", content: { "application/json": { schema: created } } },
          "401": errorResponse("No valid token"),
          "403": {
            description:
              "The token's role is below operator, or cnOverrideReason was sent by a non-admin (csr.cn_override_forbidden)",
            content: { "application/json": { schema: violations } },
          },
          "404": errorResponse("No such environment"),
          "409": {
            description: "A CSR with this public key exists",
            content: { "application/json": { schema: violations } },
          },
          "413": errorResponse("Body larger than 64 KB"),
          "422": {
            description:
              "Violations of the policy, undecodable input, a private key (exposed), or an empty override reason",
            content: { "application/json": { schema: violations } },
          },
        },
      },
    },
  };
}
