import { apiRoute } from "@/lib/api/route";
import { readValidJson } from "@/lib/api/validated";
import { renewalIn } from "@/lib/api/scoped";
import { deployRenewalSchema } from "@/lib/renewal/schema";
import { confirmDeployed } from "@/lib/renewal/workflow";
import { renewalAnswer } from "@/lib/renewal/api-step";

export const dynamic = "force-dynamic";

/**
 * Step 4 (operator): the new certificate is deployed: { deployedAt: "YYYY-MM-DD", note? }. The
 * old certificate's reminders stop. (Step 3, the import, happens by POST …/certificates.)
 */
export const POST = apiRoute<{ envId: string; renewalId: string }>(
  "operator",
  async ({ req, db, actor, params }) => {
    const body = await readValidJson(req, deployRenewalSchema, "The step", 16 * 1024);
    if (!body.ok) return body.response;
    const found = await renewalIn(db, params.envId, params.renewalId);
    if (!found.ok) return found.response;
    return renewalAnswer(db, await confirmDeployed(db, actor, found.row.id, body.data));
  },
);
