import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readBodyBytes } from "@/lib/api/body";
import { readCertificateBody } from "@/lib/api/pem-body";
import { listServerChainChanges } from "@/lib/server-chain-change/data";
import { toServerChainChangeDto } from "@/lib/server-chain-change/dto";
import { planServerChainChange } from "@/lib/server-chain-change/mutations";
import { SERVER_CHAIN_MAX_BYTES } from "@/lib/server-chain-change/schema";
import { environmentExists } from "@/lib/environment/data";

export const dynamic = "force-dynamic";
type Params = { envId: string };

/** The environment's server chain changes, newest first. */
export const GET = apiRoute<Params>("viewer", async ({ db, params }) => {
  if (!(await environmentExists(db, params.envId)))
    return apiError(404, "not_found", "No environment with this id.");
  const rows = await listServerChainChanges(db, params.envId);
  return Response.json({ serverChainChanges: rows.map(toServerChainChangeDto) });
});

/**
 * Plans a change of our server CA or chain. Either JSON { chainPem, plannedAt, notes }, or the
 * chain itself (PEM, DER or PKCS#7) with ?plannedAt=YYYY-MM-DD&notes=… in the query.
 */
export const POST = apiRoute<Params>("operator", async ({ req, db, actor, params }) => {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  let input: { chain: string | Uint8Array; plannedAt?: unknown; notes?: unknown };
  if (type === "application/json") {
    const body = await readBodyBytes(req, SERVER_CHAIN_MAX_BYTES);
    if (!body.ok) return body.response;
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(body.bytes));
    } catch (error) {
      return apiError(
        400,
        "malformed_json",
        `The body is not valid JSON: ${(error as Error).message}`,
      );
    }
    const fields = (parsed ?? {}) as { chainPem?: unknown; plannedAt?: unknown; notes?: unknown };
    if (typeof fields.chainPem !== "string" || fields.chainPem.trim() === "") {
      return apiError(
        422,
        "invalid_body",
        'Send { "chainPem": "-----BEGIN CERTIFICATE-----…", "plannedAt": "YYYY-MM-DD", "notes": "…" }.',
        {
          fields: {
            chainPem: "chainPem is required: our server certificate, then its CAs, in PEM.",
          },
        },
      );
    }
    input = { chain: fields.chainPem, plannedAt: fields.plannedAt, notes: fields.notes };
  } else {
    const body = await readCertificateBody(req, SERVER_CHAIN_MAX_BYTES);
    if (!body.ok) return body.response;
    const query = new URL(req.url).searchParams;
    input = {
      chain: body.input,
      plannedAt: query.get("plannedAt") ?? undefined,
      notes: query.get("notes") ?? undefined,
    };
  }
  const result = await planServerChainChange(db, actor, params.envId, input);
  if (!result.ok)
    return apiError(
      result.status,
      result.code,
      result.message,
      result.fields ? { fields: result.fields } : {},
    );
  return Response.json(result.change, { status: 201 });
});
