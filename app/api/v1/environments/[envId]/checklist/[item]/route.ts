import { apiRoute, type ApiContext } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readJsonBody } from "@/lib/api/body";
import { fieldErrors } from "@/lib/validation/field-errors";
import { manualTickSchema } from "@/lib/checklist/schema";
import { isChecklistItemId } from "@/lib/checklist/items";
import { tickItem, untickItem, type TickResult } from "@/lib/checklist/mutations";
import { evaluateChecklist } from "@/lib/checklist/evaluate";
import { toChecklistDto } from "@/lib/checklist/dto";
import { environmentExists } from "@/lib/environment/data";

export const dynamic = "force-dynamic";
type Params = { envId: string; item: string };

const STATUS: Record<Exclude<TickResult, { ok: true }>["code"], number> = {
  not_found: 404,
  proven: 409,
  already_ticked: 409,
  not_ticked: 409,
};

async function answer(db: ApiContext<Params>["db"], envId: string, result: TickResult) {
  if (!result.ok)
    return apiError(
      STATUS[result.code],
      result.code === "not_found" ? "not_found" : `checklist.${result.code}`,
      result.message,
    );
  return Response.json(toChecklistDto(await evaluateChecklist(db, envId)));
}

/** Ticks an item the inventory cannot prove (operator): { note, doneOn: "YYYY-MM-DD" }. Answers the checklist. */
export const PUT = apiRoute<Params>("operator", async ({ req, db, actor, params }) => {
  if (!isChecklistItemId(params.item))
    return apiError(404, "not_found", `No checklist item "${params.item}".`);
  const body = await readJsonBody(req, 16 * 1024);
  if (!body.ok) return body.response;
  const value = (body.value ?? {}) as Record<string, unknown>;
  const parsed = manualTickSchema.safeParse({
    item: params.item,
    note: value.note,
    doneOn: value.doneOn,
  });
  if (!parsed.success)
    return apiError(422, "invalid_body", "The tick is not valid.", {
      fields: fieldErrors(parsed.error),
    });
  if (!(await environmentExists(db, params.envId)))
    return apiError(404, "not_found", "No environment with this id.");
  return answer(db, params.envId, await tickItem(db, actor, params.envId, parsed.data));
});

/** Takes a manual tick back (operator); audited with what it said. Answers the checklist. */
export const DELETE = apiRoute<Params>("operator", async ({ db, actor, params }) => {
  if (!isChecklistItemId(params.item))
    return apiError(404, "not_found", `No checklist item "${params.item}".`);
  if (!(await environmentExists(db, params.envId)))
    return apiError(404, "not_found", "No environment with this id.");
  return answer(db, params.envId, await untickItem(db, actor, params.envId, params.item));
});
