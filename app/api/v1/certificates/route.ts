import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { listCertificates } from "@/lib/certificate/data";
import { toCertificateDto } from "@/lib/certificate/dto";
import { certificateQuerySchema } from "@/lib/certificate/schema";
import { fieldErrors } from "@/lib/validation/field-errors";

export const dynamic = "force-dynamic";

/**
 * Certificates across all environments, soonest expiry first. `environment` is an environment
 * id, or PPR / PRD for that environment of every gateway.
 */
export const GET = apiRoute("viewer", async ({ req, db }) => {
  const parsed = certificateQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return apiError(422, "invalid_query", "The query is not valid.", { fields: fieldErrors(parsed.error) });
  const { environment, expiringWithinDays } = parsed.data;
  let environmentIds: string[] | undefined;
  if (environment === "PPR" || environment === "PRD") {
    environmentIds = (await db.environment.findMany({ where: { code: environment }, select: { id: true } })).map((e) => e.id);
  } else if (environment) {
    environmentIds = [environment];
  }
  const { rows, total } = await listCertificates(db, { environmentIds, expiringWithinDays }, 1, 1000);
  return Response.json({ total, certificates: rows.map((row) => ({ ...toCertificateDto(row), merchantGatewayId: row.environment.gateway.merchantGatewayId, environmentCode: row.environment.code })) });
});
