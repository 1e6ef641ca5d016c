import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";
import {
  deployRenewalSchema,
  linkRenewalCsrSchema,
  startRenewalSchema,
  submitRenewalSchema,
} from "./schema";
import { RENEWAL_STEPS } from "./workflow";

const day = z.iso.date().nullable();
const time = z.iso.datetime().nullable();
const who = z.string().nullable();
/** A renewal as the API shows it (toRenewalDto in ./dto.ts returns exactly this). */
export const renewalDto = z
  .object({
    id: z.string(),
    environmentId: z.string(),
    status: z.enum(["open", "completed", "abandoned"]),
    nextStep: z
      .enum([...RENEWAL_STEPS])
      .nullable()
      .describe("imported happens by importing the new certificate (POST …/certificates)"),
    steps: z.array(z.enum(RENEWAL_STEPS)),
    oldCertificateId: z.string(),
    newCsrId: z.string().nullable(),
    newCertificateId: z.string().nullable(),
    startedAt: z.iso.datetime(),
    startedBy: z.string(),
    csrAt: time,
    csrBy: who,
    submittedAt: day,
    submittedBy: who,
    submissionRef: who,
    importedAt: time,
    importedBy: who,
    deployedAt: day,
    deployedBy: who,
    deploymentNote: who,
    retiredAt: time,
    retiredBy: who,
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Renewal" });
export type RenewalDto = z.infer<typeof renewalDto>;
const renewal = renewalDto;
const json = (schema: object) => ({ "application/json": { schema } });
const envId = { name: "envId", in: "path", required: true, schema: z.string() };
const renewalId = { name: "renewalId", in: "path", required: true, schema: z.string() };
const STEP_ERRORS = {
  "400": errorResponse("Malformed JSON"),
  "401": errorResponse("No valid token"),
  "403": errorResponse("Below operator"),
  "404": errorResponse("No such renewal (or certificate) in this environment (not_found)"),
  "409": errorResponse(
    "renewal.closed: the renewal is not open; renewal.out_of_order: another step is next (see nextStep); renewal.stale: someone changed it meanwhile; renewal.superseded: the certificate was already replaced; renewal.installations_remaining (retire): installations still carry the old certificate, named in the message",
  ),
  "415": errorResponse("Not JSON"),
  "422": errorResponse(
    "invalid_body: a bad field (error.fields names it); renewal.csr_not_in_environment; renewal.key_reused: the CSR holds the old certificate's key; renewal.installations_required (deploy): name which installations of the old certificate now carry the new one; renewal.installation_not_on_old: an id is not an installation still on the old certificate",
  ),
};

/** Renewals and their steps, as the renewal page's buttons (operator). */
export function renewalPaths() {
  const step = (summary: string, schema: object | null) => ({
    post: {
      summary,
      parameters: [envId, renewalId],
      ...(schema ? { requestBody: { required: true, content: json(schema) } } : {}),
      responses: {
        "200": { description: "The renewal after this step", content: json(renewal) },
        ...STEP_ERRORS,
      },
    },
  });
  const base = "/api/v1/environments/{envId}/renewals/{renewalId}";
  return {
    "/api/v1/environments/{envId}/renewals": {
      get: {
        summary: "The environment's renewals, newest first (at most 200)",
        parameters: [envId],
        responses: {
          "200": {
            description: "The renewals",
            content: json(z.object({ renewals: z.array(renewal).optional() })),
          },
          "401": errorResponse("No valid token"),
          "404": errorResponse("No such environment"),
        },
      },
      post: {
        summary:
          "Start renewing a certificate (operator). Audited. One open renewal per certificate: an open one is answered with 200",
        parameters: [envId],
        requestBody: { required: true, content: json(startRenewalSchema) },
        responses: {
          "201": { description: "Started", content: json(renewal) },
          "200": { description: "Already open", content: json(renewal) },
          ...STEP_ERRORS,
        },
      },
    },
    [base]: {
      get: {
        summary: "One renewal: status, next step, who did each step when",
        parameters: [envId, renewalId],
        responses: {
          "200": { description: "The renewal", content: json(renewal) },
          "401": errorResponse("No valid token"),
          "404": errorResponse("No such renewal in this environment"),
        },
      },
    },
    [`${base}/csr`]: step(
      "Step csr (operator): a registered CSR of this environment with a NEW key joins the renewal. Audited",
      linkRenewalCsrSchema,
    ),
    [`${base}/submit`]: step(
      "Step submitted (operator): the CSR was sent to Thales on a day, with its reference; the CSR is marked submitted too. Audited",
      submitRenewalSchema,
    ),
    [`${base}/deploy`]: step(
      "Step deployed (operator): the new certificate is deployed; the old one's reminders stop. installationIds: the old certificate's installations that now carry the new one (required, at least one, when it has any; each moves, audited). Once the step is done, call it again with the others (more passes) until none is left: only then can the old certificate retire",
      deployRenewalSchema,
    ),
    [`${base}/retire`]: step(
      "Step retired (operator): the old certificate is superseded by the new one; the renewal completes. Refused (409 renewal.installations_remaining) while an installation still carries the old certificate. No body. Audited",
      null,
    ),
  };
}
