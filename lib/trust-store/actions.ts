"use server";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
import { CERTIFICATE_MAX_BYTES } from "@/lib/certificate/schema";
import { isTrustStoreSlug } from "@/lib/trust-store/kinds";
import {
  addTrustEntries,
  parseForStore,
  removeTrustEntry,
  type AddReport,
} from "@/lib/trust-store/mutations";
import { readUpload } from "@/lib/validation/upload";

export type AddEntriesState = { report?: AddReport; message?: string };
const FORBIDDEN = "Your role cannot do this: it needs operator or admin.";

export async function addTrustEntriesAction(
  environmentId: string,
  slug: string,
  _prev: AddEntriesState,
  form: FormData,
): Promise<AddEntriesState> {
  const ctx = await actionContext("operator");
  if (!ctx) return { message: FORBIDDEN };
  if (!isTrustStoreSlug(slug)) return { message: "No such trust store." };
  const upload = await readUpload(form, CERTIFICATE_MAX_BYTES);
  if (!upload.ok) return { message: upload.message };
  const parsed = await parseForStore(upload.input);
  if (!parsed.ok) return { message: parsed.message };
  const result = await addTrustEntries(
    ctx.db,
    ctx.actor,
    environmentId,
    slug,
    parsed.certificates,
    "ui",
  );
  if (!result.ok) return { message: result.message };
  revalidatePath("/gateways", "layout");
  return { report: result.report };
}

export async function removeTrustEntryAction(entryId: string): Promise<{ message?: string }> {
  const ctx = await actionContext("operator");
  if (!ctx) return { message: FORBIDDEN };
  const result = await removeTrustEntry(ctx.db, ctx.actor, entryId);
  revalidatePath("/gateways", "layout");
  return result.ok ? {} : { message: result.message };
}
