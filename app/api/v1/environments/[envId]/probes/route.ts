import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readJsonBody } from "@/lib/api/body";
import { listProbeTargets } from "@/lib/probe/data";
import { toProbeTargetDto } from "@/lib/probe/dto";
import { addProbeTarget } from "@/lib/probe/mutations";
import { environmentExists } from "@/lib/environment/data";

export const dynamic = "force-dynamic";
type Params = { envId: string };

/** The probe targets of an environment, each with its latest result. */
export const GET = apiRoute<Params>("viewer", async ({ db, params }) => {
  if (!(await environmentExists(db, params.envId)))
    return apiError(404, "not_found", "No environment with this id.");
  const targets = await listProbeTargets(db, params.envId);
  return Response.json({ targets: targets.map((t) => toProbeTargetDto(t, t.results[0] ?? null)) });
});

/** Adds a target: { direction, host, port, daily? }. Admins only. */
export const POST = apiRoute<Params>("admin", async ({ req, db, actor, params }) => {
  const body = await readJsonBody(req, 16 * 1024);
  if (!body.ok) return body.response;
  const result = await addProbeTarget(db, actor, params.envId, body.value);
  if (!result.ok)
    return apiError(
      result.status,
      result.code,
      result.message,
      result.fields ? { fields: result.fields } : {},
    );
  return Response.json({ target: toProbeTargetDto(result.target, null) }, { status: 201 });
});
