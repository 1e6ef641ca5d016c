import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readValidJson } from "@/lib/api/validated";
import { startRenewalSchema } from "@/lib/renewal/schema";
import { startRenewal } from "@/lib/renewal/workflow";
import { listRenewals, openRenewalFor } from "@/lib/renewal/data";
import { certificateEnvironment } from "@/lib/certificate/data";
import { renewalAnswer } from "@/lib/renewal/api-step";
import { toRenewalDto } from "@/lib/renewal/dto";
import { environmentExists } from "@/lib/environment/data";

export const dynamic = "force-dynamic";
type Params = { envId: string };

/** The environment's renewals, newest first (at most 200). */
export const GET = apiRoute<Params>("viewer", async ({ db, params }) => {
  if (!(await environmentExists(db, params.envId)))
    return apiError(404, "not_found", "No environment with this id.");
  const rows = await listRenewals(db, params.envId);
  return Response.json({ renewals: rows.map(toRenewalDto) });
});

/**
 * Starts renewing a certificate (operator): { certificateId }. One open renewal per certificate:
 * when one is open already, it is answered (200) instead of a new one (201).
 */
export const POST = apiRoute<Params>("operator", async ({ req, db, actor, params }) => {
  const body = await readValidJson(req, startRenewalSchema, "The renewal", 16 * 1024);
  if (!body.ok) return body.response;
  const certificate = await certificateEnvironment(db, body.data.certificateId);
  if (!certificate || certificate.environmentId !== params.envId)
    return apiError(404, "not_found", "No such certificate in this environment.", {
      fields: { certificateId: "No such certificate in this environment." },
    });
  const open = await openRenewalFor(db, body.data.certificateId);
  return renewalAnswer(
    db,
    await startRenewal(db, actor, body.data.certificateId),
    open ? 200 : 201,
  );
});
