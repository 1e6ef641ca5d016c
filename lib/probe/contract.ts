import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";
import { PROBE_FINDING_CODES } from "./findings";

const json = (schema: object) => ({ "application/json": { schema } });
const envId = { name: "envId", in: "path", required: true, schema: z.string() };
const str = z.string();
const version = z.object({
  ok: z.boolean().describe("The server agreed to this version"),
  protocol: str.optional(),
  cipher: str.optional(),
  error: str.optional(),
});

/** lib/probe/evidence.ts ProbeReport, as stored and served. */
export const probeReportSchema = z.object({
  target: z
    .object({
      host: str.optional(),
      port: z.int().optional(),
      direction: z.enum(["inbound", "outbound"]).optional(),
    })
    .optional(),
  dns: z
    .object({
      addresses: z
        .array(
          z.object({
            address: str.optional(),
            family: z.union([z.literal(4), z.literal(6)]).optional(),
            ttl: z
              .int()
              .nullable()
              .describe(
                "Seconds; null for IP literals, localhost and names only the system resolver knows",
              )
              .optional(),
          }),
        )
        .optional(),
      error: str.optional(),
    })
    .optional(),
  tls12: version.optional(),
  tls13: version.optional(),
  chain: z
    .object({
      certificates: z
        .array(
          z.object({
            subject: str.optional(),
            issuer: str.optional(),
            notAfter: z.iso.datetime().optional(),
            sha256: str.optional(),
            pem: str.optional(),
          }),
        )
        .describe("As presented by the server, leaf first")
        .optional(),
      verified: z.boolean().optional(),
      verifiedAgainst: z.enum(["mozilla", "d1-server-roots"]).optional(),
      error: z.string().describe("Why it does not verify, in plain words").optional(),
    })
    .nullable()
    .optional(),
  clientCertRequested: z.boolean().nullable().optional(),
  clientCertRequired: z.boolean().nullable().optional(),
  acceptableCaNames: z
    .array(str)
    .nullable()
    .describe(
      "Every CA name our server accepts (its CertificateRequest), as openssl prints them. null: openssl absent or no client certificate asked",
    )
    .optional(),
  thalesClientCaAccepted: z
    .object({
      matches: z.array(str).describe("Store subjects the server names").optional(),
      missing: z.array(str).describe("Store subjects the server does not name").optional(),
      extra: z
        .array(str)
        .describe(
          "Names the server accepts that are not in the store (finding extra-client-ca). Absent in results stored before it existed",
        )
        .optional(),
    })
    .nullable()
    .describe("Outbound only: the acceptable CA names against the thales-client-ca store")
    .optional(),
  reachable: z
    .boolean()
    .describe(
      "Inbound: a connection opened. Outbound: reachable by D1, that is a connection opened at a public address (a private, loopback or link-local one is still probed, but not reachable)",
    )
    .optional(),
  connected: z
    .boolean()
    .describe(
      "A TCP connection from our server opened. Absent in results stored before it existed (reachable meant the same then)",
    )
    .optional(),
  addressScope: z
    .enum(["public", "private", "loopback", "link-local"])
    .nullable()
    .describe("Where connectedAddress can be reached from; null when nothing connected")
    .optional(),
  timedOut: z.boolean().optional(),
  connectedAddress: str.optional(),
});
const finding = z.object({
  code: z.enum([...PROBE_FINDING_CODES]),
  tone: z.enum(["good", "warn", "bad", "info"]),
  text: z.string().describe("The finding in plain words, as the probe page shows it"),
});
const result = z.object({
  id: str.optional(),
  targetId: str.optional(),
  at: z.iso.datetime().optional(),
  ok: z
    .boolean()
    .describe(
      "Reachable, TLS 1.2 or 1.3 negotiated, chain verified; outbound also: a client certificate demanded",
    )
    .optional(),
  durationMs: z.int().optional(),
  report: probeReportSchema.optional(),
  findings: z.array(finding).describe("The report in plain words, each with its code").optional(),
});
const target = z.object({
  id: str.optional(),
  environmentId: str.optional(),
  direction: z.enum(["inbound", "outbound"]).optional(),
  host: str.optional(),
  port: z.int().optional(),
  daily: z.boolean().optional(),
  createdBy: str.optional(),
  createdAt: z.iso.datetime().optional(),
  latest: z.union([result, z.null()]).optional(),
});

