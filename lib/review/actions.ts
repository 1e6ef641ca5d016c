"use server";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
import { fieldErrors } from "@/lib/validation/field-errors";
import { reviewInputSchema } from "@/lib/review/schema";
import { recordReview } from "@/lib/review/mutations";

/** values: what was sent, so that a refused form comes back filled in (React resets a form after its action). */
export type ReviewFormState = {
  fields?: Record<string, string>;
  message?: string;
  saved?: boolean;
  values?: Record<string, string>;
};

/** An admin records the yearly review of the inventory and the protocols (PCI DSS 12.3.3); audited. */
export async function recordReviewAction(
  _prev: ReviewFormState,
  form: FormData,
): Promise<ReviewFormState> {
  const ctx = await actionContext("admin");
  if (!ctx) return { message: "Only an admin records the yearly review." };
  const values = Object.fromEntries(
    ["environmentId", "reviewedOn", "reviewer", "notes", "changes"].map((k) => [
      k,
      String(form.get(k) ?? ""),
    ]),
  );
  const parsed = reviewInputSchema.safeParse(values);
  if (!parsed.success) return { fields: fieldErrors(parsed.error), values };
  const result = await recordReview(ctx.db, ctx.actor, parsed.data);
  if (!result.ok) return { message: result.message, values };
  revalidatePath("/reports");
  return { saved: true };
}
