import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";
import { TRUST_STORE_SLUGS } from "@/lib/trust-store/kinds";
import { CERTIFICATE_CHECK_CODES, CERTIFICATE_REASON_CODES } from "@/lib/policy";
import { CERTIFICATE_API_MAX_PAGE_SIZE, CERTIFICATE_API_PAGE_SIZE } from "./schema";

const reasons = Object.entries(CERTIFICATE_REASON_CODES);
const check = z.object({
  code: z.enum(Object.keys(CERTIFICATE_CHECK_CODES)).optional(),
  status: z
    .enum(["pass", "warn", "fail", "unverified", "note"])
    .describe(
      "unverified: trust could not be established (not compliant, nothing known wrong); note: information, never a failure.",
    )
    .optional(),
  message: z.string().optional(),
  reason: z
    .enum(reasons.filter(([code]) => !code.startsWith("import.")).map(([code]) => code))
    .describe(
      reasons
        .filter(([code]) => !code.startsWith("import."))
        .map(([code, d]) => `${code}: ${d.title}.`)
        .join(" "),
    )
    .optional(),
});
const verdict = z
  .enum(["compliant", "unverified", "non_compliant"])
  .describe(
    "compliant only when every check passed and the chain verified to a CA of client-cert-issuers; unverified when only that trust is missing (store empty, or its CA came only in the upload).",
  );
const refusalCodes = [
  "duplicate",
  "private_key_exposed",
  "input.*",
  "input.no_leaf",
  "input.not_a_client_certificate",
  ...reasons.filter(([code]) => code.startsWith("import.")).map(([code]) => code),
];
const outcomeOfImport = z
  .object({
    stored: z.boolean().optional(),
    id: z.string().optional(),
    sha256: z.string().optional(),
    commonName: z.string().optional(),
    subjectDn: z.string().optional(),
    verdict: verdict.optional(),
    compliant: z.boolean().optional(),
    adopted: z
      .boolean()
      .describe("No CSR on record has its key: checked on its own; 'matches a CSR' is a note.")
      .optional(),
    checks: z.array(check).optional(),
    failures: z.array(check).optional(),
    matchedCsrId: z.string().nullable().optional(),
    code: z
      .string()
      .describe(`When not stored: ${refusalCodes.join(", ")}`)
      .optional(),
    message: z.string().optional(),
  })
  .describe(
    "One certificate of the upload: stored with its verdict, or refused (code, message) on its own.",
  );
/** A certificate as the API shows it (toCertificateDto in ./dto.ts returns exactly this). */
export const certificateDto = z
  .object({
    id: z.string(),
    environmentId: z.string(),
    serialNumber: z.string(),
    subjectDn: z.string(),
    commonName: z.string(),
    issuerDn: z.string(),
    keyType: z.string(),
    keySize: z.int().optional(),
    curve: z.string().optional(),
    notBefore: z.iso.datetime(),
    notAfter: z.iso.datetime(),
    daysLeft: z.int(),
    state: z.enum(["active", "expiring", "expired", "superseded", "revoked"]),
    sha256: z.string(),
    publicKeySha256: z.string(),
    compliant: z.boolean(),
    verdict,
    adopted: z.boolean(),
    checks: z.array(check),
    matchedCsrId: z.string().nullable(),
    supersededById: z.string().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    revokedReason: z.string().nullable(),
    importedBy: z.string(),
    importedAt: z.iso.datetime(),
  })
  .meta({ id: "Certificate" });
export type CertificateDto = z.infer<typeof certificateDto>;
export type CertificateCheckDto = z.infer<typeof check>;
const certificate = certificateDto;
const certificateBody = {
  required: true,
  content: {
    "application/x-pem-file": {
      schema: z.string(),
      description: "One certificate or a PEM bundle",
    },
    "application/pkix-cert": { schema: z.string().meta({ format: "binary" }), description: "DER" },
    "application/pkcs7-mime": {
      schema: z.string().meta({ format: "binary" }),
      description: "PKCS#7 (.p7b)",
    },
    "application/json": {
      schema: z.object({ pem: z.string() }),
    },
  },
};
const envId = { name: "envId", in: "path", required: true, schema: z.string() };
const outcome = z.array(
  z.object({
    sha256: z.string().optional(),
    subject: z.string().optional(),
    reason: z.string().optional(),
  }),
);
const reevaluated = z
  .array(
    z.object({
      certificateId: z.string().optional(),
      commonName: z.string().optional(),
      from: z.string().optional(),
      to: z.string().optional(),
    }),
  )
  .describe(
    "client-cert-issuers only: the environment's certificates whose verdict changed with this store change (judged again in the same transaction, audited)",
  );

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
                schema: z.object({ certificates: z.array(certificate).optional() }),
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
            schema: z.boolean(),
            description:
              "Admin only: first add every CA certificate of the upload to client-cert-issuers (audited). Without it, the upload's CAs are never trusted.",
          },
          {
            name: "addIssuer",
            in: "query",
            schema: z.array(z.string()),
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
                schema: z.object({
                  ...outcomeOfImport.shape,
                  issuersAdded: z.int().optional(),
                  certificates: z.array(outcomeOfImport).optional(),
                }),
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
            schema: z.string(),
            description: "An environment id, or PPR / PRD",
          },
          { name: "expiringWithinDays", in: "query", schema: z.int().min(0) },
          { name: "page", in: "query", schema: z.int().min(1).default(1) },
          {
            name: "pageSize",
            in: "query",
            schema: z
              .int()
              .min(1)
              .max(CERTIFICATE_API_MAX_PAGE_SIZE)
              .default(CERTIFICATE_API_PAGE_SIZE),
          },
        ],
        responses: {
          "200": {
            description:
              'One page of the certificates; a `Link` header with rel="next" while there are more',
            content: {
              "application/json": {
                schema: z.object({
                  total: z.int().optional(),
                  page: z.int().optional(),
                  pageSize: z.int().optional(),
                  pages: z.int().optional(),
                  certificates: z.array(certificate).optional(),
                }),
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
            schema: z.enum(TRUST_STORE_SLUGS),
          },
        ],
        requestBody: certificateBody,
        responses: {
          "200": {
            description: "Nothing added",
            content: {
              "application/json": {
                schema: z.object({
                  added: outcome.optional(),
                  skipped: outcome.optional(),
                  rejected: outcome.optional(),
                }),
              },
            },
          },
          "201": {
            description: "Some added",
            content: {
              "application/json": {
                schema: z.object({
                  added: outcome.optional(),
                  skipped: outcome.optional(),
                  rejected: outcome.optional(),
                  reevaluated: reevaluated.optional(),
                }),
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
            schema: z.enum(TRUST_STORE_SLUGS),
          },
        ],
        responses: {
          "200": {
            description: "PEM bundle",
            content: { "application/x-pem-file": { schema: z.string() } },
          },
          "404": errorResponse("No such environment or store"),
        },
      },
    },
  };
}
