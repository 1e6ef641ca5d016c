import { errorResponse, jsonSchema } from "@/lib/openapi/helpers";
import {
  createInstallationSchema,
  INSTALLATION_KIND_SLUGS,
  updateInstallationSchema,
} from "./schema";

const json = (schema: object) => ({ "application/json": { schema } });

export const installationSchema = {
  type: "object",
  required: ["id", "environmentId", "of", "kind", "systemName", "version"],
  properties: {
    id: { type: "string" },
    environmentId: { type: "string" },
    of: {
      description:
        "What is installed: a client certificate, an OAuth signing key, or our server chain (a host:port, proven by its outbound probe target)",
      oneOf: [
        { type: "object", properties: { certificateId: { type: "string" } } },
        { type: "object", properties: { signingKeyId: { type: "string" } } },
        { type: "object", properties: { serverChain: { type: "boolean", const: true } } },
      ],
    },
    kind: { type: "string", enum: INSTALLATION_KIND_SLUGS },
    systemName: { type: "string" },
    host: { type: "string" },
    port: { type: ["integer", "null"] },
    location: {
      type: "string",
      description: "Path, keystore alias, PKCS#11 token/label, Kubernetes namespace/secret",
    },
    notes: { type: "string" },
    custodian: {
      type: ["object", "null"],
      properties: {
        id: { type: "string" },
        name: { type: "string" },
        email: { type: "string" },
        disabled: { type: "boolean" },
      },
    },
    probeTargetId: { type: ["string", "null"] },
    proof: {
      type: ["object", "null"],
      description:
        "Our server's installation only: the leaf it presented at the latest outbound probe, and whether it is the leaf recorded in our-server-chain (ADR 0022)",
      properties: {
        verdict: {
          type: "string",
          enum: ["expected", "unexpected", "no-record", "no-certificate", "not-probed"],
        },
        presentedSha256: { type: ["string", "null"] },
        presentedSubject: { type: ["string", "null"] },
        probedAt: { type: ["string", "null"], format: "date-time" },
        probeResultId: { type: ["string", "null"] },
        expectedSha256: { type: "array", items: { type: "string" } },
      },
    },
    version: { type: "integer", description: "Send it back with an edit or a removal" },
    createdBy: { type: "string" },
    createdAt: { type: "string", format: "date-time" },
    updatedAt: { type: "string", format: "date-time" },
    removedAt: { type: ["string", "null"], format: "date-time" },
    removedBy: { type: ["string", "null"] },
  },
};

const list = {
  type: "object",
  properties: { installations: { type: "array", items: installationSchema } },
};
const id = { name: "installationId", in: "path", required: true, schema: { type: "string" } };
const refusals = {
  "401": errorResponse("No valid token"),
  "403": errorResponse(
    "forbidden: below operator; installation.target_needs_admin: our server's host:port is not an outbound probe target yet and only an admin may add one",
  ),
  "404": errorResponse("No such installation, environment, certificate or signing key (not_found)"),
  "409": errorResponse(
    "installation.stale: changed since the version sent; installation.removed; installation.duplicate: that host:port is already our server's installation",
  ),
  "415": errorResponse("Not JSON"),
  "422": errorResponse(
    "invalid_body (error.fields names each bad field); installation.bad_host; installation.server_needs_host_port; installation.server_address_fixed; installation.custodian_unknown; installation.custodian_disabled",
  ),
};

/** Installations: where each client certificate, OAuth signing key and our server chain is deployed (issue 17). */
export function installationPaths() {
  return {
    "/api/v1/installations": {
      get: {
        summary:
          "The installations of an environment, or of one certificate, signing key, or our server chain (with the probe's proof)",
        parameters: [
          { name: "environmentId", in: "query", required: true, schema: { type: "string" } },
          { name: "certificateId", in: "query", schema: { type: "string" } },
          { name: "signingKeyId", in: "query", schema: { type: "string" } },
          { name: "serverChain", in: "query", schema: { type: "string", enum: ["true"] } },
          { name: "includeRemoved", in: "query", schema: { type: "string", enum: ["true"] } },
        ],
        responses: {
          "200": { description: "The installations, oldest first", content: json(list) },
          "401": errorResponse("No valid token"),
          "404": errorResponse("No such environment"),
          "422": errorResponse("invalid_query"),
        },
      },
      post: {
        summary:
          "Record an installation (operator). Our server's (of: { serverChain: true }) is a host:port linked to the outbound probe target there, reused or created (creating needs admin). Audited",
        requestBody: { required: true, content: json(jsonSchema(createInstallationSchema)) },
        responses: {
          "201": { description: "Recorded", content: json(installationSchema) },
          "400": errorResponse("Malformed JSON"),
          ...refusals,
        },
      },
    },
    "/api/v1/installations/{installationId}": {
      get: {
        summary: "One installation",
        parameters: [id],
        responses: {
          "200": { description: "The installation", content: json(installationSchema) },
          "401": errorResponse("No valid token"),
          "404": errorResponse("No such installation"),
        },
      },
      patch: {
        summary:
          "Edit an installation (operator): all its fields and the version read. Audited with what changed",
        parameters: [id],
        requestBody: { required: true, content: json(jsonSchema(updateInstallationSchema)) },
        responses: {
          "200": { description: "Saved", content: json(installationSchema) },
          "400": errorResponse("Malformed JSON"),
          ...refusals,
        },
      },
      delete: {
        summary:
          "Remove an installation from the inventory (operator). The record stays, with removedAt. Audited",
        parameters: [
          id,
          { name: "version", in: "query", required: true, schema: { type: "integer" } },
        ],
        responses: {
          "200": { description: "Removed", content: json(installationSchema) },
          ...refusals,
        },
      },
    },
    "/api/v1/certificates/{certificateId}/installations": {
      get: {
        summary: "Where a client certificate is installed",
        parameters: [
          { name: "certificateId", in: "path", required: true, schema: { type: "string" } },
          { name: "includeRemoved", in: "query", schema: { type: "string", enum: ["true"] } },
        ],
        responses: {
          "200": { description: "The installations", content: json(list) },
          "401": errorResponse("No valid token"),
          "404": errorResponse("No such certificate"),
        },
      },
    },
  };
}
