"use server";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
import { markAllRead, markRead } from "@/lib/reminder/notifications";
import { acknowledge, snooze } from "@/lib/reminder/mutations";
import { acknowledgeSchema, snoozeSchema } from "@/lib/reminder/schema";
import { fieldErrors } from "@/lib/validation/field-errors";

export type ReminderFormState = { ok?: boolean; message?: string; fields?: Record<string, string> };

/** Marking one's own notifications read needs no role beyond being signed in. */
export async function markReadAction(form: FormData) {
  const ctx = await actionContext("viewer");
  if (!ctx) return;
  const id = form.get("id");
  if (typeof id === "string" && id) await markRead(ctx.db, ctx.user.id, [id]);
  else await markAllRead(ctx.db, ctx.user.id);
  revalidatePath("/", "layout");
}

export async function acknowledgeAction(
  certificateId: string,
  subject: string,
  _prev: ReminderFormState,
): Promise<ReminderFormState> {
  const ctx = await actionContext("operator");
  if (!ctx) return { message: "Your role cannot do this: it needs operator or admin." };
  const parsed = acknowledgeSchema.safeParse({ certificateId, subject });
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await acknowledge(ctx.db, ctx.actor, parsed.data);
  revalidatePath("/", "layout");
  return result.ok ? { ok: true } : { message: result.message };
}

export async function snoozeAction(
  certificateId: string,
  subject: string,
  _prev: ReminderFormState,
  form: FormData,
): Promise<ReminderFormState> {
  const ctx = await actionContext("operator");
  if (!ctx) return { message: "Your role cannot do this: it needs operator or admin." };
  const parsed = snoozeSchema.safeParse({
    certificateId,
    subject,
    until: form.get("until"),
    reason: form.get("reason"),
  });
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await snooze(ctx.db, ctx.actor, parsed.data);
  revalidatePath("/", "layout");
  return result.ok
    ? { ok: true }
    : result.field
      ? { fields: { [result.field]: result.message } }
      : { message: result.message };
}
