"use server";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
import { importCertificate, type CertificateOutcome } from "@/lib/certificate/import";
import { revokeCertificate } from "@/lib/certificate/revoke";
import { CERTIFICATE_MAX_BYTES, revokeSchema } from "@/lib/certificate/schema";
import type { CertificateCheck } from "@/lib/policy";
import { fieldErrors } from "@/lib/validation/field-errors";
import { readUploads } from "@/lib/validation/upload";

export type ImportState = {
  id?: string;
  compliant?: boolean;
  checks?: CertificateCheck[];
  certificates?: CertificateOutcome[];
  issuersAdded?: number;
  message?: string;
  code?: string;
};
export type RevokeState = { ok?: boolean; message?: string; fields?: Record<string, string> };
const FORBIDDEN = "Your role cannot do this: it needs operator or admin.";

/** The form sends a file or pasted text; only certificates, never keys, are expected here. */
export async function importCertificateAction(
  environmentId: string,
  _prev: ImportState,
  form: FormData,
): Promise<ImportState> {
  const ctx = await actionContext("operator");
  if (!ctx) return { message: FORBIDDEN };
  const upload = await readUploads(form, CERTIFICATE_MAX_BYTES);
  if (!upload.ok) return { message: upload.message, code: "input" };
  // One checkbox per CA found in the upload: only those ticked are trusted (admin only, checked there).
  const addIssuers = form.getAll("addIssuer").map(String);
  const result = await importCertificate(ctx.db, ctx.actor, environmentId, upload.inputs, {
    addIssuers,
  });
  if (!result.ok)
    return {
      message: result.message,
      code: result.code,
      ...(result.certificates ? { certificates: result.certificates } : {}),
    };
  revalidatePath("/gateways", "layout");
  return {
    id: result.id,
    compliant: result.compliant,
    checks: result.checks,
    certificates: result.certificates,
    issuersAdded: result.issuersAdded,
  };
}

export async function revokeCertificateAction(
  certificateId: string,
  _prev: RevokeState,
  form: FormData,
): Promise<RevokeState> {
  const ctx = await actionContext("operator");
  if (!ctx) return { message: FORBIDDEN };
  const parsed = revokeSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await revokeCertificate(ctx.db, ctx.actor, certificateId, parsed.data.reason);
  if (!result.ok) return { message: result.message };
  revalidatePath("/gateways", "layout");
  return { ok: true };
}
