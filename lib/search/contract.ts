import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";
import { SEARCH_SUMMARY_COUNT_CAP, SEARCH_TYPED_COUNT_CAP, SEARCH_TYPES } from "./search";

const page = (item: z.ZodType) =>
  z.object({
    total: z
      .int()
      .describe(
        `Counted up to ${SEARCH_TYPED_COUNT_CAP} with \`type\`, up to ${SEARCH_SUMMARY_COUNT_CAP} without`,
      )
      .optional(),
    exact: z.boolean().describe("false when there are more than `total`").optional(),
    more: z
      .boolean()
      .describe("true when more match than these rows: with `type`, another page follows")
      .optional(),
    rows: z.array(item).optional(),
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
            schema: z.string().min(2).max(200),
            description: "Fingerprints and serials match from their start, with or without colons",
          },
          {
            name: "type",
            in: "query",
            schema: z.enum([...SEARCH_TYPES]),
            description: "Only this kind of record, paged",
          },
          { name: "env", in: "query", schema: z.enum(["PPR", "PRD"]) },
          { name: "page", in: "query", schema: z.int().min(1) },
        ],
        responses: {
          "200": {
            description: "Matches per kind, with their totals",
            content: {
              "application/json": {
                schema: z.object({
                  q: z.string().optional(),
                  certificates: page(
                    z.object({
                      id: z.string().optional(),
                      commonName: z.string().optional(),
                      serialNumber: z.string().optional(),
                      sha256: z.string().optional(),
                      notAfter: z.iso.datetime().optional(),
                      merchantGatewayId: z.string().optional(),
                      env: z.string().optional(),
                    }),
                  ).optional(),
                  csrs: page(
                    z.object({
                      id: z.string().optional(),
                      commonName: z.string().optional(),
                      status: z.string().optional(),
                      publicKeySha256: z.string().optional(),
                      merchantGatewayId: z.string().optional(),
                      env: z.string().optional(),
                    }),
                  ).optional(),
                  trustEntries: page(
                    z.object({
                      id: z.string().optional(),
                      kind: z.string().optional(),
                      subjectDn: z.string().optional(),
                      sha256: z.string().optional(),
                      notAfter: z.iso.datetime().optional(),
                      merchantGatewayId: z.string().optional(),
                      env: z.string().optional(),
                    }),
                  ).optional(),
                  gateways: page(
                    z.object({
                      id: z.string().optional(),
                      merchantGatewayId: z.string().optional(),
                      name: z.string().optional(),
                    }),
                  ).optional(),
                }),
              },
            },
          },
          "422": errorResponse("Not a valid search"),
        },
      },
    },
  };
}
