import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readJsonBody } from "@/lib/api/body";
import { fieldErrors } from "@/lib/validation/field-errors";
import { gatewaySettingsSchema, reminderSettingsSchema } from "@/lib/gateway/schema";
import { updateGatewaySettings } from "@/lib/gateway/mutations";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";

export const dynamic = "force-dynamic";
type Params = { gatewayId: string };

/** The gateway's settings as the settings form shows them; the webhook URL (a secret) only to admins. */
async function settings(db: Db, id: string, actor: Actor) {
  const g = await db.gateway.findUnique({
    where: { id },
    include: { environments: { select: { id: true, code: true }, orderBy: { code: "asc" } } },
  });
  if (!g) return null;
  return {
    id: g.id,
    merchantGatewayId: g.merchantGatewayId,
    name: g.name,
    version: g.version,
    subjectCountry: g.subjectCountry,
    subjectState: g.subjectState,
    subjectLocality: g.subjectLocality,
    subjectOrg: g.subjectOrg,
    subjectOrgUnit: g.subjectOrgUnit,
    cnTemplate: g.cnTemplate,
    renewalLeadDays: g.renewalLeadDays,
    keyRotationDays: g.keyRotationDays,
    reminderThresholds: g.reminderThresholds,
    reminderEmails: g.reminderEmails,
    webhookConfigured: g.webhookUrl !== null,
    ...(actor.role === "admin" ? { webhookUrl: g.webhookUrl } : {}),
    environments: g.environments,
  };
}

export const GET = apiRoute<Params>("viewer", async ({ db, actor, params }) => {
  const dto = await settings(db, params.gatewayId, actor);
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
  return Response.json(await settings(db, params.gatewayId, actor));
});
