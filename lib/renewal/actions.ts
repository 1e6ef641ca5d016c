"use server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
import {
  confirmDeployed,
  markRenewalSubmitted,
  retireOld,
  startRenewal,
} from "@/lib/renewal/workflow";
import { fieldErrors } from "@/lib/validation/field-errors";
import { deployRenewalSchema, submitRenewalSchema } from "@/lib/renewal/schema";
import { renewalPlace } from "@/lib/renewal/data";
import { environmentPath } from "@/lib/environment/paths";

export type RenewalState = { ok?: boolean; message?: string; fields?: Record<string, string> };
const FORBIDDEN: RenewalState = {
  message: "Your role cannot do this: it needs operator or admin.",
};

export async function startRenewalAction(certificateId: string) {
  const ctx = await actionContext("operator");
  if (!ctx) return;
  const result = await startRenewal(ctx.db, ctx.actor, certificateId);
  if (!result.ok) return;
  // The path is built here from the stored renewal, never taken from the client.
  const place = await renewalPlace(ctx.db, result.id);
  redirect(`${environmentPath(place.merchantGatewayId, place.env, "renewals")}/${place.id}`);
}

export async function submitRenewalAction(
  renewalId: string,
  _prev: RenewalState,
  form: FormData,
): Promise<RenewalState> {
  const ctx = await actionContext("operator");
  if (!ctx) return FORBIDDEN;
  const parsed = submitRenewalSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await markRenewalSubmitted(ctx.db, ctx.actor, renewalId, parsed.data);
  revalidatePath("/gateways", "layout");
  return result.ok ? { ok: true } : { message: result.message };
}

export async function deployRenewalAction(
  renewalId: string,
  _prev: RenewalState,
  form: FormData,
): Promise<RenewalState> {
  const ctx = await actionContext("operator");
  if (!ctx) return FORBIDDEN;
  const parsed = deployRenewalSchema.safeParse({
    ...Object.fromEntries(form),
    installationIds: form.getAll("installationIds"),
  });
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await confirmDeployed(ctx.db, ctx.actor, renewalId, parsed.data);
  revalidatePath("/gateways", "layout");
  return result.ok ? { ok: true } : { message: result.message };
}

export async function retireRenewalAction(
  renewalId: string,
  _prev: RenewalState,
): Promise<RenewalState> {
  const ctx = await actionContext("operator");
  if (!ctx) return FORBIDDEN;
  const result = await retireOld(ctx.db, ctx.actor, renewalId);
  revalidatePath("/gateways", "layout");
  return result.ok ? { ok: true } : { message: result.message };
}
