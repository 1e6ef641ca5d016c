import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";
import { SERVER_CHAIN_STATUSES } from "./dto";
import { acknowledgeSchema, cancelSchema, notifySchema, switchSchema } from "./schema";

const day = (description: string) => z.iso.date().nullable().describe(description);

const chainCertificate = z.object({
  subject: z.string(),
  issuer: z.string(),
  notBefore: z.iso.datetime(),
  notAfter: z.iso.datetime(),
  sha256: z.string().describe("Lowercase hex SHA-256 of the certificate DER"),
  isCa: z.boolean(),
});

/** A server chain change as the API shows it (toServerChainChangeDto in ./dto.ts returns exactly this). */
export const serverChainChangeDto = z
  .object({
    id: z.string(),
    environmentId: z.string(),
    status: z
      .enum([...SERVER_CHAIN_STATUSES])
      .describe(
        "planned → notified → acknowledged (optional) → switched; or cancelled. acknowledged or switched means Thales has our chain.",
      ),
    nextStep: z
      .enum(["notify", "acknowledge", "switch"])
      .nullable()
      .describe("After notify, the switch may also come without an acknowledgement"),
    plannedAt: z.iso.date().describe("Planned switch date (may be in the future)"),
    notifiedAt: day("The day Thales was notified"),
    notifiedBy: z.string().nullable(),
    acknowledgedAt: day("The day Thales acknowledged"),
    acknowledgedBy: z.string().nullable(),
    acknowledgementRef: z.string().nullable().describe("Thales' reference for the acknowledgement"),
    switchedAt: day("The day we switched to the new chain"),
    switchedBy: z.string().nullable(),
    overrideReason: z
      .string()
      .nullable()
      .describe("Set when an admin switched without Thales notified on or before the switch date"),
    cancelledAt: z.iso.datetime().nullable(),
    notes: z.string(),
    verdict: z.object({
      status: z
        .enum(["mozilla", "private", "empty", "no-leaf"])
        .describe(
          "mozilla: chains to a root in Mozilla's store; private: Thales needs a PEM trust store from us; empty, no-leaf: the verdict type allows them, though planning refuses such a chain",
        ),
      message: z.string(),
    }),
    certificates: z.array(chainCertificate).describe("Our server certificate first, then its CAs"),
    chainPem: z.string(),
    version: z.int().describe("Bumped by every step; a step sent for an older version is refused"),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "ServerChainChange" });
export type ServerChainChangeDto = z.infer<typeof serverChainChangeDto>;
const serverChainChange = serverChainChangeDto;

export function serverChainChangePaths() {
  const envId = { name: "envId", in: "path", required: true, schema: z.string() };
  return {
    "/api/v1/environments/{envId}/server-chain-changes": {
      get: {
        summary:
          "List the planned, done and cancelled changes of our server CA or chain, newest first",
        parameters: [envId],
        responses: {
          "200": {
            description: "The changes",
            content: {
              "application/json": {
                schema: z.object({ serverChainChanges: z.array(serverChainChange).optional() }),
              },
            },
          },
          "401": errorResponse("No valid token"),
          "404": errorResponse("No such environment"),
        },
      },
      post: {
        summary:
          "Plan a change of our server CA or chain (operator). Thales must be notified before the switch; the switch replaces the our-server-chain trust store.",
        parameters: [
          envId,
          {
            name: "plannedAt",
            in: "query",
            required: false,
            schema: z.iso.date(),
            description: "With a PEM/DER/PKCS#7 body: the planned switch date",
          },
          {
            name: "notes",
            in: "query",
            required: false,
            schema: z.string(),
            description: "With a PEM/DER/PKCS#7 body",
          },
        ],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({
                chainPem: z.string().describe("Our server certificate, then its CAs"),
                plannedAt: z.iso.date(),
                notes: z.string().max(2000).optional(),
              }),
            },
            "application/x-pem-file": { schema: z.string() },
            "application/pkix-cert": { schema: z.string().meta({ format: "binary" }) },
            "application/pkcs7-mime": { schema: z.string().meta({ format: "binary" }) },
          },
        },
        responses: {
          "201": {
            description: "Planned",
            content: { "application/json": { schema: serverChainChange } },
          },
          "400": errorResponse("Malformed JSON"),
          "401": errorResponse("No valid token"),
          "403": errorResponse("The token's role is below operator"),
          "404": errorResponse("No such environment"),
          "409": errorResponse("Another change is open for this environment"),
          "413": errorResponse("Body larger than 1 MB"),
          "415": errorResponse("Neither JSON, PEM, DER nor PKCS#7"),
          "422": errorResponse(
            "Bad date or notes; no server (leaf) certificate, several, one not for TLS servers or expired; undecodable input; a private key (exposed)",
          ),
        },
      },
    },
  };
}

