"use server";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
import {
  addInstallation,
  removeInstallation,
  updateInstallation,
} from "@/lib/installation/mutations";
import {
  installationFieldsSchema,
  installationOwnerSchema,
  removeInstallationSchema,
  updateInstallationSchema,
} from "@/lib/installation/schema";
import { fieldErrors } from "@/lib/validation/field-errors";

export type InstallationFormState = {
  ok?: boolean;
  message?: string;
  fields?: Record<string, string>;
  version?: number;
};

const FORBIDDEN: InstallationFormState = {
  message: "Your role cannot do this: it needs operator or admin.",
};

/** Records an installation of a certificate, a signing key or our server chain (bound by the page; checked again here). */
export async function addInstallationAction(
  environmentId: string,
  of: unknown,
  _prev: InstallationFormState,
  form: FormData,
): Promise<InstallationFormState> {
  const ctx = await actionContext("operator");
  if (!ctx) return FORBIDDEN;
  const owner = installationOwnerSchema.safeParse(of);
  if (!owner.success)
    return { message: "This form does not say what is installed; reload the page." };
  const parsed = installationFieldsSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await addInstallation(
    ctx.db,
    ctx.actor,
    String(environmentId),
    owner.data,
    parsed.data,
  );
  if (!result.ok) return { message: result.message, fields: result.fields };
  revalidatePath("/gateways", "layout");
  return { ok: true, message: `Recorded ${parsed.data.systemName}.` };
}

export async function updateInstallationAction(
  installationId: string,
  _prev: InstallationFormState,
  form: FormData,
): Promise<InstallationFormState> {
  const ctx = await actionContext("operator");
  if (!ctx) return FORBIDDEN;
  const parsed = updateInstallationSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await updateInstallation(ctx.db, ctx.actor, String(installationId), parsed.data);
  if (!result.ok) return { message: result.message, fields: result.fields };
  revalidatePath("/gateways", "layout");
  return { ok: true, version: result.version };
}

export async function removeInstallationAction(
  installationId: string,
  _prev: InstallationFormState,
  form: FormData,
): Promise<InstallationFormState> {
  const ctx = await actionContext("operator");
  if (!ctx) return FORBIDDEN;
  const parsed = removeInstallationSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await removeInstallation(
    ctx.db,
    ctx.actor,
    String(installationId),
    parsed.data.version,
  );
  if (!result.ok) return { message: result.message };
  revalidatePath("/gateways", "layout");
  return { ok: true };
}
