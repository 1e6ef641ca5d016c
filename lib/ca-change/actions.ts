"use server";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
import { CERTIFICATE_MAX_BYTES } from "@/lib/certificate/schema";
import { readUpload } from "@/lib/validation/upload";
import { fieldErrors } from "@/lib/validation/field-errors";
import { parseForStore } from "@/lib/trust-store/mutations";
import { clientCaChangeSchema } from "@/lib/ca-change/schema";
import { recordClientCaChange } from "@/lib/ca-change/mutations";

export type CaChangeFormState = {
  fields?: Record<string, string>;
  message?: string;
  saved?: boolean;
};
const OPERATOR_ONLY = "Your role cannot do this: it needs operator or admin.";

export async function recordClientCaChangeAction(
  environmentId: string,
  _prev: CaChangeFormState,
  form: FormData,
): Promise<CaChangeFormState> {
  const ctx = await actionContext("operator");
  if (!ctx) return { message: OPERATOR_ONLY };
  const parsed = clientCaChangeSchema.safeParse({
    source: form.get("source") ?? undefined,
    receivedAt: form.get("receivedAt") ?? undefined,
    effectiveAt: form.get("effectiveAt") ?? undefined,
    replacesSha256: form.get("replacesSha256") ?? undefined,
    notes: String(form.get("notes") ?? ""),
  });
  const upload = await readUpload(form, CERTIFICATE_MAX_BYTES);
  const fields = {
    ...(parsed.success ? {} : fieldErrors(parsed.error)),
    ...(upload.ok ? {} : { certificate: upload.message }),
  };
  if (!parsed.success || !upload.ok) return { fields };
  const certificates = await parseForStore(upload.input);
  if (!certificates.ok) return { fields: { certificate: certificates.message } };
  const result = await recordClientCaChange(
    ctx.db,
    ctx.actor,
    environmentId,
    certificates.certificates,
    parsed.data,
  );
  if (!result.ok)
    return result.field
      ? { fields: { [result.field]: result.message } }
      : { message: result.message };
  revalidatePath("/gateways", "layout");
  return { saved: true };
}
