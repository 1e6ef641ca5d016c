import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { exportFilename, exportStream, resolveScope } from "@/lib/export/inventories";
import { EXPORT_FILES, exportQuerySchema, parseExportFile } from "@/lib/export/schema";
import { fieldErrors } from "@/lib/validation/field-errors";

export const dynamic = "force-dynamic";

const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
} as const;

/**
 * GET /api/v1/export/{inventory}.{csv|json}: certificates, CSRs or trust-store entries as a
 * download, streamed page by page. A signed-in browser may use its session (the pages link here).
 */
export const GET = apiRoute<{ inventory: string }>(
  "viewer",
  async ({ req, db, params }) => {
    const file = parseExportFile(params.inventory);
    if (!file) return apiError(404, "not_found", `Ask for one of ${EXPORT_FILES.join(", ")}.`);
    const parsed = exportQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!parsed.success)
      return apiError(422, "invalid_query", "The query is not valid.", {
        fields: fieldErrors(parsed.error),
      });
    const resolved = await resolveScope(db, parsed.data, file.inventory);
    if (!resolved.ok)
      return apiError(
        resolved.status,
        resolved.status === 404 ? "not_found" : "invalid_query",
        resolved.message,
      );
    const now = new Date();
    return new Response(exportStream(db, file.inventory, file.format, resolved.scope, now), {
      headers: {
        "content-type": CONTENT_TYPES[file.format],
        "content-disposition": `attachment; filename="${exportFilename(file.inventory, file.format, resolved.scope, now)}"`,
        "cache-control": "no-store",
      },
    });
  },
  { session: true },
);
