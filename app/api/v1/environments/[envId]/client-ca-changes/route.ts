import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readJsonBody } from "@/lib/api/body";
import { fieldErrors } from "@/lib/validation/field-errors";
import { CERTIFICATE_MAX_BYTES } from "@/lib/certificate/schema";
import { parseForStore } from "@/lib/trust-store/mutations";
import { listClientCaChanges, toClientCaChangeDto } from "@/lib/ca-change/data";
import { reconcileClientCa } from "@/lib/ca-change/findings";
import { clientCaChangeSchema } from "@/lib/ca-change/schema";
import { recordClientCaChange } from "@/lib/ca-change/mutations";
import { environmentExists } from "@/lib/environment/data";

export const dynamic = "force-dynamic";
type Params = { envId: string };

/** The Thales Client CA ledger of the environment, each change with its state, and the findings. */
export const GET = apiRoute<Params>("viewer", async ({ db, params }) => {
  if (!(await environmentExists(db, params.envId)))
    return apiError(404, "not_found", "No environment with this id.");
  const [changes, findings] = await Promise.all([
    listClientCaChanges(db, params.envId),
    reconcileClientCa(db, params.envId),
  ]);
  return Response.json({ changes: changes.map(toClientCaChangeDto), findings });
});

/** Records a new Thales Client CA: JSON { pem, source, receivedAt, effectiveAt?, replacesSha256?, notes? }. */
export const POST = apiRoute<Params>("operator", async ({ req, db, actor, params }) => {
  const body = await readJsonBody(req, CERTIFICATE_MAX_BYTES);
  if (!body.ok) return body.response;
  const value = (body.value ?? {}) as Record<string, unknown>;
  const parsed = clientCaChangeSchema.safeParse(value);
  const pem = typeof value.pem === "string" && value.pem.trim() !== "" ? value.pem : null;
  if (!parsed.success || !pem) {
    return apiError(422, "invalid_body", "The change is not valid.", {
      fields: {
        ...(parsed.success ? {} : fieldErrors(parsed.error)),
        ...(pem ? {} : { pem: "pem (the new CA certificate, PEM) is required." }),
      },
    });
  }
  const certificates = await parseForStore(pem);
  if (!certificates.ok) return apiError(422, certificates.code, certificates.message);
  const result = await recordClientCaChange(
    db,
    actor,
    params.envId,
    certificates.certificates,
    parsed.data,
  );
  if (!result.ok)
    return apiError(
      result.status,
      result.code,
      result.message,
      result.field ? { fields: { [result.field]: result.message } } : undefined,
    );
  const created = (await listClientCaChanges(db, params.envId)).find((c) => c.id === result.id)!;
  return Response.json(toClientCaChangeDto(created), { status: 201 });
});