const STEP_ERRORS = {
  "400": errorResponse("Malformed JSON"),
  "401": errorResponse("No valid token"),
  "403": errorResponse("The token's role is below operator"),
  "404": errorResponse("No such change in this environment (not_found)"),
  "409": errorResponse(
    "server_chain.stale: the version sent is not the change's current one (someone else changed it); server_chain.out_of_order: this step was done or its predecessor is missing; server_chain.closed: the change was switched or cancelled; server_chain.not_notified: (switch) Thales was not notified on or before the switch date, and the token is not an admin's",
  ),
  "415": errorResponse("Not JSON"),
  "422": errorResponse(
    "invalid_body: a bad date (not YYYY-MM-DD, before 2015, in the future), a missing version, reference or reason (error.fields names each); server_chain.acknowledged_before_notified; server_chain.override_reason_required: an admin switching without a timely notification must give overrideReason",
  ),
};
/** The form's schema, with a sentence for each field the document shows. */
const described = (schema: z.ZodObject, descriptions: Record<string, string>) =>
  schema.extend(
    Object.fromEntries(
      Object.entries(descriptions).map(([key, text]) => [key, schema.shape[key]!.describe(text)]),
    ),
  );
const version =
  "The change's version as last read (GET …/server-chain-changes); a stale one is refused with 409";
const pastDay = (description: string) => `${description}; not in the future`;

/** The server chain change's steps after planning, as the page's forms: operator, JSON bodies. */
export function serverChainStepPaths() {
  const params = [
    { name: "envId", in: "path", required: true, schema: z.string() },
    { name: "changeId", in: "path", required: true, schema: z.string() },
  ];
  const step = (summary: string, schema: z.ZodObject) => ({
    post: {
      summary,
      parameters: params,
      requestBody: {
        required: true,
        content: { "application/json": { schema: schema } },
      },
      responses: {
        "200": {
          description: "The change after this step",
          content: { "application/json": { schema: serverChainChange } },
        },
        ...STEP_ERRORS,
      },
    },
  });
  const base = "/api/v1/environments/{envId}/server-chain-changes/{changeId}";
  return {
    [`${base}/notify`]: step(
      "Record the day Thales was notified of the planned change (operator). Audited",
      described(notifySchema, { version, notifiedAt: pastDay("The day Thales was notified") }),
    ),
    [`${base}/acknowledge`]: step(
      "Record Thales' acknowledgement with its reference (operator). Audited",
      described(acknowledgeSchema, {
        version,
        acknowledgedAt: pastDay("The day Thales acknowledged; not before the notification"),
      }),
    ),
    [`${base}/switch`]: step(
      "Record the switch (operator); our-server-chain is replaced by the change's chain in the same transaction. Refused unless Thales was notified on or before the switch date; an admin may override with overrideReason (stored and audited)",
      described(switchSchema, {
        version,
        switchedAt: pastDay("The switch date"),
        overrideReason: "Admins only, when Thales was not notified in time",
      }),
    ),
    [`${base}/cancel`]: step(
      "Cancel the open change with a reason (operator). Audited",
      described(cancelSchema, { version }),
    ),
  };
}
