import { errorResponse } from "@/lib/openapi/helpers";

const jwk = {
  type: "object",
  required: ["kty", "crv", "x", "y", "kid"],
  description: "Public JWK (RFC 7517) to onboard with Thales; kid is the RFC 7638 thumbprint",
  properties: {
    kty: { type: "string", const: "EC" },
    crv: { type: "string", const: "P-256" },
    x: { type: "string" },
    y: { type: "string" },
    alg: { type: "string", const: "ES256" },
    use: { type: "string", const: "sig" },
    kid: { type: "string" },
  },
};

const signingKey = {
  type: "object",
  required: ["id", "alg", "kid", "thumbprint", "status", "publicKeyPem", "jwk", "rotationState"],
  properties: {
    id: { type: "string" },
    environmentId: { type: "string" },
    alg: { type: "string", const: "ES256" },
    kid: { type: "string", description: "Same as thumbprint" },
    thumbprint: { type: "string", description: "RFC 7638 JWK thumbprint: SHA-256, base64url" },
    status: {
      type: "string",
      enum: ["active", "pending", "retired"],
      description: "active: onboarded with Thales; pending: not yet onboarded",
    },
    publicKeyPem: { type: "string" },
    jwk,
    onboardedAt: { type: ["string", "null"], format: "date" },
    onboardedBy: { type: ["string", "null"] },
    retiredAt: { type: ["string", "null"], format: "date-time" },
    retiredBy: { type: ["string", "null"] },
    createdBy: { type: "string" },
    createdAt: { type: "string", format: "date-time" },
    rotateBy: {
      type: ["string", "null"],
      format: "date",
      description: "onboardedAt (or createdAt) + the gateway's keyRotationDays; null once retired",
    },
    rotationState: { type: "string", enum: ["ok", "rotation-due", "none"] },
  },
};

const refusal = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: { code: { type: "string" }, message: { type: "string" } },
    },
    warning: {
      type: "string",
      description: "Present when a private key was sent: it must be considered exposed.",
    },
  },
};

export function signingKeyPaths() {
  const envId = { name: "envId", in: "path", required: true, schema: { type: "string" } };
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
                schema: {
                  type: "object",
                  properties: {
                    keyRotationDays: { type: "integer" },
                    rotationState: { type: "string", enum: ["ok", "rotation-due", "none"] },
                    currentKeyId: { type: ["string", "null"] },
                    signingKeys: { type: "array", items: signingKey },
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
          "Register the public key of an ES256 key pair made elsewhere (operator). Never send the private key.",
        parameters: [envId],
        requestBody: {
          required: true,
          content: {
            "application/x-pem-file": {
              schema: { type: "string", description: "-----BEGIN PUBLIC KEY----- (EC P-256)" },
            },
            "application/json": {
              schema: {
                type: "object",
                required: ["publicKeyPem"],
                properties: { publicKeyPem: { type: "string" } },
              },
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
