import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";
import {
  createInstallationSchema,
  INSTALLATION_KIND_SLUGS,
  updateInstallationSchema,
} from "./schema";

const json = (schema: object) => ({ "application/json": { schema } });

/** An installation as the API shows it (toInstallationDto in ./dto.ts returns exactly this). */
export const installationSchema = z
  .object({
    id: z.string(),
    environmentId: z.string(),
    of: z
      .union([
        z.object({ certificateId: z.string() }),
        z.object({ signingKeyId: z.string() }),
        z.object({ serverChain: z.literal(true) }),
      ])
      .describe(
        "What is installed: a client certificate, an OAuth signing key, or our server chain (a host:port, proven by its outbound probe target)",
      ),
    kind: z.enum(INSTALLATION_KIND_SLUGS),
    systemName: z.string(),
    host: z.string(),
    port: z.int().nullable(),
    location: z
      .string()
      .describe("Path, keystore alias, PKCS#11 token/label, Kubernetes namespace/secret"),
    notes: z.string(),
    custodian: z
      .object({ id: z.string(), name: z.string(), email: z.string(), disabled: z.boolean() })
      .nullable(),
    probeTargetId: z.string().nullable(),
    proof: z
      .object({
        verdict: z.enum(["expected", "unexpected", "no-record", "no-certificate", "not-probed"]),
        presentedSha256: z.string().nullable(),
        presentedSubject: z.string().nullable(),
        probedAt: z.iso.datetime().nullable(),
        probeResultId: z.string().nullable(),
        expectedSha256: z.array(z.string()),
      })
      .nullable()
      .describe(
        "Our server's installation only: the leaf it presented at the latest outbound probe, and whether it is the leaf recorded in our-server-chain (ADR 0022)",
      ),
    version: z.int().describe("Send it back with an edit or a removal"),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    removedAt: z.iso.datetime().nullable(),
    removedBy: z.string().nullable(),
  })
  .meta({ id: "Installation" });
export type InstallationDto = z.infer<typeof installationSchema>;

const list = z.object({ installations: z.array(installationSchema).optional() });
const id = { name: "installationId", in: "path", required: true, schema: z.string() };
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
          { name: "environmentId", in: "query", required: true, schema: z.string() },
          { name: "certificateId", in: "query", schema: z.string() },
          { name: "signingKeyId", in: "query", schema: z.string() },
          { name: "serverChain", in: "query", schema: z.enum(["true"]) },
          { name: "includeRemoved", in: "query", schema: z.enum(["true"]) },
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
        requestBody: { required: true, content: json(createInstallationSchema) },
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
        requestBody: { required: true, content: json(updateInstallationSchema) },
        responses: {
          "200": { description: "Saved", content: json(installationSchema) },
          "400": errorResponse("Malformed JSON"),
          ...refusals,
        },
      },
      delete: {
        summary:
          "Remove an installation from the inventory (operator). The record stays, with removedAt. Audited",
        parameters: [id, { name: "version", in: "query", required: true, schema: z.int() }],
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
          { name: "certificateId", in: "path", required: true, schema: z.string() },
          { name: "includeRemoved", in: "query", schema: z.enum(["true"]) },
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
