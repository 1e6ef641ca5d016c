import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";
import { cancelCsrSchema, submitCsrSchema } from "@/lib/csr/schema";
import { revokeSchema } from "@/lib/certificate/schema";
import { onboardSigningKeySchema, retireSigningKeySchema } from "@/lib/signing-key/schema";
import { TRUST_STORE_SLUGS } from "@/lib/trust-store/kinds";

/**
 * The OpenAPI entries of the API twins of the UI's smaller buttons, kept together
 * here so the features' own contract.ts files stay as they were. Request bodies are the zod
 * schemas the routes and the forms share.
 */
const json = (schema: object) => ({ "application/json": { schema } });
const path = (name: string) => ({ name, in: "path", required: true, schema: z.string() });
const envId = path("envId");
const body = (schema: z.ZodType) => ({
  required: true,
  content: json(schema),
});
const writeErrors = (role: "operator" | "admin", notFound: string, conflict?: string) => ({
  "400": errorResponse("Malformed JSON"),
  "401": errorResponse("No valid token"),
  "403": errorResponse(`Below ${role}`),
  "404": errorResponse(notFound),
  ...(conflict ? { "409": errorResponse(conflict) } : {}),
  "415": errorResponse("Not JSON"),
  "422": errorResponse("invalid_body: error.fields names each bad field"),
});
const object = z.looseObject({});

export function actionTwinPaths() {
  return {
    "/api/v1/environments/{envId}/csrs/{csrId}/submit": {
      post: {
        summary: "Mark the CSR sent to Thales (operator), as the CSR page. Audited",
        parameters: [envId, path("csrId")],
        requestBody: body(submitCsrSchema),
        responses: {
          "200": { description: "The CSR", content: json(object) },
          ...writeErrors(
            "operator",
            "No such CSR in this environment",
            "csr.wrong_status: the CSR is not in a state that can be submitted",
          ),
        },
      },
    },
    "/api/v1/environments/{envId}/csrs/{csrId}/cancel": {
      post: {
        summary: "Cancel the CSR with a reason (operator). Audited",
        parameters: [envId, path("csrId")],
        requestBody: body(cancelCsrSchema),
        responses: {
          "200": { description: "The CSR", content: json(object) },
          ...writeErrors(
            "operator",
            "No such CSR in this environment",
            "csr.wrong_status: the CSR was already cancelled or has its certificate",
          ),
        },
      },
    },
    "/api/v1/environments/{envId}/certificates/{certificateId}/revoke": {
      post: {
        summary: "Mark the certificate revoked by hand, with a reason (operator). Audited",
        parameters: [envId, path("certificateId")],
        requestBody: body(revokeSchema),
        responses: {
          "200": {
            description: "Revoked",
            content: json(
              z.object({
                id: z.string().optional(),
                revokedAt: z.iso.datetime().optional(),
                revokedReason: z.string().optional(),
              }),
            ),
          },
          ...writeErrors(
            "operator",
            "No such certificate in this environment",
            "certificate.already_revoked",
          ),
        },
      },
    },
    "/api/v1/environments/{envId}/signing-keys/{keyId}/onboarded": {
      post: {
        summary:
          "Thales confirmed the key on a day (operator); the key it replaces is retired with it. Audited",
        parameters: [envId, path("keyId")],
        requestBody: body(onboardSigningKeySchema),
        responses: {
          "200": {
            description: "The key, and the ids of keys retired with this step",
            content: json(object),
          },
          ...writeErrors(
            "operator",
            "No such signing key in this environment",
            "signing_key.wrong_state: retired, or already onboarded",
          ),
        },
      },
    },
    "/api/v1/environments/{envId}/signing-keys/{keyId}/retire": {
      post: {
        summary: "Retire the signing key with a reason (operator). Audited",
        parameters: [envId, path("keyId")],
        requestBody: body(retireSigningKeySchema),
        responses: {
          "200": { description: "The key", content: json(object) },
          ...writeErrors(
            "operator",
            "No such signing key in this environment",
            "signing_key.wrong_state: already retired",
          ),
        },
      },
    },
    "/api/v1/environments/{envId}/trust-stores/{kind}/{entryId}": {
      delete: {
        summary:
          "Remove one certificate from a trust store (operator), as the page's remove button. Audited",
        parameters: [
          envId,
          {
            name: "kind",
            in: "path",
            required: true,
            schema: z.enum(TRUST_STORE_SLUGS),
          },
          path("entryId"),
        ],
        responses: {
          "204": { description: "Removed" },
          "401": errorResponse("No valid token"),
          "403": errorResponse("Below operator"),
          "404": errorResponse("No such store, or no such entry in this store of this environment"),
        },
      },
    },
    "/api/v1/notifications/read": {
      post: {
        summary:
          "Mark one of the token's user's notifications read ({ id }), or all of them ({}), as the bell does (any role)",
        requestBody: {
          required: true,
          content: json(z.object({ id: z.string().optional() })),
        },
        responses: {
          "200": {
            description: "What is left unread",
            content: json(
              z.object({ userId: z.string().nullable().optional(), unread: z.int().optional() }),
            ),
          },
          "400": errorResponse("Malformed JSON"),
          "401": errorResponse("No valid token"),
          "415": errorResponse("Not JSON"),
          "422": errorResponse("invalid_body: an empty id or another field"),
        },
      },
    },
    "/api/v1/gateways/{gatewayId}": {
      parameters: [path("gatewayId")],
      get: {
        summary:
          "The gateway's settings, as the settings form shows them (webhookUrl, a secret, only to admins)",
        responses: {
          "200": { description: "The settings", content: json(object) },
          "401": errorResponse("No valid token"),
          "404": errorResponse("No such gateway"),
        },
      },
      put: {
        summary:
          "Save the settings form (admin). Every setting is sent, with the version GET gave: a missing reminderEmails or webhookUrl clears it, as an emptied form field does. reminderThresholds and reminderEmails may be arrays or comma-separated text. Audited",
        requestBody: {
          required: true,
          content: json(
            z.object({
              version: z.int(),
              name: z.string(),
              subjectCountry: z.string().nullable().optional(),
              subjectState: z.string().nullable().optional(),
              subjectLocality: z.string().nullable().optional(),
              subjectOrg: z.string().nullable().optional(),
              subjectOrgUnit: z.string().nullable().optional(),
              cnTemplate: z.string(),
              renewalLeadDays: z.int().min(7).max(730),
              keyRotationDays: z.int().min(30).max(3650).optional(),
              reminderThresholds: z.union([z.array(z.int()), z.string()]),
              reminderEmails: z.union([z.array(z.email()), z.string()]).optional(),
              webhookUrl: z.url().nullable().optional(),
            }),
          ),
        },
        responses: {
          "200": { description: "The settings now", content: json(object) },
          ...writeErrors(
            "admin",
            "No such gateway",
            "gateway.stale: someone saved the settings since the version sent",
          ),
        },
      },
    },
  };
}
