"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { actorFor, getCurrentUser } from "@/lib/auth/session";
import { markAllRead, markRead } from "@/lib/reminder/notifications";
import { acknowledge, snooze } from "@/lib/reminder/mutations";
import { acknowledgeSchema, snoozeSchema } from "@/lib/reminder/schema";
import { fieldErrors } from "@/lib/validation/field-errors";

export type ReminderFormState = { ok?: boolean; message?: string; fields?: Record<string, string> };

/** Marking one's own notifications read needs no role beyond being signed in. */
export async function markReadAction(form: FormData) {
  const user = await getCurrentUser();
  if (!user) return;
  const id = form.get("id");
  const prisma = await db();
  if (typeof id === "string" && id) await markRead(prisma, user.id, [id]);
  else await markAllRead(prisma, user.id);
  revalidatePath("/", "layout");
}

export async function acknowledgeAction(
  certificateId: string,
  subject: string,
  _prev: ReminderFormState,
): Promise<ReminderFormState> {
  const actor = await actorFor("operator");
  if (!actor) return { message: "Your role cannot do this: it needs operator or admin." };
  const parsed = acknowledgeSchema.safeParse({ certificateId, subject });
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await acknowledge(await db(), actor, parsed.data);
  revalidatePath("/", "layout");
  return result.ok ? { ok: true } : { message: result.message };
}

export async function snoozeAction(
  certificateId: string,
  subject: string,
  _prev: ReminderFormState,
  form: FormData,
): Promise<ReminderFormState> {
  const actor = await actorFor("operator");
  if (!actor) return { message: "Your role cannot do this: it needs operator or admin." };
  const parsed = snoozeSchema.safeParse({
    certificateId,
    subject,
    until: form.get("until"),
    reason: form.get("reason"),
  });
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await snooze(await db(), actor, parsed.data);
  revalidatePath("/", "layout");
  return result.ok
    ? { ok: true }
    : result.field
      ? { fields: { [result.field]: result.message } }
      : { message: result.message };
}
