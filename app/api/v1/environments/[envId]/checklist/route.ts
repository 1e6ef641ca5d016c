import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { evaluateChecklist } from "@/lib/checklist/evaluate";
import { toChecklistDto } from "@/lib/checklist/dto";
import { environmentExists } from "@/lib/environment/data";

export const dynamic = "force-dynamic";

/** The environment's onboarding checklist: each item, done or not, by evidence or by a person. */
export const GET = apiRoute<{ envId: string }>("viewer", async ({ db, params }) => {
  if (!(await environmentExists(db, params.envId)))
    return apiError(404, "not_found", "No environment with this id.");
  return Response.json(toChecklistDto(await evaluateChecklist(db, params.envId)));
});
