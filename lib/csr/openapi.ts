import { errorResponse } from "@/lib/openapi/helpers";

const violations = {
  type: "object",
  properties: {
    error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } },
    violations: { type: "array", items: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" }, field: { type: "string" } } } },
    warning: { type: "string", description: "Present when a private key was sent: it must be considered exposed." },
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
          "200": { description: "The CSRs", content: { "application/json": { schema: { type: "object", properties: { csrs: { type: "array", items: csr } } } } } },
          "401": errorResponse("No valid token"),
          "404": errorResponse("No such environment"),
        },
      },
      post: {
        summary: "Register a CSR made elsewhere (operator); it is checked against the partner's policy",
        parameters: [envId],
        requestBody: {
          required: true,
          content: {
            "application/x-pem-file": { schema: { type: "string" } },
            "application/json": { schema: { type: "object", required: ["pem"], properties: { pem: { type: "string" } } } },
          },
        },
        responses: {
          "201": { description: "Stored", content: { "application/json": { schema: csr } } },
          "401": errorResponse("No valid token"),
          "403": errorResponse("The token's role is below operator"),
          "404": errorResponse("No such environment"),
          "409": { description: "A CSR with this public key exists", content: { "application/json": { schema: violations } } },
          "413": errorResponse("Body larger than 64 KB"),
          "422": { description: "Violations of the policy, undecodable input, or a private key (exposed)", content: { "application/json": { schema: violations } } },
        },
      },
    },
  };
}
