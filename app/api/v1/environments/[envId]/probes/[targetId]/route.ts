import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readValidJson } from "@/lib/api/validated";
import { listProbeResults } from "@/lib/probe/data";
import { toProbeTargetDto } from "@/lib/probe/dto";
import { removeProbeTarget, setProbeDaily } from "@/lib/probe/mutations";
import { probeTargetIn } from "@/lib/api/scoped";

export const dynamic = "force-dynamic";
type Params = { envId: string; targetId: string };

const dailySchema = z
  .object({ daily: z.boolean({ error: "daily must be true or false." }) })
  .strict();

/** Turns the target's daily run on or off (admin, as in the UI): { "daily": true }. */
export const PATCH = apiRoute<Params>("admin", async ({ req, db, actor, params }) => {
  const body = await readValidJson(req, dailySchema, "The change", 1024);
  if (!body.ok) return body.response;
  const found = await probeTargetIn(db, params.envId, params.targetId);
  if (!found.ok) return found.response;
  const result = await setProbeDaily(db, actor, found.row.id, body.data.daily);
  if (!result.ok) return apiError(result.status, result.code, result.message);
  const { rows } = await listProbeResults(db, found.row.id, 1, 1);
  return Response.json({
    target: toProbeTargetDto({ ...found.row, daily: body.data.daily }, rows[0] ?? null),
  });
});

/** Removes the target and its results (admin, as in the UI); the audit trail keeps that it existed. */
export const DELETE = apiRoute<Params>("admin", async ({ db, actor, params }) => {
  const found = await probeTargetIn(db, params.envId, params.targetId);
  if (!found.ok) return found.response;
  const result = await removeProbeTarget(db, actor, found.row.id);
  if (!result.ok) return apiError(result.status, result.code, result.message);
  return new Response(null, { status: 204 });
});
