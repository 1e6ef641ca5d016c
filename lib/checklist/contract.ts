import { errorResponse } from "@/lib/openapi/helpers";
import { CHECKLIST_ITEMS } from "./items";

const checklist = {
  type: "object",
  required: ["done", "total", "percent", "items"],
  properties: {
    done: { type: "integer" },
    total: { type: "integer" },
    percent: { type: "integer", minimum: 0, maximum: 100 },
    items: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "direction", "title", "done", "evidence", "tick"],
        properties: {
          id: { type: "string", enum: CHECKLIST_ITEMS.map((i) => i.id) },
          direction: { type: "string", enum: ["inbound", "outbound"] },
          title: { type: "string" },
          done: { type: "boolean" },
          evidence: {
            type: ["object", "null"],
            description: "What in the inventory proves the item, if anything",
            properties: {
              label: { type: "string" },
              section: { type: "string", description: "Environment section holding it" },
              at: { type: "string", format: "date-time" },
            },
          },
          tick: {
            type: ["object", "null"],
            description: "A person's tick, where no evidence proves the item",
            properties: {
              by: { type: "string" },
              note: { type: "string" },
              doneOn: { type: "string", format: "date" },
              at: { type: "string", format: "date-time" },
            },
          },
          openReason: {
            type: ["string", "null"],
            description:
              "Why an existing probe does not prove the item (outbound.tls: no client certificate demanded; outbound.reachable: a private, loopback or link-local address)",
          },
        },
      },
    },
  },
};

export function checklistPaths() {
  return {
    "/api/v1/environments/{envId}/checklist": {
      get: {
        summary: "The environment's onboarding checklist, with evidence and manual ticks",
        parameters: [{ name: "envId", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": {
            description: "The checklist",
            content: { "application/json": { schema: checklist } },
          },
          "404": errorResponse("No such environment"),
        },
      },
    },
  };
}

/** Manual ticks over the API, as the checklist page's tick and untick (operator). */
export function checklistTickPaths() {
  const answer = {
    description: "The checklist after the change",
    content: { "application/json": { schema: checklist } },
  };
  const common = {
    "401": errorResponse("No valid token"),
    "403": errorResponse("Below operator"),
    "404": errorResponse("No such environment, or no such item (not_found)"),
  };
  return {
    "/api/v1/environments/{envId}/checklist/{item}": {
      parameters: [
        { name: "envId", in: "path", required: true, schema: { type: "string" } },
        {
          name: "item",
          in: "path",
          required: true,
          schema: { type: "string", enum: CHECKLIST_ITEMS.map((i) => i.id) },
        },
      ],
      put: {
        summary:
          "Tick an item the inventory cannot prove, with a note and the day it was done (operator). Audited",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["note", "doneOn"],
                properties: {
                  note: {
                    type: "string",
                    minLength: 3,
                    maxLength: 2000,
                    description: "What was checked",
                  },
                  doneOn: { type: "string", format: "date", description: "Not in the future" },
                },
              },
            },
          },
        },
        responses: {
          "200": answer,
          ...common,
          "409": errorResponse(
            "checklist.proven: evidence already proves the item; checklist.already_ticked: someone ticked it",
          ),
          "415": errorResponse("Not JSON"),
          "422": errorResponse(
            "invalid_body: note too short or long, doneOn not a date or in the future (error.fields names each)",
          ),
        },
      },
      delete: {
        summary: "Take a manual tick back (operator). Audited with what the tick said",
        responses: {
          "200": answer,
          ...common,
          "409": errorResponse("checklist.not_ticked: the item has no manual tick"),
        },
      },
    },
  };
}
