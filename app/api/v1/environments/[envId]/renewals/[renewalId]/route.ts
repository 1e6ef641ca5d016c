import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { toRenewalDto } from "@/lib/renewal/dto";
import { findRenewalById } from "@/lib/renewal/data";

export const dynamic = "force-dynamic";

/** One renewal: its status, the next step, and who did each step when. */
export const GET = apiRoute<{ envId: string; renewalId: string }>(
  "viewer",
  async ({ db, params }) => {
    const renewal = await findRenewalById(db, params.renewalId);
    if (!renewal || renewal.environmentId !== params.envId)
      return apiError(404, "not_found", "No such renewal in this environment.");
    return Response.json(toRenewalDto(renewal));
  },
);
