"use server";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
import {
  markSigningKeyOnboarded,
  registerSigningKey,
  retireSigningKey,
} from "@/lib/signing-key/mutations";
import {
  onboardSigningKeySchema,
  registerSigningKeySchema,
  retireSigningKeySchema,
} from "@/lib/signing-key/schema";
import { fieldErrors } from "@/lib/validation/field-errors";

export type RegisterSigningKeyState = {
  id?: string;
  kid?: string;
  message?: string;
  code?: string;
  keyExposed?: boolean;
};
export type SigningKeyFormState = {
  ok?: boolean;
  message?: string;
  fields?: Record<string, string>;
};

const FORBIDDEN = "Your role cannot do this: it needs operator or admin.";

/** Only the PUBLIC key's PEM ever reaches this action: the private key stays in the browser. */
export async function registerSigningKeyAction(
  environmentId: string,
  input: { publicKeyPem: string; origin: "browser" | "registered" },
): Promise<RegisterSigningKeyState> {
  const ctx = await actionContext("operator");
  if (!ctx) return { message: FORBIDDEN };
  const parsed = registerSigningKeySchema.safeParse({ publicKeyPem: input?.publicKeyPem });
  if (!parsed.success) return { message: fieldErrors(parsed.error).publicKeyPem };
  const result = await registerSigningKey(ctx.db, ctx.actor, {
    environmentId: String(environmentId),
    publicKeyPem: parsed.data.publicKeyPem,
    origin: input.origin === "browser" ? "browser" : "registered",
  });
  if (!result.ok)
    return {
      message: result.message,
      code: result.code,
      ...(result.keyExposed ? { keyExposed: true } : {}),
    };
  revalidatePath("/gateways", "layout");
  return { id: result.key.id, kid: result.key.kid };
}

export async function markSigningKeyOnboardedAction(
  keyId: string,
  _prev: SigningKeyFormState,
  form: FormData,
): Promise<SigningKeyFormState> {
  const ctx = await actionContext("operator");
  if (!ctx) return { message: FORBIDDEN };
  const parsed = onboardSigningKeySchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await markSigningKeyOnboarded(
    ctx.db,
    ctx.actor,
    String(keyId),
    parsed.data.onboardedAt,
  );
  if (!result.ok) return { message: result.message };
  revalidatePath("/gateways", "layout");
  return { ok: true };
}

export async function retireSigningKeyAction(
  keyId: string,
  _prev: SigningKeyFormState,
  form: FormData,
): Promise<SigningKeyFormState> {
  const ctx = await actionContext("operator");
  if (!ctx) return { message: FORBIDDEN };
  const parsed = retireSigningKeySchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await retireSigningKey(ctx.db, ctx.actor, String(keyId), parsed.data.reason);
  if (!result.ok) return { message: result.message };
  revalidatePath("/gateways", "layout");
  return { ok: true };
}
