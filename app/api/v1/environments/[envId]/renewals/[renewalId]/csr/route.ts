import { apiRoute } from "@/lib/api/route";
import { readValidJson } from "@/lib/api/validated";
import { renewalIn } from "@/lib/api/scoped";
import { linkRenewalCsrSchema } from "@/lib/renewal/schema";
import { linkRenewalCsr } from "@/lib/renewal/workflow";
import { renewalAnswer } from "@/lib/renewal/api-step";

export const dynamic = "force-dynamic";

/**
 * Step 1 (operator): the renewal's new CSR, already registered (POST …/csrs), joins it: { csrId }.
 * The CSR must be of this environment and hold a NEW key. (The UI does this while registering.)
 */
export const POST = apiRoute<{ envId: string; renewalId: string }>(
  "operator",
  async ({ req, db, actor, params }) => {
    const body = await readValidJson(req, linkRenewalCsrSchema, "The step", 16 * 1024);
    if (!body.ok) return body.response;
    const found = await renewalIn(db, params.envId, params.renewalId);
    if (!found.ok) return found.response;
    return renewalAnswer(db, await linkRenewalCsr(db, actor, found.row.id, body.data.csrId));
  },
);
