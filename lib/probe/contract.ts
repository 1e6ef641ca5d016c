import { errorResponse } from "@/lib/openapi/helpers";
import { PROBE_FINDING_CODES } from "./findings";

const json = (schema: object) => ({ "application/json": { schema } });
const envId = { name: "envId", in: "path", required: true, schema: { type: "string" } };
const str = { type: "string" };
const version = {
  type: "object",
  required: ["ok"],
  properties: {
    ok: { type: "boolean", description: "The server agreed to this version" },
    protocol: str,
    cipher: str,
    error: str,
  },
};

/** lib/probe/evidence.ts ProbeReport, as stored and served. */
export const probeReportSchema = {
  type: "object",
  properties: {
    target: {
      type: "object",
      properties: {
        host: str,
        port: { type: "integer" },
        direction: { type: "string", enum: ["inbound", "outbound"] },
      },
    },
    dns: {
      type: "object",
      properties: {
        addresses: {
          type: "array",
          items: {
            type: "object",
            properties: {
              address: str,
              family: { type: "integer", enum: [4, 6] },
              ttl: {
                type: ["integer", "null"],
                description:
                  "Seconds; null for IP literals, localhost and names only the system resolver knows",
              },
            },
          },
        },
        error: str,
      },
    },
    tls12: version,
    tls13: version,
    chain: {
      type: ["object", "null"],
      properties: {
        certificates: {
          type: "array",
          description: "As presented by the server, leaf first",
          items: {
            type: "object",
            properties: {
              subject: str,
              issuer: str,
              notAfter: { type: "string", format: "date-time" },
              sha256: str,
              pem: str,
            },
          },
        },
        verified: { type: "boolean" },
        verifiedAgainst: { type: "string", enum: ["mozilla", "d1-server-roots"] },
        error: { type: "string", description: "Why it does not verify, in plain words" },
      },
    },
    clientCertRequested: { type: ["boolean", "null"] },
    clientCertRequired: { type: ["boolean", "null"] },
    acceptableCaNames: {
      type: ["array", "null"],
      items: str,
      description:
        "Every CA name our server accepts (its CertificateRequest), as openssl prints them. null: openssl absent or no client certificate asked",
    },
    thalesClientCaAccepted: {
      type: ["object", "null"],
      description: "Outbound only: the acceptable CA names against the thales-client-ca store",
      properties: {
        matches: { type: "array", items: str, description: "Store subjects the server names" },
        missing: {
          type: "array",
          items: str,
          description: "Store subjects the server does not name",
        },
        extra: {
          type: "array",
          items: str,
          description:
            "Names the server accepts that are not in the store (finding extra-client-ca). Absent in results stored before it existed",
        },
      },
    },
    reachable: {
      type: "boolean",
      description:
        "Inbound: a connection opened. Outbound: reachable by D1, that is a connection opened at a public address (a private, loopback or link-local one is still probed, but not reachable)",
    },
    connected: {
      type: "boolean",
      description:
        "A TCP connection from our server opened. Absent in results stored before it existed (reachable meant the same then)",
    },
    addressScope: {
      type: ["string", "null"],
      enum: ["public", "private", "loopback", "link-local", null],
      description: "Where connectedAddress can be reached from; null when nothing connected",
    },
    timedOut: { type: "boolean" },
    connectedAddress: str,
  },
};
const finding = {
  type: "object",
  required: ["code", "tone", "text"],
  properties: {
    code: { type: "string", enum: [...PROBE_FINDING_CODES] },
    tone: { type: "string", enum: ["good", "warn", "bad", "info"] },
    text: { type: "string", description: "The finding in plain words, as the probe page shows it" },
  },
};
const result = {
  type: "object",
  properties: {
    id: str,
    targetId: str,
    at: { type: "string", format: "date-time" },
    ok: {
      type: "boolean",
      description:
        "Reachable, TLS 1.2 or 1.3 negotiated, chain verified; outbound also: a client certificate demanded",
    },
    durationMs: { type: "integer" },
    report: probeReportSchema,
    findings: {
      type: "array",
      items: finding,
      description: "The report in plain words, each with its code",
    },
  },
};
const target = {
  type: "object",
  properties: {
    id: str,
    environmentId: str,
    direction: { type: "string", enum: ["inbound", "outbound"] },
    host: str,
    port: { type: "integer" },
    daily: { type: "boolean" },
    createdBy: str,
    createdAt: { type: "string", format: "date-time" },
    latest: { oneOf: [result, { type: "null" }] },
  },
};

export function probePaths() {
  return {
    "/api/v1/environments/{envId}/probes": {
      get: {
        summary: "TLS probe targets of an environment, each with its latest result",
        parameters: [envId],
        responses: {
          "200": {
            description: "The targets",
            content: json({
              type: "object",
              properties: { targets: { type: "array", items: target } },
            }),
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
          content: json({
            type: "object",
            required: ["direction", "host", "port"],
            properties: {
              direction: { type: "string", enum: ["inbound", "outbound"] },
              host: { type: "string", description: "A host name or an IP address" },
              port: { type: "integer", minimum: 1, maximum: 65535 },
              daily: { type: "boolean", default: false },
            },
          }),
        },
        responses: {
          "201": {
            description: "Added",
            content: json({ type: "object", properties: { target } }),
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
          { name: "targetId", in: "path", required: true, schema: { type: "string" } },
          { name: "page", in: "query", schema: { type: "integer", minimum: 1, default: 1 } },
          {
            name: "pageSize",
            in: "query",
            schema: { type: "integer", minimum: 1, maximum: 100, default: 20 },
          },
        ],
        responses: {
          "200": {
            description: "One page of results",
            content: json({
              type: "object",
              properties: {
                total: { type: "integer" },
                page: { type: "integer" },
                pageSize: { type: "integer" },
                results: { type: "array", items: result },
              },
            }),
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
  const targetId = { name: "targetId", in: "path", required: true, schema: { type: "string" } };
  return {
    "/api/v1/environments/{envId}/probes/{targetId}": {
      parameters: [envId, targetId],
      patch: {
        summary: "Turn a target's daily run on or off (admin). Audited when it changes",
        requestBody: {
          required: true,
          content: json({
            type: "object",
            required: ["daily"],
            additionalProperties: false,
            properties: { daily: { type: "boolean" } },
          }),
        },
        responses: {
          "200": {
            description: "The target",
            content: json({ type: "object", properties: { target } }),
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
            content: json({ type: "object", properties: { result } }),
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
