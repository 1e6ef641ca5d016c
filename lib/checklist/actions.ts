"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { actorFor } from "@/lib/auth/session";
import { fieldErrors } from "@/lib/validation/field-errors";
import { manualTickSchema } from "@/lib/checklist/schema";
import { tickItem, untickItem } from "@/lib/checklist/mutations";

export type TickFormState = { fields?: Record<string, string>; message?: string; saved?: boolean };
const OPERATOR_ONLY = "Your role cannot do this: it needs operator or admin.";

export async function tickChecklistItemAction(
  environmentId: string,
  item: string,
  _prev: TickFormState,
  form: FormData,
): Promise<TickFormState> {
  const actor = await actorFor("operator");
  if (!actor) return { message: OPERATOR_ONLY };
  const parsed = manualTickSchema.safeParse({
    item,
    note: String(form.get("note") ?? ""),
    doneOn: String(form.get("doneOn") ?? ""),
  });
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await tickItem(await db(), actor, environmentId, parsed.data);
  if (!result.ok) return { message: result.message };
  revalidatePath("/gateways", "layout");
  return { saved: true };
}

export async function untickChecklistItemAction(
  environmentId: string,
  item: string,
): Promise<TickFormState> {
  const actor = await actorFor("operator");
  if (!actor) return { message: OPERATOR_ONLY };
  const result = await untickItem(await db(), actor, environmentId, item);
  revalidatePath("/gateways", "layout");
  return result.ok ? {} : { message: result.message };
}
