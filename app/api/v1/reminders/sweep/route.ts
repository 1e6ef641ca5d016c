import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readOptionalJson } from "@/lib/api/validated";
import { runSweepNow } from "@/lib/reminder/manual";
import { describeSweep } from "@/lib/reminder/sweep";

export const dynamic = "force-dynamic";

/**
 * Runs one reminder sweep now (admin), as `npm run admin -- reminders run --now` does: audited
 * with its counts. Safe beside the scheduler and other instances (deliveries are claimed once).
 */
export const POST = apiRoute("admin", async ({ req, db, actor }) => {
  const body = await readOptionalJson(req, 1024);
  if (!body.ok) return body.response;
  if (Object.keys(body.data).length > 0)
    return apiError(422, "invalid_body", "A sweep takes no parameters: send no body.");
  const summary = await runSweepNow(db, actor);
  const { outcomes, ...counts } = summary;
  return Response.json({ ...counts, description: describeSweep(summary), outcomes });
});
