"use server";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
import { cancelCsr, markCsrSubmitted, registerCsr } from "@/lib/csr/mutations";
import { linkRenewalCsr } from "@/lib/renewal/workflow";
import { cancelCsrSchema, registerCsrSchema, submitCsrSchema } from "@/lib/csr/schema";
import type { CsrProblem } from "@/lib/csr/intake";
import { fieldErrors } from "@/lib/validation/field-errors";

export type RegisterCsrState = {
  id?: string;
  message?: string;
  violations?: CsrProblem[];
  warnings?: CsrProblem[];
  keyExposed?: boolean;
};
export type TransitionState = { ok?: boolean; message?: string; fields?: Record<string, string> };

const FORBIDDEN = "Your role cannot do this: it needs operator or admin.";

/**
 * Only the CSR's PEM ever reaches this action: the private key stays in the browser.
 * `cnOverrideReason` asks to accept a CN other than the template's: admins only (checked in
 * registerCsr, so the API and this action refuse operators the same way).
 */
export async function registerCsrAction(
  environmentId: string,
  input: {
    pem: string;
    origin: "browser" | "registered";
    cnOverrideReason?: string;
    renewalId?: string;
  },
): Promise<RegisterCsrState> {
  const ctx = await actionContext("operator");
  if (!ctx) return { message: FORBIDDEN };
  const parsed = registerCsrSchema.safeParse({ pem: input.pem });
  if (!parsed.success) return { message: fieldErrors(parsed.error).pem };
  const result = await registerCsr(ctx.db, ctx.actor, {
    environmentId,
    pem: parsed.data.pem,
    origin: input.origin === "browser" ? "browser" : "registered",
    ...(typeof input.cnOverrideReason === "string"
      ? { cnOverride: { reason: input.cnOverrideReason } }
      : {}),
  });
  if (!result.ok)
    return {
      message: result.message,
      violations: result.violations,
      keyExposed: result.keyExposed,
    };
  if (input.renewalId) {
    const linked = await linkRenewalCsr(ctx.db, ctx.actor, input.renewalId, result.csr.id);
    if (!linked.ok)
      return {
        id: result.csr.id,
        message: `The CSR was stored, but not added to the renewal: ${linked.message}`,
      };
  }
  revalidatePath("/gateways", "layout");
  return { id: result.csr.id };
}

export async function submitCsrAction(
  csrId: string,
  _prev: TransitionState,
  form: FormData,
): Promise<TransitionState> {
  const ctx = await actionContext("operator");
  if (!ctx) return { message: FORBIDDEN };
  const parsed = submitCsrSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await markCsrSubmitted(ctx.db, ctx.actor, csrId, parsed.data);
  if (!result.ok) return { message: result.message };
  revalidatePath("/gateways", "layout");
  return { ok: true };
}

export async function cancelCsrAction(
  csrId: string,
  _prev: TransitionState,
  form: FormData,
): Promise<TransitionState> {
  const ctx = await actionContext("operator");
  if (!ctx) return { message: FORBIDDEN };
  const parsed = cancelCsrSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await cancelCsr(ctx.db, ctx.actor, csrId, parsed.data.reason);
  if (!result.ok) return { message: result.message };
  revalidatePath("/gateways", "layout");
  return { ok: true };
}
