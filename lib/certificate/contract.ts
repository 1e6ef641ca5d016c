import { errorResponse } from "@/lib/openapi/helpers";
import { TRUST_STORE_SLUGS } from "@/lib/trust-store/kinds";
import { CERTIFICATE_CHECK_CODES, CERTIFICATE_REASON_CODES } from "@/lib/policy";
import { CERTIFICATE_API_MAX_PAGE_SIZE, CERTIFICATE_API_PAGE_SIZE } from "./schema";

const reasons = Object.entries(CERTIFICATE_REASON_CODES);
const check = {
  type: "object",
  properties: {
    code: { type: "string", enum: Object.keys(CERTIFICATE_CHECK_CODES) },
    status: {
      type: "string",
      enum: ["pass", "warn", "fail", "unverified", "note"],
      description:
        "unverified: trust could not be established (not compliant, nothing known wrong); note: information, never a failure.",
    },
    message: { type: "string" },
    reason: {
      type: "string",
      enum: reasons.filter(([code]) => !code.startsWith("import.")).map(([code]) => code),
      description: reasons
        .filter(([code]) => !code.startsWith("import."))
        .map(([code, d]) => `${code}: ${d.title}.`)
        .join(" "),
    },
  },
};
const verdict = {
  type: "string",
  enum: ["compliant", "unverified", "non_compliant"],
  description:
    "compliant only when every check passed and the chain verified to a CA of client-cert-issuers; unverified when only that trust is missing (store empty, or its CA came only in the upload).",
};
const refusalCodes = [
  "duplicate",
  "private_key_exposed",
  "input.*",
  "input.no_leaf",
  "input.not_a_client_certificate",
  ...reasons.filter(([code]) => code.startsWith("import.")).map(([code]) => code),
];
const outcomeOfImport = {
  type: "object",
  description:
    "One certificate of the upload: stored with its verdict, or refused (code, message) on its own.",
  properties: {
    stored: { type: "boolean" },
    id: { type: "string" },
    sha256: { type: "string" },
    commonName: { type: "string" },
    subjectDn: { type: "string" },
    verdict,
    compliant: { type: "boolean" },
    adopted: {
      type: "boolean",
      description: "No CSR on record has its key: checked on its own; 'matches a CSR' is a note.",
    },
    checks: { type: "array", items: check },
    failures: { type: "array", items: check },
    matchedCsrId: { type: ["string", "null"] },
    code: { type: "string", description: `When not stored: ${refusalCodes.join(", ")}` },
    message: { type: "string" },
  },
};
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
    verdict,
    adopted: { type: "boolean" },
    checks: { type: "array", items: check },
    matchedCsrId: { type: ["string", "null"] },
  },
};
const certificateBody = {
  required: true,
  content: {
    "application/x-pem-file": {
      schema: { type: "string" },
      description: "One certificate or a PEM bundle",
    },
    "application/pkix-cert": { schema: { type: "string", format: "binary" }, description: "DER" },
    "application/pkcs7-mime": {
      schema: { type: "string", format: "binary" },
      description: "PKCS#7 (.p7b)",
    },
    "application/json": {
      schema: { type: "object", required: ["pem"], properties: { pem: { type: "string" } } },
    },
  },
};
const envId = { name: "envId", in: "path", required: true, schema: { type: "string" } };
const outcome = {
  type: "array",
  items: {
    type: "object",
    properties: {
      sha256: { type: "string" },
      subject: { type: "string" },
      reason: { type: "string" },
    },
  },
};
const reevaluated = {
  type: "array",
  description:
    "client-cert-issuers only: the environment's certificates whose verdict changed with this store change (judged again in the same transaction, audited)",
  items: {
    type: "object",
    properties: {
      certificateId: { type: "string" },
      commonName: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
    },
  },
};

