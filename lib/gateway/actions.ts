"use server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
import {
  createGatewaySchema,
  gatewaySettingsSchema,
  reminderSettingsSchema,
} from "@/lib/gateway/schema";
import { createGateway, updateGatewaySettings } from "@/lib/gateway/mutations";
import { fieldErrors } from "@/lib/validation/field-errors";

export type FormState = {
  fields?: Record<string, string>;
  message?: string;
  saved?: boolean;
  version?: number;
};

const FORBIDDEN: FormState = { message: "Only an admin can do this." };

export async function createGatewayAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await actionContext("admin");
  if (!ctx) return FORBIDDEN;
  const parsed = createGatewaySchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await createGateway(ctx.db, ctx.actor, parsed.data);
  if (!result.ok) return { fields: { [result.field]: result.message } };
  revalidatePath("/", "layout");
  redirect(`/gateways/${encodeURIComponent(result.value.merchantGatewayId)}`);
}

export async function updateGatewaySettingsAction(
  gatewayId: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const ctx = await actionContext("admin");
  if (!ctx) return FORBIDDEN;
  const raw = Object.fromEntries(form);
  const reminders = reminderSettingsSchema.safeParse({
    reminderThresholds: raw.reminderThresholds ?? "",
    reminderEmails: raw.reminderEmails ?? "",
    webhookUrl: raw.webhookUrl ?? "",
    webhookFormat: raw.webhookFormat ?? "",
  });
  const parsed = gatewaySettingsSchema.safeParse({
    ...raw,
    reminderThresholds: undefined,
    reminderEmails: undefined,
    webhookUrl: undefined,
    webhookFormat: undefined,
  });
  if (!parsed.success || !reminders.success) {
    return {
      fields: {
        ...(parsed.success ? {} : fieldErrors(parsed.error)),
        ...(reminders.success ? {} : fieldErrors(reminders.error)),
      },
    };
  }
  const result = await updateGatewaySettings(ctx.db, ctx.actor, gatewayId, {
    ...parsed.data,
    ...reminders.data,
  });
  if (!result.ok) return { message: result.message };
  revalidatePath("/", "layout");
  return { saved: true, version: result.value.version };
}
