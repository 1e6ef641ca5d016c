import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readCertificateBody } from "@/lib/api/pem-body";
import { CERTIFICATE_MAX_BYTES } from "@/lib/certificate/schema";
import { isTrustStoreSlug, TRUST_STORE_KINDS } from "@/lib/trust-store/kinds";
import { addTrustEntries, parseForStore } from "@/lib/trust-store/mutations";
import { exportTrustStorePem } from "@/lib/trust-store/data";
import { environmentExists } from "@/lib/environment/data";

export const dynamic = "force-dynamic";
type Params = { envId: string; kind: string };

/** GET …/trust-stores/{kind}.pem: the store as a PEM bundle. */
export const GET = apiRoute<Params>("viewer", async ({ db, params }) => {
  const slug = params.kind.replace(/\.pem$/, "");
  if (!params.kind.endsWith(".pem") || !isTrustStoreSlug(slug)) {
    return apiError(
      404,
      "not_found",
      `Ask for one of ${Object.keys(TRUST_STORE_KINDS)
        .map((k) => `${k}.pem`)
        .join(", ")}.`,
    );
  }
  if (!(await environmentExists(db, params.envId)))
    return apiError(404, "not_found", "No environment with this id.");
  const pem = await exportTrustStorePem(db, params.envId, slug);
  return new Response(pem, {
    headers: {
      "content-type": "application/x-pem-file",
      "content-disposition": `attachment; filename="${slug}.pem"`,
    },
  });
});

/** POST a PEM bundle (or DER, PKCS#7): answers { added, skipped, rejected }, a reason for each. */
export const POST = apiRoute<Params>("operator", async ({ req, db, actor, params }) => {
  if (!isTrustStoreSlug(params.kind))
    return apiError(404, "not_found", `No trust store "${params.kind}".`);
  const body = await readCertificateBody(req, CERTIFICATE_MAX_BYTES);
  if (!body.ok) return body.response;
  const parsed = await parseForStore(body.input);
  if (!parsed.ok) return apiError(422, parsed.code, parsed.message);
  const result = await addTrustEntries(
    db,
    actor,
    params.envId,
    params.kind,
    parsed.certificates,
    "api",
  );
  if (!result.ok) return apiError(result.status, result.code, result.message);
  return Response.json(result.report, { status: result.report.added.length > 0 ? 201 : 200 });
});
