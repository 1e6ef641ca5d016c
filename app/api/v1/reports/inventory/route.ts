import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { fieldErrors } from "@/lib/validation/field-errors";
import { reportQuerySchema } from "@/lib/report/schema";
import { reportResponse } from "@/lib/report/respond";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/reports/inventory?format=pdf|csv|json&environment=…: the PCI DSS 4.2.1.1 / 12.3.3
 * inventory report (viewer). Each generation is audited. A signed-in browser may use its session
 * (the Reports page links here).
 */
export const GET = apiRoute(
  "viewer",
  async ({ req, db, actor }) => {
    const parsed = reportQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!parsed.success)
      return apiError(422, "invalid_query", "The query is not valid.", {
        fields: fieldErrors(parsed.error),
      });
    const result = await reportResponse(db, actor, parsed.data);
    if (!result.ok)
      return result.status === 503
        ? apiError(503, "report_unavailable", result.message)
        : apiError(404, "not_found", result.message);
    return result.response;
  },
  { session: true },
);
