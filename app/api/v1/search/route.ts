import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { fieldErrors } from "@/lib/validation/field-errors";
import { search, searchQuerySchema } from "@/lib/search/search";

export const dynamic = "force-dynamic";

/** GET /api/v1/search?q=…&type=…&env=…&page=…: the same search as the page. */
export const GET = apiRoute("viewer", async ({ req, db }) => {
  const parsed = searchQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success)
    return apiError(422, "invalid_query", "The search is not valid.", {
      fields: fieldErrors(parsed.error),
    });
  const results = await search(db, parsed.data);
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return Response.json({
    q: parsed.data.q,
    certificates: {
      total: results.certificates.total,
      exact: results.certificates.exact,
      more: results.certificates.more,
      rows: results.certificates.rows.map((c) => ({
        id: c.id,
        commonName: c.commonName,
        serialNumber: c.serialNumber,
        sha256: c.sha256,
        notAfter: iso(c.notAfter),
        merchantGatewayId: c.environment.gateway.merchantGatewayId,
        env: c.environment.code,
      })),
    },
    csrs: {
      total: results.csrs.total,
      exact: results.csrs.exact,
      more: results.csrs.more,
      rows: results.csrs.rows.map((c) => ({
        id: c.id,
        commonName: c.commonName,
        status: c.status,
        publicKeySha256: c.publicKeySha256,
        merchantGatewayId: c.environment.gateway.merchantGatewayId,
        env: c.environment.code,
      })),
    },
    trustEntries: {
      total: results["trust-entries"].total,
      exact: results["trust-entries"].exact,
      more: results["trust-entries"].more,
      rows: results["trust-entries"].rows.map((e) => ({
        id: e.id,
        kind: e.kind,
        subjectDn: e.subjectDn,
        sha256: e.sha256,
        notAfter: iso(e.notAfter),
        merchantGatewayId: e.environment.gateway.merchantGatewayId,
        env: e.environment.code,
      })),
    },
    gateways: results.gateways,
  });
});
