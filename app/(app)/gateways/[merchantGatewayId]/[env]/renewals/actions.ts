"use server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { actorFor } from "@/lib/auth/session";
import { confirmDeployed, markRenewalSubmitted, retireOld, startRenewal } from "@/lib/renewal/workflow";
import { fieldErrors } from "@/lib/validation/field-errors";

export type RenewalState = { ok?: boolean; message?: string; fields?: Record<string, string> };
const FORBIDDEN: RenewalState = { message: "Your role cannot do this: it needs operator or admin." };
const day = z.iso.date({ error: "Enter a date (YYYY-MM-DD)." });

export async function startRenewalAction(certificateId: string, renewalsPath: string) {
  const actor = await actorFor("operator");
  if (!actor) return;
  const result = await startRenewal(await db(), actor, certificateId);
  if (result.ok) redirect(`${renewalsPath}/${result.id}`);
}

export async function submitRenewalAction(renewalId: string, _prev: RenewalState, form: FormData): Promise<RenewalState> {
  const actor = await actorFor("operator");
  if (!actor) return FORBIDDEN;
  const parsed = z.object({ submittedAt: day, reference: z.string().trim().max(200).default("") }).safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await markRenewalSubmitted(await db(), actor, renewalId, parsed.data);
  revalidatePath("/gateways", "layout");
  return result.ok ? { ok: true } : { message: result.message };
}

export async function deployRenewalAction(renewalId: string, _prev: RenewalState, form: FormData): Promise<RenewalState> {
  const actor = await actorFor("operator");
  if (!actor) return FORBIDDEN;
  const parsed = z.object({ deployedAt: day, note: z.string().trim().max(500).default("") }).safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await confirmDeployed(await db(), actor, renewalId, parsed.data);
  revalidatePath("/gateways", "layout");
  return result.ok ? { ok: true } : { message: result.message };
}

export async function retireRenewalAction(renewalId: string, _prev: RenewalState): Promise<RenewalState> {
  const actor = await actorFor("operator");
  if (!actor) return FORBIDDEN;
  const result = await retireOld(await db(), actor, renewalId);
  revalidatePath("/gateways", "layout");
  return result.ok ? { ok: true } : { message: result.message };
}
