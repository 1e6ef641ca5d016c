import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";
import { CHECKLIST_ITEMS } from "./items";

/** An environment's checklist as the API shows it (toChecklistDto in ./dto.ts returns exactly this). */
export const checklistDto = z
  .object({
    done: z.int(),
    total: z.int(),
    percent: z.int().min(0).max(100),
    items: z.array(
      z.object({
        id: z.enum(CHECKLIST_ITEMS.map((i) => i.id)),
        direction: z.enum(["inbound", "outbound"]),
        title: z.string(),
        done: z.boolean(),
        evidence: z
          .object({
            label: z.string(),
            section: z.string().describe("Environment section holding it"),
            at: z.iso.datetime(),
          })
          .nullable()
          .describe("What in the inventory proves the item, if anything"),
        tick: z
          .object({
            by: z.string(),
            note: z.string(),
            doneOn: z.iso.date(),
            at: z.iso.datetime(),
          })
          .nullable()
          .describe("A person's tick, where no evidence proves the item"),
        openReason: z
          .string()
          .nullable()
          .describe(
            "Why an existing probe does not prove the item (outbound.tls: no client certificate demanded; outbound.reachable: a private, loopback or link-local address)",
          ),
      }),
    ),
  })
  .meta({ id: "Checklist" });
export type ChecklistDto = z.infer<typeof checklistDto>;
const checklist = checklistDto;

export function checklistPaths() {
  return {
    "/api/v1/environments/{envId}/checklist": {
      get: {
        summary: "The environment's onboarding checklist, with evidence and manual ticks",
        parameters: [{ name: "envId", in: "path", required: true, schema: z.string() }],
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
        { name: "envId", in: "path", required: true, schema: z.string() },
        {
          name: "item",
          in: "path",
          required: true,
          schema: z.enum(CHECKLIST_ITEMS.map((i) => i.id)),
        },
      ],
      put: {
        summary:
          "Tick an item the inventory cannot prove, with a note and the day it was done (operator). Audited",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({
                note: z.string().min(3).max(2000).describe("What was checked"),
                doneOn: z.iso.date().describe("Not in the future"),
              }),
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
