import { apiRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/body";
import { apiError } from "@/lib/api/respond";
import { webhookInputSchema } from "@/lib/gateway/schema";
import { setGatewayWebhook } from "@/lib/gateway/mutations";
import { findGatewayByIdOrMerchantId, gatewayWebhook } from "@/lib/gateway/data";
import { fieldErrors } from "@/lib/validation/field-errors";

export const dynamic = "force-dynamic";

type Params = { gatewayId: string };

const notFound = () => apiError(404, "not_found", "No gateway has this id or merchantGatewayId.");

/** The webhook as this caller may see it: the URL for admins; its origin only for everyone else. */
export const GET = apiRoute<Params>("viewer", async ({ db, actor, params }) => {
  const gateway = await findGatewayByIdOrMerchantId(db, params.gatewayId);
  if (!gateway) return notFound();
  const webhook = await gatewayWebhook(db, gateway.id, actor.role);
  return Response.json({
    configured: webhook.origin !== null,
    origin: webhook.origin,
    format: webhook.format,
    ...(actor.role === "admin" ? { url: webhook.url } : {}),
  });
});

/** Sets or removes the webhook (admin). A link-local or metadata host is refused, nothing stored. */
export const PUT = apiRoute<Params>("admin", async ({ req, db, actor, params }) => {
  const body = await readJsonBody(req);
  if (!body.ok) return body.response;
  const gateway = await findGatewayByIdOrMerchantId(db, params.gatewayId);
  if (!gateway) return notFound();
  const parsed = webhookInputSchema.safeParse(body.value);
  if (!parsed.success) {
    // The URL check names its own code (webhook_host_refused, webhook_url_invalid).
    const coded = parsed.error.issues
      .map((i) => (i as { params?: { code?: string } }).params?.code)
      .find(Boolean);
    const invalidUrl = parsed.error.issues.some((i) => i.path[0] === "url");
    const code = coded ?? (invalidUrl ? "webhook_url_invalid" : "invalid_body");
    return apiError(
      422,
      code,
      code === "invalid_body"
        ? "The webhook setting is not valid."
        : parsed.error.issues.find((i) => i.path[0] === "url")!.message,
      { fields: fieldErrors(parsed.error) },
    );
  }
  const result = await setGatewayWebhook(db, actor, gateway.id, parsed.data);
  if (!result.ok) return apiError(404, result.code, result.message);
  const webhook = await gatewayWebhook(db, gateway.id, actor.role);
  return Response.json({
    configured: webhook.origin !== null,
    origin: webhook.origin,
    format: webhook.format,
    url: webhook.url,
    changed: result.value.changed,
  });
});
