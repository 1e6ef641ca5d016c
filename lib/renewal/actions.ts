"use server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { actorFor } from "@/lib/auth/session";
import {
  confirmDeployed,
  markRenewalSubmitted,
  retireOld,
  startRenewal,
} from "@/lib/renewal/workflow";
import { fieldErrors } from "@/lib/validation/field-errors";
import { deployRenewalSchema, submitRenewalSchema } from "@/lib/renewal/schema";
import { environmentPath } from "@/components/shell/nav-sections";

export type RenewalState = { ok?: boolean; message?: string; fields?: Record<string, string> };
const FORBIDDEN: RenewalState = {
  message: "Your role cannot do this: it needs operator or admin.",
};

export async function startRenewalAction(certificateId: string) {
  const actor = await actorFor("operator");
  if (!actor) return;
  const prisma = await db();
  const result = await startRenewal(prisma, actor, certificateId);
  if (!result.ok) return;
  // The path is built here from the stored renewal, never taken from the client.
  const renewal = await prisma.renewal.findUniqueOrThrow({
    where: { id: result.id },
    include: { environment: { include: { gateway: true } } },
  });
  redirect(
    `${environmentPath(renewal.environment.gateway.merchantGatewayId, renewal.environment.code, "renewals")}/${renewal.id}`,
  );
}

export async function submitRenewalAction(
  renewalId: string,
  _prev: RenewalState,
  form: FormData,
): Promise<RenewalState> {
  const actor = await actorFor("operator");
  if (!actor) return FORBIDDEN;
  const parsed = submitRenewalSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await markRenewalSubmitted(await db(), actor, renewalId, parsed.data);
  revalidatePath("/gateways", "layout");
  return result.ok ? { ok: true } : { message: result.message };
}

export async function deployRenewalAction(
  renewalId: string,
  _prev: RenewalState,
  form: FormData,
): Promise<RenewalState> {
  const actor = await actorFor("operator");
  if (!actor) return FORBIDDEN;
  const parsed = deployRenewalSchema.safeParse({
    ...Object.fromEntries(form),
    installationIds: form.getAll("installationIds"),
  });
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await confirmDeployed(await db(), actor, renewalId, parsed.data);
  revalidatePath("/gateways", "layout");
  return result.ok ? { ok: true } : { message: result.message };
}

export async function retireRenewalAction(
  renewalId: string,
  _prev: RenewalState,
): Promise<RenewalState> {
  const actor = await actorFor("operator");
  if (!actor) return FORBIDDEN;
  const result = await retireOld(await db(), actor, renewalId);
  revalidatePath("/gateways", "layout");
  return result.ok ? { ok: true } : { message: result.message };
}
