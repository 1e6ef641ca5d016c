import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readPemBody } from "@/lib/api/pem-body";
import { CSR_MAX_BYTES } from "@/lib/csr/schema";
import { registerCsr } from "@/lib/csr/mutations";
import { toCsrDto } from "@/lib/csr/dto";
import { listCsrsForApi } from "@/lib/csr/data";
import { environmentExists } from "@/lib/environment/data";

export const dynamic = "force-dynamic";
type Params = { envId: string };

export const GET = apiRoute<Params>("viewer", async ({ db, params }) => {
  if (!(await environmentExists(db, params.envId)))
    return apiError(404, "not_found", "No environment with this id.");
  const rows = await listCsrsForApi(db, params.envId);
  return Response.json({ csrs: rows.map((row) => ({ ...toCsrDto(row), pem: row.pem })) });
});

/**
 * Registers a CSR made elsewhere. The server checks it with the partner's policy itself.
 * JSON { pem, cnOverrideReason } accepts a CN other than the template's: admins only.
 */
export const POST = apiRoute<Params>("operator", async ({ req, db, actor, params }) => {
  const body = await readPemBody(req, CSR_MAX_BYTES);
  if (!body.ok) return body.response;
  const reason = body.json?.cnOverrideReason;
  if (reason !== undefined && typeof reason !== "string") {
    return apiError(422, "invalid_body", "cnOverrideReason must be text.", {
      fields: { cnOverrideReason: "cnOverrideReason must be text." },
    });
  }
  const result = await registerCsr(db, actor, {
    environmentId: params.envId,
    pem: body.pem,
    origin: "registered",
    ...(reason !== undefined ? { cnOverride: { reason } } : {}),
  });
  if (!result.ok) {
    const code =
      result.status === 404
        ? "not_found"
        : result.status === 409
          ? "duplicate"
          : result.status === 403
            ? "forbidden"
            : result.keyExposed
              ? "private_key_exposed"
              : "policy_violation";
    return Response.json(
      {
        error: { code, message: result.message },
        violations: result.violations,
        ...(result.keyExposed ? { warning: result.violations[0]?.message } : {}),
      },
      { status: result.status },
    );
  }
  return Response.json({ ...result.csr, warnings: result.warnings }, { status: 201 });
});
