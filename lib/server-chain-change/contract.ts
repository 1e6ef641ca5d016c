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
      description:
        "planned → notified → acknowledged (optional) → switched; or cancelled. acknowledged or switched means Thales has our chain.",
    },
    nextStep: {
      type: ["string", "null"],
      enum: ["notify", "acknowledge", "switch", null],
      description: "After notify, the switch may also come without an acknowledgement",
    },
    plannedAt: {
      type: "string",
      format: "date",
      description: "Planned switch date (may be in the future)",
    },
    notifiedAt: day("The day Thales was notified"),
    notifiedBy: { type: ["string", "null"] },
    acknowledgedAt: day("The day Thales acknowledged"),
    acknowledgedBy: { type: ["string", "null"] },
    acknowledgementRef: {
      type: ["string", "null"],
      description: "Thales' reference for the acknowledgement",
    },
    switchedAt: day("The day we switched to the new chain"),
    switchedBy: { type: ["string", "null"] },
    overrideReason: {
      type: ["string", "null"],
      description:
        "Set when an admin switched without Thales notified on or before the switch date",
    },
    cancelledAt: { type: ["string", "null"], format: "date-time" },
    notes: { type: "string" },
    verdict: {
      type: "object",
      properties: {
        status: {
          type: "string",
          enum: ["mozilla", "private"],
          description:
            "mozilla: chains to a root in Mozilla's store; private: Thales needs a PEM trust store from us",
        },
        message: { type: "string" },
      },
    },
    certificates: {
      type: "array",
      items: chainCertificate,
      description: "Our server certificate first, then its CAs",
    },
    chainPem: { type: "string" },
    version: {
      type: "integer",
      description: "Bumped by every step; a step sent for an older version is refused",
    },
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
        summary:
          "List the planned, done and cancelled changes of our server CA or chain, newest first",
        parameters: [envId],
        responses: {
          "200": {
            description: "The changes",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { serverChainChanges: { type: "array", items: serverChainChange } },
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
          "Plan a change of our server CA or chain (operator). Thales must be notified before the switch; the switch replaces the our-server-chain trust store.",
        parameters: [
          envId,
          {
            name: "plannedAt",
            in: "query",
            required: false,
            schema: { type: "string", format: "date" },
            description: "With a PEM/DER/PKCS#7 body: the planned switch date",
          },
          {
            name: "notes",
            in: "query",
            required: false,
            schema: { type: "string" },
            description: "With a PEM/DER/PKCS#7 body",
          },
        ],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["chainPem", "plannedAt"],
                properties: {
                  chainPem: { type: "string", description: "Our server certificate, then its CAs" },
                  plannedAt: { type: "string", format: "date" },
                  notes: { type: "string", maxLength: 2000 },
                },
              },
            },
            "application/x-pem-file": { schema: { type: "string" } },
            "application/pkix-cert": { schema: { type: "string", format: "binary" } },
            "application/pkcs7-mime": { schema: { type: "string", format: "binary" } },
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
const version = {
  type: "integer",
  minimum: 1,
  description:
    "The change's version as last read (GET …/server-chain-changes); a stale one is refused with 409",
};
const pastDay = (description: string) => ({
  type: "string",
  format: "date",
  description: `${description}; not in the future`,
});

/** The server chain change's steps after planning, as the page's forms: operator, JSON bodies. */
export function serverChainStepPaths() {
  const params = [
    { name: "envId", in: "path", required: true, schema: { type: "string" } },
    { name: "changeId", in: "path", required: true, schema: { type: "string" } },
  ];
  const step = (summary: string, required: string[], properties: Record<string, object>) => ({
    post: {
      summary,
      parameters: params,
      requestBody: {
        required: true,
        content: { "application/json": { schema: { type: "object", required, properties } } },
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
      ["version", "notifiedAt"],
      { version, notifiedAt: pastDay("The day Thales was notified") },
    ),
    [`${base}/acknowledge`]: step(
      "Record Thales' acknowledgement with its reference (operator). Audited",
      ["version", "acknowledgedAt", "reference"],
      {
        version,
        acknowledgedAt: pastDay("The day Thales acknowledged; not before the notification"),
        reference: { type: "string", maxLength: 200 },
      },
    ),
    [`${base}/switch`]: step(
      "Record the switch (operator); our-server-chain is replaced by the change's chain in the same transaction. Refused unless Thales was notified on or before the switch date; an admin may override with overrideReason (stored and audited)",
      ["version", "switchedAt"],
      {
        version,
        switchedAt: pastDay("The switch date"),
        overrideReason: {
          type: "string",
          maxLength: 500,
          description: "Admins only, when Thales was not notified in time",
        },
      },
    ),
    [`${base}/cancel`]: step(
      "Cancel the open change with a reason (operator). Audited",
      ["version", "reason"],
      { version, reason: { type: "string", minLength: 1, maxLength: 500 } },
    ),
  };
}
