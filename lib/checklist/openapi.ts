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
            properties: { label: { type: "string" }, section: { type: "string", description: "Environment section holding it" }, at: { type: "string", format: "date-time" } },
          },
          tick: {
            type: ["object", "null"],
            description: "A person's tick, where no evidence proves the item",
            properties: { by: { type: "string" }, note: { type: "string" }, doneOn: { type: "string", format: "date" }, at: { type: "string", format: "date-time" } },
          },
          openReason: { type: ["string", "null"], description: "Why an existing probe does not prove the item (outbound.tls: no client certificate demanded; outbound.reachable: a private, loopback or link-local address)" },
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
        responses: { "200": { description: "The checklist", content: { "application/json": { schema: checklist } } }, "404": errorResponse("No such environment") },
      },
    },
  };
}
