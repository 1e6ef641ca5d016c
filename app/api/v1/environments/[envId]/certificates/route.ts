import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readCertificateBody } from "@/lib/api/pem-body";
import { importCertificate } from "@/lib/certificate/import";
import { listCertificates } from "@/lib/certificate/data";
import { toCertificateDto } from "@/lib/certificate/dto";
import { CERTIFICATE_MAX_BYTES } from "@/lib/certificate/schema";
import { environmentExists } from "@/lib/environment/data";

export const dynamic = "force-dynamic";
type Params = { envId: string };

export const GET = apiRoute<Params>("viewer", async ({ db, params }) => {
  if (!(await environmentExists(db, params.envId)))
    return apiError(404, "not_found", "No environment with this id.");
  const { rows } = await listCertificates(db, { environmentIds: [params.envId] }, 1, 1000);
  return Response.json({ certificates: rows.map((row) => toCertificateDto(row)) });
});

/**
 * Imports issued or existing certificates (PEM, DER, a PEM bundle of one or several leaves, or
 * PKCS#7), each judged and stored on its own. Admins only: `?addIssuers=true` (every CA of the
 * upload) or `?addIssuer=<sha256>` (repeatable) puts the upload's CAs into client-cert-issuers first.
 */
export const POST = apiRoute<Params>("operator", async ({ req, db, actor, params }) => {
  const body = await readCertificateBody(req, CERTIFICATE_MAX_BYTES);
  if (!body.ok) return body.response;
  const query = new URL(req.url).searchParams;
  const addIssuers =
    query.get("addIssuers") === "true" ? ("all" as const) : query.getAll("addIssuer");
  const result = await importCertificate(db, actor, params.envId, body.input, { addIssuers });
  if (!result.ok)
    return apiError(
      result.status,
      result.code,
      result.message,
      result.certificates ? { certificates: result.certificates } : {},
    );
  const { ok: _ok, ...answer } = result;
  return Response.json(answer, { status: 201 });
});
