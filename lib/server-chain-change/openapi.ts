import { errorResponse } from "@/lib/openapi/helpers";
import { SERVER_CHAIN_STATUSES } from "./dto";

const day = (description: string) => ({ type: ["string", "null"], format: "date", description });

const chainCertificate = {
  type: "object",
  required: ["subject", "issuer", "notAfter", "sha256", "isCa"],
  properties: {
    subject: { type: "string" },
    issuer: { type: "string" },
    notBefore: { type: "string", format: "date-time" },
    notAfter: { type: "string", format: "date-time" },
    sha256: { type: "string", description: "Lowercase hex SHA-256 of the certificate DER" },
    isCa: { type: "boolean" },
  },
};

const serverChainChange = {
  type: "object",
  required: ["id", "status", "plannedAt", "verdict", "certificates", "chainPem", "version"],
  properties: {
    id: { type: "string" },
    environmentId: { type: "string" },
    status: {
      type: "string",
      enum: [...SERVER_CHAIN_STATUSES],
      description: "planned → notified → acknowledged (optional) → switched; or cancelled. acknowledged or switched means Thales has our chain.",
    },
    nextStep: { type: ["string", "null"], enum: ["notify", "acknowledge", "switch", null], description: "After notify, the switch may also come without an acknowledgement" },
    plannedAt: { type: "string", format: "date", description: "Planned switch date (may be in the future)" },
    notifiedAt: day("The day Thales was notified"),
    notifiedBy: { type: ["string", "null"] },
    acknowledgedAt: day("The day Thales acknowledged"),
    acknowledgedBy: { type: ["string", "null"] },
    acknowledgementRef: { type: ["string", "null"], description: "Thales' reference for the acknowledgement" },
    switchedAt: day("The day we switched to the new chain"),
    switchedBy: { type: ["string", "null"] },
    overrideReason: { type: ["string", "null"], description: "Set when an admin switched without Thales notified on or before the switch date" },
    cancelledAt: { type: ["string", "null"], format: "date-time" },
    notes: { type: "string" },
    verdict: {
      type: "object",
      properties: {
        status: { type: "string", enum: ["mozilla", "private"], description: "mozilla: chains to a root in Mozilla's store; private: Thales needs a PEM trust store from us" },
        message: { type: "string" },
      },
    },
    certificates: { type: "array", items: chainCertificate, description: "Our server certificate first, then its CAs" },
    chainPem: { type: "string" },
    version: { type: "integer", description: "Bumped by every step; a step sent for an older version is refused" },
    createdBy: { type: "string" },
    createdAt: { type: "string", format: "date-time" },
    updatedAt: { type: "string", format: "date-time" },
  },
};

export function serverChainChangePaths() {
  const envId = { name: "envId", in: "path", required: true, schema: { type: "string" } };
  return {
    "/api/v1/environments/{envId}/server-chain-changes": {
      get: {
        summary: "List the planned, done and cancelled changes of our server CA or chain, newest first",
        parameters: [envId],
        responses: {
          "200": {
            description: "The changes",
            content: { "application/json": { schema: { type: "object", properties: { serverChainChanges: { type: "array", items: serverChainChange } } } } },
          },
          "401": errorResponse("No valid token"),
          "404": errorResponse("No such environment"),
        },
      },
      post: {
        summary: "Plan a change of our server CA or chain (operator). Thales must be notified before the switch; the switch replaces the our-server-chain trust store.",
        parameters: [
          envId,
          { name: "plannedAt", in: "query", required: false, schema: { type: "string", format: "date" }, description: "With a PEM/DER/PKCS#7 body: the planned switch date" },
          { name: "notes", in: "query", required: false, schema: { type: "string" }, description: "With a PEM/DER/PKCS#7 body" },
        ],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["chainPem", "plannedAt"],
                properties: { chainPem: { type: "string", description: "Our server certificate, then its CAs" }, plannedAt: { type: "string", format: "date" }, notes: { type: "string", maxLength: 2000 } },
              },
            },
            "application/x-pem-file": { schema: { type: "string" } },
            "application/pkix-cert": { schema: { type: "string", format: "binary" } },
            "application/pkcs7-mime": { schema: { type: "string", format: "binary" } },
          },
        },
        responses: {
          "201": { description: "Planned", content: { "application/json": { schema: serverChainChange } } },
          "400": errorResponse("Malformed JSON"),
          "401": errorResponse("No valid token"),
          "403": errorResponse("The token's role is below operator"),
          "404": errorResponse("No such environment"),
          "409": errorResponse("Another change is open for this environment"),
          "413": errorResponse("Body larger than 1 MB"),
          "415": errorResponse("Neither JSON, PEM, DER nor PKCS#7"),
          "422": errorResponse("Bad date or notes; no server (leaf) certificate, several, one not for TLS servers or expired; undecodable input; a private key (exposed)"),
        },
      },
    },
  };
}
