import { apiRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/body";
import { apiError } from "@/lib/api/respond";
import { fieldErrors } from "@/lib/validation/field-errors";
import { tokenEndpointSchema } from "@/lib/signing-key/token-endpoint";
import { setTokenEndpoint, tokenEndpointDto } from "@/lib/signing-key/token-endpoint-mutation";

export const dynamic = "force-dynamic";

type Params = { envId: string };

/** The environment's OAuth token endpoint (the client assertion's `aud`), with the partner's default. */
export const GET = apiRoute<Params>("viewer", async ({ db, params }) => {
  const dto = await tokenEndpointDto(db, params.envId);
  return dto ? Response.json(dto) : apiError(404, "not_found", "No environment has this id.");
});

/** Sets it (a https URL) or clears it (null: the partner's default). Admin; audited. */
export const PUT = apiRoute<Params>("admin", async ({ req, db, actor, params }) => {
  const body = await readJsonBody(req);
  if (!body.ok) return body.response;
  const parsed = tokenEndpointSchema.safeParse(body.value);
  if (!parsed.success)
    return apiError(422, "invalid_body", "The token endpoint is not valid.", {
      fields: fieldErrors(parsed.error),
    });
  const result = await setTokenEndpoint(db, actor, params.envId, parsed.data);
  if (!result.ok) return apiError(404, result.code, result.message);
  return Response.json(result.value);
});
