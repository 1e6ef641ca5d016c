"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { actorFor } from "@/lib/auth/session";
import { fieldErrors } from "@/lib/validation/field-errors";
import { reviewInputSchema } from "@/lib/review/schema";
import { recordReview } from "@/lib/review/mutations";

export type ReviewFormState = { fields?: Record<string, string>; message?: string; saved?: boolean };

/** An admin records the yearly review of the inventory and the protocols (PCI DSS 12.3.3); audited. */
export async function recordReviewAction(_prev: ReviewFormState, form: FormData): Promise<ReviewFormState> {
  const actor = await actorFor("admin");
  if (!actor) return { message: "Only an admin records the yearly review." };
  const parsed = reviewInputSchema.safeParse({
    environmentId: String(form.get("environmentId") ?? ""),
    reviewedOn: String(form.get("reviewedOn") ?? ""),
    reviewer: String(form.get("reviewer") ?? ""),
    notes: String(form.get("notes") ?? ""),
    changes: String(form.get("changes") ?? ""),
  });
  if (!parsed.success) return { fields: fieldErrors(parsed.error) };
  const result = await recordReview(await db(), actor, parsed.data);
  if (!result.ok) return { message: result.message };
  revalidatePath("/reports");
  return { saved: true };
}
