"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { actorFor } from "@/lib/auth/session";
import { createUser, newUserSchema } from "@/lib/auth/users";
import { createApiToken, newTokenSchema, revokeApiToken } from "@/lib/auth/tokens";
import { fieldErrors } from "@/lib/validation/field-errors";

export type AdminFormState = { fields?: Record<string, string>; message?: string; done?: string; token?: string };
const FORBIDDEN: AdminFormState = { message: "Only an admin can do this." };

export async function createUserAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  const actor = await actorFor("admin");
  if (!actor) return FORBIDDEN;
  const parsed = newUserSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await createUser(await db(), actor, parsed.data);
  if (!result.ok) return { fields: { [result.field]: result.message } };
  revalidatePath("/admin/users");
  return { done: `${result.user.email} can now sign in as ${result.user.role}.` };
}

export async function createTokenAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  const actor = await actorFor("admin");
  if (!actor) return FORBIDDEN;
  const raw = Object.fromEntries(form);
  const parsed = newTokenSchema.safeParse({ ...raw, expiresInDays: raw.expiresInDays || undefined });
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const { token } = await createApiToken(await db(), actor, parsed.data);
  revalidatePath("/admin/tokens");
  return { token, done: "Copy the token now: it is shown only once." };
}

export async function revokeTokenAction(form: FormData) {
  const actor = await actorFor("admin");
  if (!actor) return;
  await revokeApiToken(await db(), actor, String(form.get("id")));
  revalidatePath("/admin/tokens");
}
