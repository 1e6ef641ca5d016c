import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readOptionalJson } from "@/lib/api/validated";
import { runProbeTarget } from "@/lib/probe/mutations";
import { toProbeResultDto } from "@/lib/probe/dto";
import { probeTargetIn } from "@/lib/api/scoped";

export const dynamic = "force-dynamic";
type Params = { envId: string; targetId: string };

/** "Run now" (operator): probes the target, stores the result as evidence, audits the run. */
export const POST = apiRoute<Params>("operator", async ({ req, db, actor, params }) => {
  const body = await readOptionalJson(req, 1024);
  if (!body.ok) return body.response;
  if (Object.keys(body.data).length > 0)
    return apiError(422, "invalid_body", "Running a probe takes no parameters: send no body.");
  const found = await probeTargetIn(db, params.envId, params.targetId);
  if (!found.ok) return found.response;
  const result = await runProbeTarget(db, actor, found.row.id);
  if (!result.ok) return apiError(result.status, result.code, result.message);
  // A manual run is never skipped (only scheduled ones are); the guard keeps the types honest.
  if (!result.result)
    return apiError(
      409,
      "probe.skipped",
      "skipped" in result ? result.skipped : "Nothing was stored.",
    );
  const { id, at, ok, durationMs, report } = result.result;
  return Response.json(
    {
      result: toProbeResultDto({ id, targetId: found.row.id, at, ok, durationMs, result: report }),
    },
    { status: 201 },
  );
});
