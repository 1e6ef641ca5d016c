"use server";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
import { renewalLeadOverrideSchema } from "@/lib/environment/schema";
import { setRenewalLeadOverride } from "@/lib/environment/mutations";
import { fieldErrors } from "@/lib/validation/field-errors";

export type LeadFormState = { fields?: Record<string, string>; message?: string; saved?: boolean };

/** An empty field clears the override: the gateway's lead time applies again. */
export async function setRenewalLeadAction(
  environmentId: string,
  _prev: LeadFormState,
  form: FormData,
): Promise<LeadFormState> {
  const ctx = await actionContext("admin");
  if (!ctx) return { message: "Only an admin can do this." };
  const raw = String(form.get("renewalLeadDaysOverride") ?? "");
  const parsed = renewalLeadOverrideSchema.safeParse({ renewalLeadDaysOverride: raw });
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await setRenewalLeadOverride(ctx.db, ctx.actor, environmentId, parsed.data);
  if (!result.ok) return { message: result.message };
  revalidatePath("/", "layout");
  return { saved: true };
}