export function probePaths() {
  return {
    "/api/v1/environments/{envId}/probes": {
      get: {
        summary: "TLS probe targets of an environment, each with its latest result",
        parameters: [envId],
        responses: {
          "200": {
            description: "The targets",
            content: json(z.object({ targets: z.array(target).optional() })),
          },
          "401": errorResponse("No valid token"),
          "404": errorResponse("No such environment"),
        },
      },
      post: {
        summary:
          "Add a probe target (admin). Link-local and cloud metadata addresses are refused; loopback and private addresses are probed, but an outbound one is not reachable by D1 (finding unreachable-private-address)",
        parameters: [envId],
        requestBody: {
          required: true,
          content: json(
            z.object({
              direction: z.enum(["inbound", "outbound"]),
              host: z.string().describe("A host name or an IP address"),
              port: z.int().min(1).max(65535),
              daily: z.boolean().default(false).optional(),
            }),
          ),
        },
        responses: {
          "201": {
            description: "Added",
            content: json(z.object({ target: target.optional() })),
          },
          "401": errorResponse("No valid token"),
          "403": errorResponse("Below admin"),
          "404": errorResponse("No such environment"),
          "409": errorResponse("Already a target"),
          "415": errorResponse("Not JSON"),
          "422": errorResponse("Invalid target; error.fields names each problem"),
        },
      },
    },
    "/api/v1/environments/{envId}/probes/{targetId}/results": {
      get: {
        summary: "Results of a probe target, newest first (stored evidence with its time)",
        parameters: [
          envId,
          { name: "targetId", in: "path", required: true, schema: z.string() },
          { name: "page", in: "query", schema: z.int().min(1).default(1) },
          {
            name: "pageSize",
            in: "query",
            schema: z.int().min(1).max(100).default(20),
          },
        ],
        responses: {
          "200": {
            description: "One page of results",
            content: json(
              z.object({
                total: z.int().optional(),
                page: z.int().optional(),
                pageSize: z.int().optional(),
                results: z.array(result).optional(),
              }),
            ),
          },
          "401": errorResponse("No valid token"),
          "404": errorResponse("No such environment or target"),
          "422": errorResponse("Invalid page or pageSize"),
        },
      },
    },
  };
}

/** The UI's probe buttons over the API: run now (operator), daily on/off and remove (admin). */
export function probeActionPaths() {
  const targetId = { name: "targetId", in: "path", required: true, schema: z.string() };
  return {
    "/api/v1/environments/{envId}/probes/{targetId}": {
      parameters: [envId, targetId],
      patch: {
        summary: "Turn a target's daily run on or off (admin). Audited when it changes",
        requestBody: {
          required: true,
          content: json(z.object({ daily: z.boolean() })),
        },
        responses: {
          "200": {
            description: "The target",
            content: json(z.object({ target: target.optional() })),
          },
          "401": errorResponse("No valid token"),
          "403": errorResponse("Below admin"),
          "404": errorResponse("No such target in this environment"),
          "415": errorResponse("Not JSON"),
          "422": errorResponse("daily is not true or false, or another field was sent"),
        },
      },
      delete: {
        summary: "Remove a target and its results (admin). The audit trail keeps that it existed",
        responses: {
          "204": { description: "Removed" },
          "401": errorResponse("No valid token"),
          "403": errorResponse("Below admin"),
          "404": errorResponse("No such target in this environment"),
        },
      },
    },
    "/api/v1/environments/{envId}/probes/{targetId}/run": {
      post: {
        summary:
          'Probe the target now (operator), as the page\'s "Run now": the result is stored as evidence and audited. Takes seconds; send no body',
        parameters: [envId, targetId],
        responses: {
          "201": {
            description:
              "The stored result (ok false when the target failed the probe: see report)",
            content: json(z.object({ result: result.optional() })),
          },
          "401": errorResponse("No valid token"),
          "403": errorResponse("Below operator"),
          "404": errorResponse(
            "No such target in this environment (or it was removed while being probed)",
          ),
          "415": errorResponse("A body that is not JSON"),
          "422": errorResponse("A body with parameters (there are none)"),
        },
      },
    },
  };
}
