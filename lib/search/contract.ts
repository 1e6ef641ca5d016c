import { errorResponse } from "@/lib/openapi/helpers";
import { SEARCH_SUMMARY_COUNT_CAP, SEARCH_TYPES } from "./search";

const page = (item: object) => ({
  type: "object",
  properties: {
    total: {
      type: "integer",
      description: `Exact with \`type\`; without it, counted up to ${SEARCH_SUMMARY_COUNT_CAP}`,
    },
    exact: {
      type: "boolean",
      description: `false when there are more than \`total\` (only without \`type\`)`,
    },
    rows: { type: "array", items: item },
  },
});

export function searchPaths() {
  return {
    "/api/v1/search": {
      get: {
        summary:
          "Search certificates, CSRs, trust-store entries and gateways by Common Name, serial, SHA-256 fingerprint or merchantGatewayId",
        parameters: [
          {
            name: "q",
            in: "query",
            required: true,
            schema: { type: "string", minLength: 2, maxLength: 200 },
            description: "Fingerprints and serials match from their start, with or without colons",
          },
          {
            name: "type",
            in: "query",
            schema: { type: "string", enum: [...SEARCH_TYPES] },
            description: "Only this kind of record, paged",
          },
          { name: "env", in: "query", schema: { type: "string", enum: ["PPR", "PRD"] } },
          { name: "page", in: "query", schema: { type: "integer", minimum: 1 } },
        ],
        responses: {
          "200": {
            description: "Matches per kind, with their totals",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    q: { type: "string" },
                    certificates: page({
                      type: "object",
                      properties: {
                        id: { type: "string" },
                        commonName: { type: "string" },
                        serialNumber: { type: "string" },
                        sha256: { type: "string" },
                        notAfter: { type: "string", format: "date-time" },
                        merchantGatewayId: { type: "string" },
                        env: { type: "string" },
                      },
                    }),
                    csrs: page({
                      type: "object",
                      properties: {
                        id: { type: "string" },
                        commonName: { type: "string" },
                        status: { type: "string" },
                        publicKeySha256: { type: "string" },
                        merchantGatewayId: { type: "string" },
                        env: { type: "string" },
                      },
                    }),
                    trustEntries: page({
                      type: "object",
                      properties: {
                        id: { type: "string" },
                        kind: { type: "string" },
                        subjectDn: { type: "string" },
                        sha256: { type: "string" },
                        notAfter: { type: "string", format: "date-time" },
                        merchantGatewayId: { type: "string" },
                        env: { type: "string" },
                      },
                    }),
                    gateways: page({
                      type: "object",
                      properties: {
                        id: { type: "string" },
                        merchantGatewayId: { type: "string" },
                        name: { type: "string" },
                      },
                    }),
                  },
                },
              },
            },
          },
          "422": errorResponse("Not a valid search"),
        },
      },
    },
  };
}
