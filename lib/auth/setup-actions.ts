"use server";
import { redirect } from "next/navigation";
import { publicActionContext } from "@/lib/auth/action-context";
import { completeSetup, setupSchema } from "@/lib/auth/setup";
import { fieldErrors } from "@/lib/validation/field-errors";

export type SetupState = { fields?: Record<string, string>; message?: string };

export async function setupAction(_prev: SetupState, form: FormData): Promise<SetupState> {
  const parsed = setupSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  if (parsed.data.password !== form.get("confirm"))
    return { fields: { confirm: "The two passwords differ." } };
  const { db } = await publicActionContext();
  const result = await completeSetup(db, parsed.data);
  if (!result.ok)
    return result.field
      ? { fields: { [result.field]: result.message } }
      : { message: result.message };
  redirect("/sign-in?setup=done");
}
