"use server";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
import { revokeOtherSessions, revokeSession } from "@/lib/auth/sessions";

export type SessionActionState = { ok?: boolean; message?: string; revoked?: number };

/** Ends one of the caller's own sessions (looked up by id among their own). */
export async function revokeSessionAction(
  _prev: SessionActionState,
  form: FormData,
): Promise<SessionActionState> {
  const ctx = await actionContext("viewer");
  if (!ctx) return { message: "Sign in first." };
  const id = String(form.get("id") ?? "");
  if (id === ctx.user.sessionId)
    return { message: "This is the session you are using: sign out instead." };
  const result = await revokeSession(ctx.db, ctx.actor, ctx.user.id, id);
  revalidatePath("/account/security");
  return result.ok
    ? { ok: true, revoked: result.revoked, message: "The session was signed out." }
    : { message: result.message };
}

/** Ends every session of the caller except the one making this request. */
export async function revokeOtherSessionsAction(
  _prev: SessionActionState,
  _form: FormData,
): Promise<SessionActionState> {
  const ctx = await actionContext("viewer");
  if (!ctx) return { message: "Sign in first." };
  const result = await revokeOtherSessions(ctx.db, ctx.actor, ctx.user.id, ctx.user.sessionId);
  revalidatePath("/account/security");
  if (!result.ok) return { message: result.message };
  return {
    ok: true,
    revoked: result.revoked,
    message:
      result.revoked === 1
        ? "1 other session was signed out."
        : `${result.revoked} other sessions were signed out.`,
  };
}
