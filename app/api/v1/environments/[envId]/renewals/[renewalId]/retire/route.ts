import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readOptionalJson } from "@/lib/api/validated";
import { renewalIn } from "@/lib/api/scoped";
import { retireOld } from "@/lib/renewal/workflow";
import { renewalAnswer } from "@/lib/renewal/api-step";

export const dynamic = "force-dynamic";

/** Step 5 (operator): the old certificate is retired, superseded by the new one; the renewal completes. No body. */
export const POST = apiRoute<{ envId: string; renewalId: string }>(
  "operator",
  async ({ req, db, actor, params }) => {
    const body = await readOptionalJson(req, 1024);
    if (!body.ok) return body.response;
    if (Object.keys(body.data).length > 0)
      return apiError(422, "invalid_body", "Retiring takes no parameters: send no body.");
    const found = await renewalIn(db, params.envId, params.renewalId);
    if (!found.ok) return found.response;
    return renewalAnswer(db, await retireOld(db, actor, found.row.id));
  },
);
