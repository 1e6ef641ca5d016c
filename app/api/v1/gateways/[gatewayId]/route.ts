import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readJsonBody } from "@/lib/api/body";
import { fieldErrors } from "@/lib/validation/field-errors";
import { gatewaySettingsSchema, reminderSettingsSchema } from "@/lib/gateway/schema";
import { updateGatewaySettings } from "@/lib/gateway/mutations";
import { gatewaySettings } from "@/lib/gateway/data";

export const dynamic = "force-dynamic";
type Params = { gatewayId: string };

export const GET = apiRoute<Params>("viewer", async ({ db, actor, params }) => {
  const dto = await gatewaySettings(db, params.gatewayId, actor);
  return dto ? Response.json(dto) : apiError(404, "not_found", "No gateway has this id.");
});

const asText = (value: unknown) =>
  Array.isArray(value)
    ? value.join(", ")
    : typeof value === "number"
      ? String(value)
      : (value ?? "");

/**
 * Saves the settings form (admin): every field, with the `version` read by GET; a stale version
 * is refused (409). Lists may be arrays or the form's comma-separated text.
 */
export const PUT = apiRoute<Params>("admin", async ({ req, db, actor, params }) => {
  const body = await readJsonBody(req, 64 * 1024);
  if (!body.ok) return body.response;
  const raw = (
    body.value && typeof body.value === "object" && !Array.isArray(body.value) ? body.value : {}
  ) as Record<string, unknown>;
  // The same two schemas as the form (lib/gateway/actions.ts), the lists given as text.
  const reminders = reminderSettingsSchema.safeParse({
    reminderThresholds: asText(raw.reminderThresholds),
    reminderEmails: asText(raw.reminderEmails),
    webhookUrl: raw.webhookUrl ?? "",
  });
  const parsed = gatewaySettingsSchema.safeParse({
    ...raw,
    reminderThresholds: undefined,
    reminderEmails: undefined,
    webhookUrl: undefined,
  });
  if (!parsed.success || !reminders.success) {
    return apiError(422, "invalid_body", "The settings are not valid.", {
      fields: {
        ...(parsed.success ? {} : fieldErrors(parsed.error)),
        ...(reminders.success ? {} : fieldErrors(reminders.error)),
      },
    });
  }
  const result = await updateGatewaySettings(db, actor, params.gatewayId, {
    ...parsed.data,
    ...reminders.data,
  });
  if (!result.ok)
    return apiError(
      result.code === "not_found" ? 404 : 409,
      result.code === "stale" ? "gateway.stale" : result.code,
      result.message,
    );
  return Response.json(await gatewaySettings(db, params.gatewayId, actor));
});
