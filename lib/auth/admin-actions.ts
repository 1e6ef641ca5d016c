"use server";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
import { createUser, newUserSchema } from "@/lib/auth/users";
import { createApiToken, newTokenSchema, revokeApiToken } from "@/lib/auth/tokens";
import { disableUser, enableUser, setUserRole, type LifecycleResult } from "@/lib/auth/lifecycle";
import { ROLES, type Role } from "@/lib/auth/actor";
import { fieldErrors } from "@/lib/validation/field-errors";
import { isoDay } from "@/lib/dates";

export type AdminFormState = {
  fields?: Record<string, string>;
  message?: string;
  done?: string;
  token?: string;
};
const FORBIDDEN: AdminFormState = { message: "Only an admin can do this." };

export async function createUserAction(
  _prev: AdminFormState,
  form: FormData,
): Promise<AdminFormState> {
  const ctx = await actionContext("admin");
  if (!ctx) return FORBIDDEN;
  const parsed = newUserSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await createUser(ctx.db, ctx.actor, parsed.data);
  if (!result.ok) return { fields: { [result.field]: result.message } };
  revalidatePath("/admin/users");
  return { done: `${result.user.email} can now sign in as ${result.user.role}.` };
}

export async function createTokenAction(
  _prev: AdminFormState,
  form: FormData,
): Promise<AdminFormState> {
  const ctx = await actionContext("admin");
  if (!ctx) return FORBIDDEN;
  const raw = Object.fromEntries(form);
  const parsed = newTokenSchema.safeParse({
    name: raw.name,
    role: raw.role,
    expiresInDays: raw.expiresInDays || undefined,
    noExpiry: raw.noExpiry === "on" || undefined,
  });
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const created = await createApiToken(ctx.db, ctx.actor, parsed.data);
  if (!created.ok) return { fields: { [created.field]: created.message } };
  revalidatePath("/admin/tokens");
  const until = created.expiresAt
    ? `It expires on ${isoDay(created.expiresAt)}.`
    : "It never expires.";
  return { token: created.token, done: `Copy the token now: it is shown only once. ${until}` };
}

export type UserActionState = { message?: string; done?: string };

function lifecycleState(result: LifecycleResult, done: string, unchanged: string): UserActionState {
  if (!result.ok) return { message: result.message };
  revalidatePath("/admin/users");
  revalidatePath("/admin/tokens");
  return { done: result.changed ? done : unchanged };
}

export async function changeUserRoleAction(
  _prev: UserActionState,
  form: FormData,
): Promise<UserActionState> {
  const ctx = await actionContext("admin");
  if (!ctx) return FORBIDDEN;
  const role = String(form.get("role") ?? "");
  if (!(ROLES as readonly string[]).includes(role))
    return { message: "Role must be viewer, operator or admin." };
  const result = await setUserRole(ctx.db, ctx.actor, String(form.get("id") ?? ""), role as Role);
  const revoked =
    result.ok && result.tokensRevoked
      ? ` ${result.tokensRevoked} of their API tokens above ${role} were revoked.`
      : "";
  return lifecycleState(
    result,
    `${result.ok ? result.email : ""} is now ${role}.${revoked}`,
    `Already ${role}.`,
  );
}

export async function disableUserAction(
  _prev: UserActionState,
  form: FormData,
): Promise<UserActionState> {
  const ctx = await actionContext("admin");
  if (!ctx) return FORBIDDEN;
  const result = await disableUser(ctx.db, ctx.actor, String(form.get("id") ?? ""));
  const done = result.ok
    ? `${result.email} is disabled: ${result.sessionsEnded} session(s) ended, ${result.tokensRevoked} API token(s) revoked.`
    : "";
  return lifecycleState(result, done, "That user was already disabled.");
}

export async function enableUserAction(
  _prev: UserActionState,
  form: FormData,
): Promise<UserActionState> {
  const ctx = await actionContext("admin");
  if (!ctx) return FORBIDDEN;
  const result = await enableUser(ctx.db, ctx.actor, String(form.get("id") ?? ""));
  return lifecycleState(
    result,
    `${result.ok ? result.email : ""} can sign in again.`,
    "That user was not disabled.",
  );
}

export async function revokeTokenAction(form: FormData) {
  const ctx = await actionContext("admin");
  if (!ctx) return;
  await revokeApiToken(ctx.db, ctx.actor, String(form.get("id")));
  revalidatePath("/admin/tokens");
}
