"use server";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
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
  const ctx = await actionContext("operator");
  if (!ctx) return { message: OPERATOR_ONLY };
  const parsed = manualTickSchema.safeParse({
    item,
    note: String(form.get("note") ?? ""),
    doneOn: String(form.get("doneOn") ?? ""),
  });
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await tickItem(ctx.db, ctx.actor, environmentId, parsed.data);
  if (!result.ok) return { message: result.message };
  revalidatePath("/gateways", "layout");
  return { saved: true };
}

export async function untickChecklistItemAction(
  environmentId: string,
  item: string,
): Promise<TickFormState> {
  const ctx = await actionContext("operator");
  if (!ctx) return { message: OPERATOR_ONLY };
  const result = await untickItem(ctx.db, ctx.actor, environmentId, item);
  revalidatePath("/gateways", "layout");
  return result.ok ? {} : { message: result.message };
}
