import { apiRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/body";
import { apiError } from "@/lib/api/respond";
import { fieldErrors } from "@/lib/validation/field-errors";
import { renewalLeadOverrideSchema } from "@/lib/environment/schema";
import { setRenewalLeadOverride } from "@/lib/environment/mutations";
import { environmentLeadSettings } from "@/lib/environment/data";

export const dynamic = "force-dynamic";

type Params = { envId: string };

export const GET = apiRoute<Params>("viewer", async ({ db, params }) => {
  const dto = await environmentLeadSettings(db, params.envId);
  return dto ? Response.json(dto) : apiError(404, "not_found", "No environment has this id.");
});

export const PATCH = apiRoute<Params>("admin", async ({ req, db, actor, params }) => {
  const body = await readJsonBody(req);
  if (!body.ok) return body.response;
  const parsed = renewalLeadOverrideSchema.safeParse(body.value);
  if (!parsed.success)
    return apiError(422, "invalid_body", "The lead time is not valid.", {
      fields: fieldErrors(parsed.error),
    });
  const result = await setRenewalLeadOverride(db, actor, params.envId, parsed.data);
  if (!result.ok) return apiError(404, result.code, result.message);
  return Response.json(await environmentLeadSettings(db, params.envId));
});