export function certificatePaths() {
  return {
    "/api/v1/environments/{envId}/certificates": {
      get: {
        summary: "Certificates of an environment, soonest expiry first",
        parameters: [envId],
        responses: {
          "200": {
            description: "The certificates",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { certificates: { type: "array", items: certificate } },
                },
              },
            },
          },
          "404": errorResponse("No such environment"),
        },
      },
      post: {
        summary:
          "Import issued or existing certificates (operator): each leaf of the upload matched to its CSR or adopted, checked, stored on its own",
        parameters: [
          envId,
          {
            name: "addIssuers",
            in: "query",
            schema: { type: "boolean" },
            description:
              "Admin only: first add every CA certificate of the upload to client-cert-issuers (audited). Without it, the upload's CAs are never trusted.",
          },
          {
            name: "addIssuer",
            in: "query",
            schema: { type: "array", items: { type: "string" } },
            style: "form",
            explode: true,
            description:
              "Admin only: the SHA-256 of one CA of the upload to add to client-cert-issuers first (repeatable).",
          },
        ],
        requestBody: certificateBody,
        responses: {
          "201": {
            description:
              "At least one certificate stored, each with its verdict; the top-level fields are the first stored one's, `certificates` has every leaf of the upload",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    ...outcomeOfImport.properties,
                    issuersAdded: { type: "integer" },
                    certificates: { type: "array", items: outcomeOfImport },
                  },
                },
              },
            },
          },
          "401": errorResponse("No valid token"),
          "403": errorResponse(
            "Below operator; or `import.add_issuers_admin_only`: adding the upload's CAs to client-cert-issuers needs an admin",
          ),
          "404": errorResponse("No such environment"),
          "409": errorResponse(
            "`duplicate`: already in the inventory; `import.none_stored`: none of the upload's certificates was stored (`error.certificates` says why for each)",
          ),
          "413": errorResponse("Larger than 1 MB"),
          "415": errorResponse("Unsupported content type"),
          "422": errorResponse(
            "Undecodable (`input.*`), only CA certificates (`input.no_leaf`, `input.not_a_client_certificate`), private-key material (`private_key_exposed`), or `import.issuer_not_in_upload`",
          ),
        },
      },
    },
    "/api/v1/certificates": {
      get: {
        summary: "Certificates across all environments, with days left",
        parameters: [
          {
            name: "environment",
            in: "query",
            schema: { type: "string" },
            description: "An environment id, or PPR / PRD",
          },
          { name: "expiringWithinDays", in: "query", schema: { type: "integer", minimum: 0 } },
          { name: "page", in: "query", schema: { type: "integer", minimum: 1, default: 1 } },
          {
            name: "pageSize",
            in: "query",
            schema: {
              type: "integer",
              minimum: 1,
              maximum: CERTIFICATE_API_MAX_PAGE_SIZE,
              default: CERTIFICATE_API_PAGE_SIZE,
            },
          },
        ],
        responses: {
          "200": {
            description:
              'One page of the certificates; a `Link` header with rel="next" while there are more',
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    total: { type: "integer" },
                    page: { type: "integer" },
                    pageSize: { type: "integer" },
                    pages: { type: "integer" },
                    certificates: { type: "array", items: certificate },
                  },
                },
              },
            },
          },
          "422": errorResponse("Invalid query"),
        },
      },
    },
    "/api/v1/environments/{envId}/trust-stores/{kind}": {
      post: {
        summary:
          "Add certificates to a trust store (operator); duplicates are skipped, unfit ones refused",
        parameters: [
          envId,
          {
            name: "kind",
            in: "path",
            required: true,
            schema: { type: "string", enum: TRUST_STORE_SLUGS },
          },
        ],
        requestBody: certificateBody,
        responses: {
          "200": {
            description: "Nothing added",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { added: outcome, skipped: outcome, rejected: outcome },
                },
              },
            },
          },
          "201": {
            description: "Some added",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { added: outcome, skipped: outcome, rejected: outcome, reevaluated },
                },
              },
            },
          },
          "404": errorResponse("No such environment or store"),
          "422": errorResponse("Undecodable input or private-key material"),
        },
      },
    },
    "/api/v1/environments/{envId}/trust-stores/{kind}.pem": {
      get: {
        summary: "Export a trust store as a PEM bundle",
        parameters: [
          envId,
          {
            name: "kind",
            in: "path",
            required: true,
            schema: { type: "string", enum: TRUST_STORE_SLUGS },
          },
        ],
        responses: {
          "200": {
            description: "PEM bundle",
            content: { "application/x-pem-file": { schema: { type: "string" } } },
          },
          "404": errorResponse("No such environment or store"),
        },
      },
    },
  };
}
