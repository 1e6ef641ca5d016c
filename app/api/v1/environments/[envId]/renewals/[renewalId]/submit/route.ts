import { apiRoute } from "@/lib/api/route";
import { readValidJson } from "@/lib/api/validated";
import { renewalIn } from "@/lib/api/scoped";
import { submitRenewalSchema } from "@/lib/renewal/schema";
import { markRenewalSubmitted } from "@/lib/renewal/workflow";
import { renewalAnswer } from "@/lib/renewal/api-step";

export const dynamic = "force-dynamic";

/** Step 2 (operator): the CSR was sent to Thales: { submittedAt: "YYYY-MM-DD", reference? }. The CSR is marked submitted too. */
export const POST = apiRoute<{ envId: string; renewalId: string }>(
  "operator",
  async ({ req, db, actor, params }) => {
    const body = await readValidJson(req, submitRenewalSchema, "The step", 16 * 1024);
    if (!body.ok) return body.response;
    const found = await renewalIn(db, params.envId, params.renewalId);
    if (!found.ok) return found.response;
    return renewalAnswer(db, await markRenewalSubmitted(db, actor, found.row.id, body.data));
  },
);
