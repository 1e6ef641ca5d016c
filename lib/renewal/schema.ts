import { z } from "zod";

/** The same schemas for the renewal page's forms and the API's renewal steps. */
const day = z.iso.date({ error: "Enter a date (YYYY-MM-DD)." });

export const submitRenewalSchema = z.object({
  submittedAt: day,
  reference: z.string().trim().max(200).default(""),
});
/** installationIds: the old certificate's installations that now carry the new one (issue 17). */
export const deployRenewalSchema = z.object({
  deployedAt: day,
  note: z.string().trim().max(500).default(""),
  installationIds: z
    .array(z.string({ error: "Each installation id must be text." }).trim().min(1).max(64), {
      error: "installationIds must be a list of installation ids.",
    })
    .max(500, { error: "At most 500 installations at once." })
    .default([]),
});
export const linkRenewalCsrSchema = z.object({
  csrId: z
    .string({ error: "csrId is required." })
    .trim()
    .min(1, { error: "csrId is required." })
    .max(64),
});
export const startRenewalSchema = z.object({
  certificateId: z
    .string({ error: "certificateId is required." })
    .trim()
    .min(1, { error: "certificateId is required." })
    .max(64),
});
