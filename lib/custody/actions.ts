"use server";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
import { acknowledgeCustody, assignCustodian, removeCustodian } from "@/lib/custody/mutations";
import { assignCustodianSchema } from "@/lib/custody/schema";
import { fieldErrors } from "@/lib/validation/field-errors";

export type CustodyFormState = { ok?: boolean; message?: string; fields?: Record<string, string> };

/** Only admins name custodians. */
export async function assignCustodianAction(
  environmentId: string,
  _prev: CustodyFormState,
  form: FormData,
): Promise<CustodyFormState> {
  const ctx = await actionContext("admin");
  if (!ctx) return { message: "Only an admin can do this." };
  const parsed = assignCustodianSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await assignCustodian(
    ctx.db,
    ctx.actor,
    String(environmentId),
    parsed.data.userId,
  );
  if (!result.ok) return { message: result.message, fields: result.fields };
  revalidatePath("/gateways", "layout");
  return { ok: true };
}

export async function removeCustodianAction(
  environmentId: string,
  userId: string,
  _prev: CustodyFormState,
): Promise<CustodyFormState> {
  const ctx = await actionContext("admin");
  if (!ctx) return { message: "Only an admin can do this." };
  const result = await removeCustodian(ctx.db, ctx.actor, String(environmentId), String(userId));
  if (!result.ok) return { message: result.message };
  revalidatePath("/gateways", "layout");
  return { ok: true };
}

/** The signed-in custodian acknowledges their own duties (lib/custody checks it is them). */
export async function acknowledgeCustodyAction(
  environmentId: string,
  _prev: CustodyFormState,
): Promise<CustodyFormState> {
  const ctx = await actionContext("viewer");
  if (!ctx) return { message: "Sign in first." };
  const result = await acknowledgeCustody(ctx.db, ctx.actor, String(environmentId));
  if (!result.ok) return { message: result.message };
  revalidatePath("/gateways", "layout");
  return { ok: true };
}
