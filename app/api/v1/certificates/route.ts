import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { listCertificatesForApi } from "@/lib/certificate/data";
import { toCertificateDto } from "@/lib/certificate/dto";
import { environmentSummaries } from "@/lib/environment/data";
import { certificateQuerySchema } from "@/lib/certificate/schema";
import { fieldErrors } from "@/lib/validation/field-errors";

export const dynamic = "force-dynamic";

/**
 * Certificates across all environments, soonest expiry first, by pages (`page`, `pageSize` up to
 * 1,000; a `Link: rel="next"` header while there are more). `environment` is an environment id,
 * or PPR / PRD for that environment of every gateway.
 */
export const GET = apiRoute("viewer", async ({ req, db }) => {
  const parsed = certificateQuerySchema.safeParse(
    Object.fromEntries(new URL(req.url).searchParams),
  );
  if (!parsed.success)
    return apiError(422, "invalid_query", "The query is not valid.", {
      fields: fieldErrors(parsed.error),
    });
  const { environment, expiringWithinDays, page, pageSize } = parsed.data;
  let environmentIds: string[] | undefined;
  if (environment === "PPR" || environment === "PRD") {
    environmentIds = (await environmentSummaries(db))
      .filter((e) => e.code === environment)
      .map((e) => e.id);
  } else if (environment) {
    environmentIds = [environment];
  }
  const { rows, total, pages } = await listCertificatesForApi(
    db,
    { environmentIds, expiringWithinDays },
    page,
    pageSize,
  );
  const headers = new Headers();
  if (page < pages) {
    const next = new URL(req.url);
    next.searchParams.set("page", String(page + 1));
    headers.set("Link", `<${next.pathname}${next.search}>; rel="next"`);
  }
  return Response.json(
    {
      total,
      page,
      pageSize,
      pages,
      certificates: rows.map((row) => ({
        ...toCertificateDto(row),
        merchantGatewayId: row.environment.gateway.merchantGatewayId,
        environmentCode: row.environment.code,
      })),
    },
    { headers },
  );
});
