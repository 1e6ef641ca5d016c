import { errorResponse } from "@/lib/openapi/helpers";
import { TRUST_STORE_SLUGS } from "@/lib/trust-store/kinds";
import { CERTIFICATE_API_MAX_PAGE_SIZE, CERTIFICATE_API_PAGE_SIZE } from "./schema";

const check = { type: "object", properties: { code: { type: "string" }, status: { type: "string", enum: ["pass", "warn", "fail"] }, message: { type: "string" } } };
const certificate = {
  type: "object",
  properties: {
    id: { type: "string" },
    serialNumber: { type: "string" },
    commonName: { type: "string" },
    subjectDn: { type: "string" },
    issuerDn: { type: "string" },
    keyType: { type: "string" },
    keySize: { type: "integer" },
    curve: { type: "string" },
    notBefore: { type: "string", format: "date-time" },
    notAfter: { type: "string", format: "date-time" },
    daysLeft: { type: "integer" },
    state: { type: "string", enum: ["active", "expiring", "expired", "superseded", "revoked"] },
    sha256: { type: "string" },
    publicKeySha256: { type: "string" },
    compliant: { type: "boolean" },
    checks: { type: "array", items: check },
    matchedCsrId: { type: ["string", "null"] },
  },
};
const certificateBody = {
  required: true,
  content: {
    "application/x-pem-file": { schema: { type: "string" }, description: "One certificate or a PEM bundle" },
    "application/pkix-cert": { schema: { type: "string", format: "binary" }, description: "DER" },
    "application/pkcs7-mime": { schema: { type: "string", format: "binary" }, description: "PKCS#7 (.p7b)" },
    "application/json": { schema: { type: "object", required: ["pem"], properties: { pem: { type: "string" } } } },
  },
};
const envId = { name: "envId", in: "path", required: true, schema: { type: "string" } };
const outcome = { type: "array", items: { type: "object", properties: { sha256: { type: "string" }, subject: { type: "string" }, reason: { type: "string" } } } };

export function certificatePaths() {
  return {
    "/api/v1/environments/{envId}/certificates": {
      get: { summary: "Certificates of an environment, soonest expiry first", parameters: [envId], responses: { "200": { description: "The certificates", content: { "application/json": { schema: { type: "object", properties: { certificates: { type: "array", items: certificate } } } } } }, "404": errorResponse("No such environment") } },
      post: {
        summary: "Import an issued certificate (operator): matched to its CSR and checked",
        parameters: [envId, { name: "addIssuers", in: "query", schema: { type: "boolean" }, description: "Also add the bundle's CA certificates to client-cert-issuers" }],
        requestBody: certificateBody,
        responses: {
          "201": { description: "Stored; compliant or not", content: { "application/json": { schema: { type: "object", properties: { id: { type: "string" }, compliant: { type: "boolean" }, checks: { type: "array", items: check }, failures: { type: "array", items: check }, matchedCsrId: { type: ["string", "null"] } } } } } },
          "401": errorResponse("No valid token"),
          "403": errorResponse("Below operator"),
          "404": errorResponse("No such environment"),
          "409": errorResponse("Already in the inventory"),
          "413": errorResponse("Larger than 1 MB"),
          "415": errorResponse("Unsupported content type"),
          "422": errorResponse("Undecodable, not a certificate, or private-key material (exposed)"),
        },
      },
    },
    "/api/v1/certificates": {
      get: {
        summary: "Certificates across all environments, with days left",
        parameters: [
          { name: "environment", in: "query", schema: { type: "string" }, description: "An environment id, or PPR / PRD" },
          { name: "expiringWithinDays", in: "query", schema: { type: "integer", minimum: 0 } },
          { name: "page", in: "query", schema: { type: "integer", minimum: 1, default: 1 } },
          { name: "pageSize", in: "query", schema: { type: "integer", minimum: 1, maximum: CERTIFICATE_API_MAX_PAGE_SIZE, default: CERTIFICATE_API_PAGE_SIZE } },
        ],
        responses: {
          "200": {
            description: "One page of the certificates; a `Link` header with rel=\"next\" while there are more",
            content: { "application/json": { schema: { type: "object", properties: { total: { type: "integer" }, page: { type: "integer" }, pageSize: { type: "integer" }, pages: { type: "integer" }, certificates: { type: "array", items: certificate } } } } },
          },
          "422": errorResponse("Invalid query"),
        },
      },
    },
    "/api/v1/environments/{envId}/trust-stores/{kind}": {
      post: {
        summary: "Add certificates to a trust store (operator); duplicates are skipped, unfit ones refused",
        parameters: [envId, { name: "kind", in: "path", required: true, schema: { type: "string", enum: TRUST_STORE_SLUGS } }],
        requestBody: certificateBody,
        responses: {
          "200": { description: "Nothing added", content: { "application/json": { schema: { type: "object", properties: { added: outcome, skipped: outcome, rejected: outcome } } } } },
          "201": { description: "Some added", content: { "application/json": { schema: { type: "object", properties: { added: outcome, skipped: outcome, rejected: outcome } } } } },
          "404": errorResponse("No such environment or store"),
          "422": errorResponse("Undecodable input or private-key material"),
        },
      },
    },
    "/api/v1/environments/{envId}/trust-stores/{kind}.pem": {
      get: {
        summary: "Export a trust store as a PEM bundle",
        parameters: [envId, { name: "kind", in: "path", required: true, schema: { type: "string", enum: TRUST_STORE_SLUGS } }],
        responses: { "200": { description: "PEM bundle", content: { "application/x-pem-file": { schema: { type: "string" } } } }, "404": errorResponse("No such environment or store") },
      },
    },
  };
}
