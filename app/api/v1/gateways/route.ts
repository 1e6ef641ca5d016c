import { apiRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/body";
import { apiError } from "@/lib/api/respond";
import { createGatewaySchema } from "@/lib/gateway/schema";
import { fieldErrors } from "@/lib/validation/field-errors";
import { createGateway } from "@/lib/gateway/mutations";
import { listGateways } from "@/lib/gateway/data";
import { toGatewayDto } from "@/lib/gateway/dto";

export const dynamic = "force-dynamic";

export const GET = apiRoute("viewer", async ({ db }) => {
  const gateways = await listGateways(db);
  return Response.json({ gateways: gateways.map(toGatewayDto) });
});

export const POST = apiRoute("admin", async ({ req, db, actor }) => {
  const body = await readJsonBody(req);
  if (!body.ok) return body.response;
  const parsed = createGatewaySchema.safeParse(body.value);
  if (!parsed.success) {
    return apiError(422, "invalid_body", "The gateway is not valid.", {
      fields: fieldErrors(parsed.error),
    });
  }
  const result = await createGateway(db, actor, parsed.data);
  if (!result.ok)
    return apiError(409, result.code, result.message, {
      fields: { [result.field]: result.message },
    });
  return Response.json(toGatewayDto(result.value), { status: 201 });
});
