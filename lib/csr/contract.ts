import { z } from "zod";
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

const problem = (codes: string[]) =>
  z.object({
    code: z.enum(codes),
    message: z.string(),
    field: z.string().describe("Subject field or setting at fault").optional(),
    params: z
      .record(z.string(), z.string())
      .describe("The values the message was built from")
      .optional(),
  });

const violations = z.object({
  error: z
    .object({
      code: z
        .enum(["policy_violation", "private_key_exposed", "duplicate", "forbidden", "not_found"])
        .optional(),
      message: z.string().optional(),
    })
    .optional(),
  violations: z.array(problem(CSR_REFUSAL_CODES)).optional(),
  warning: z
    .string()
    .describe("Present when a private key was sent: it must be considered exposed.")
    .optional(),
});

/** A CSR as the API shows it (toCsrDto in ./dto.ts returns exactly this). */
export const csrDto = z
  .object({
    id: z.string(),
    environmentId: z.string(),
    subject: z.looseObject({}).describe("C, ST, L, O, OU, CN and any other attributes"),
    subjectDn: z.string(),
    commonName: z.string(),
    keyType: z.enum(["RSA", "ECDSA"]),
    keySize: z.int().describe("RSA only").optional(),
    curve: z.string().describe("ECDSA only").optional(),
    publicKeySha256: z.string().describe("SHA-256 of the SubjectPublicKeyInfo, hex"),
    status: z.enum(["generated", "submitted", "fulfilled", "cancelled"]),
    origin: z.string(),
    cnOverridden: z.boolean().describe("An admin accepted a CN other than the template's"),
    cnOverrideReason: z.string().nullable().describe("Present when cnOverridden").optional(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    submittedAt: z.iso.datetime().nullable(),
    submittedTo: z.string().nullable(),
    submissionRef: z.string().nullable(),
    cancelReason: z.string().nullable(),
  })
  .meta({ id: "Csr" });
export type CsrDto = z.infer<typeof csrDto>;
const csr = csrDto;

const created = csr.extend({
  warnings: z
    .array(problem(CSR_WARNING_CODES).extend({ severity: z.enum(["warning"]).optional() }))
    .describe(
      "Accepted, but worth reading: field order, unusual RSA exponent, requested extensions",
    )
    .optional(),
});

export function csrPaths() {
  const envId = { name: "envId", in: "path", required: true, schema: z.string() };
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
                schema: z.object({ csrs: z.array(csr).optional() }),
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
            "application/x-pem-file": { schema: z.string() },
            "application/json": {
              schema: z.object({
                pem: z.string(),
                cnOverrideReason: z
                  .string()
                  .max(500)
                  .describe(
                    "Admin only: accept a CN other than the template's, for this reason (audited, shown on the CSR)",
                  )
                  .optional(),
              }),
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
