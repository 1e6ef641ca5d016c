import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readCertificateBody } from "@/lib/api/pem-body";
import { importCertificate } from "@/lib/certificate/import";
import { listCertificates } from "@/lib/certificate/data";
import { toCertificateDto } from "@/lib/certificate/dto";
import { CERTIFICATE_MAX_BYTES } from "@/lib/certificate/schema";

export const dynamic = "force-dynamic";
type Params = { envId: string };

export const GET = apiRoute<Params>("viewer", async ({ db, params }) => {
  if (!(await db.environment.findUnique({ where: { id: params.envId } }))) return apiError(404, "not_found", "No environment with this id.");
  const { rows } = await listCertificates(db, { environmentIds: [params.envId] }, 1, 1000);
  return Response.json({ certificates: rows.map((row) => toCertificateDto(row)) });
});

/**
 * Imports an issued certificate (PEM, DER, a PEM bundle or PKCS#7). `?addIssuers=true` also puts
 * the bundle's CA certificates into the environment's client-cert-issuers store.
 */
export const POST = apiRoute<Params>("operator", async ({ req, db, actor, params }) => {
  const body = await readCertificateBody(req, CERTIFICATE_MAX_BYTES);
  if (!body.ok) return body.response;
  const addIssuersToStore = new URL(req.url).searchParams.get("addIssuers") === "true";
  const result = await importCertificate(db, actor, params.envId, body.input, { addIssuersToStore });
  if (!result.ok) return apiError(result.status, result.code, result.message);
  return Response.json(
    { id: result.id, compliant: result.compliant, checks: result.checks, failures: result.failures, matchedCsrId: result.matchedCsrId, issuersAdded: result.issuersAdded },
    { status: 201 },
  );
});
