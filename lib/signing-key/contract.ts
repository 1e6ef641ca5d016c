import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";

const jwk = z
  .object({
    kty: z.literal("EC"),
    crv: z.literal("P-256"),
    x: z.string(),
    y: z.string(),
    alg: z.literal("ES256").optional(),
    use: z.literal("sig").optional(),
    kid: z.string(),
  })
  .describe("Public JWK (RFC 7517) to onboard with Thales; kid is the RFC 7638 thumbprint");

/** A signing key as the API shows it (toSigningKeyDto in ./dto.ts returns exactly this). */
export const signingKeyDto = z
  .object({
    id: z.string(),
    environmentId: z.string(),
    alg: z.literal("ES256"),
    kid: z.string().describe("Same as thumbprint"),
    thumbprint: z.string().describe("RFC 7638 JWK thumbprint: SHA-256, base64url"),
    status: z
      .enum(["active", "pending", "retired"])
      .describe("active: onboarded with Thales; pending: not yet onboarded"),
    publicKeyPem: z.string(),
    jwk: jwk,
    onboardedAt: z.iso.date().nullable(),
    onboardedBy: z.string().nullable(),
    retiredAt: z.iso.datetime().nullable(),
    retiredBy: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    rotateBy: z.iso
      .date()
      .nullable()
      .describe("onboardedAt (or createdAt) + the gateway's keyRotationDays; null once retired"),
    rotationState: z.enum(["ok", "rotation-due", "none"]),
  })
  .meta({ id: "SigningKey" });
export type SigningKeyDto = z.infer<typeof signingKeyDto>;
const signingKey = signingKeyDto;

const refusal = z.object({
  error: z.object({ code: z.string().optional(), message: z.string().optional() }).optional(),
  warning: z
    .string()
    .describe("Present when a private key was sent: it must be considered exposed.")
    .optional(),
});

export function signingKeyPaths() {
  const envId = { name: "envId", in: "path", required: true, schema: z.string() };
  return {
    "/api/v1/environments/{envId}/signing-keys": {
      get: {
        summary:
          "List the ES256 OAuth signing keys (public halves) of an environment, newest first",
        parameters: [envId],
        responses: {
          "200": {
            description: "The keys, and the environment's rotation verdict",
            content: {
              "application/json": {
                schema: z.object({
                  keyRotationDays: z.int().optional(),
                  rotationState: z.enum(["ok", "rotation-due", "none"]).optional(),
                  currentKeyId: z.string().nullable().optional(),
                  signingKeys: z.array(signingKey).optional(),
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
          "Register the public key of an ES256 key pair made elsewhere (operator). Never send the private key.",
        parameters: [envId],
        requestBody: {
          required: true,
          content: {
            "application/x-pem-file": {
              schema: z.string().describe("-----BEGIN PUBLIC KEY----- (EC P-256)"),
            },
            "application/json": {
              schema: z.object({ publicKeyPem: z.string() }),
            },
          },
        },
        responses: {
          "201": {
            description: "Stored; JWK and thumbprint derived by the server",
            content: { "application/json": { schema: signingKey } },
          },
          "400": errorResponse("Malformed JSON"),
          "401": errorResponse("No valid token"),
          "403": errorResponse("The token's role is below operator"),
          "404": errorResponse("No such environment"),
          "409": {
            description: "This public key is already registered",
            content: { "application/json": { schema: refusal } },
          },
          "413": errorResponse("Body larger than 16 KB"),
          "415": errorResponse("Neither PEM nor JSON"),
          "422": {
            description:
              "Not an EC P-256 public key (RSA, other curve, certificate, CSR, undecodable), or a private key (exposed)",
            content: { "application/json": { schema: refusal } },
          },
        },
      },
    },
  };
}
