import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { findProbeTarget, listProbeResults } from "@/lib/probe/data";
import { toProbeResultDto } from "@/lib/probe/dto";

export const dynamic = "force-dynamic";
type Params = { envId: string; targetId: string };

function positive(value: string | null, fallback: number, max: number): number | null {
  if (value === null || value === "") return fallback;
  if (!/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= max ? n : null;
}

/** A target's results, newest first: ?page=1&pageSize=20 (at most 100). */
export const GET = apiRoute<Params>("viewer", async ({ req, db, params }) => {
  const target = await findProbeTarget(db, params.targetId);
  if (!target || target.environmentId !== params.envId)
    return apiError(404, "not_found", "No such probe target in this environment.");
  const query = new URL(req.url).searchParams;
  const page = positive(query.get("page"), 1, 1_000_000);
  const pageSize = positive(query.get("pageSize"), 20, 100);
  if (page === null || pageSize === null) {
    return apiError(
      422,
      "invalid",
      "page must be a whole number from 1, and pageSize from 1 to 100.",
      {
        fields: {
          ...(page === null ? { page: "A whole number from 1." } : {}),
          ...(pageSize === null ? { pageSize: "A whole number from 1 to 100." } : {}),
        },
      },
    );
  }
  const { total, rows } = await listProbeResults(db, target.id, page, pageSize);
  return Response.json({ total, page, pageSize, results: rows.map((r) => toProbeResultDto(r)) });
});
