import { z } from "zod";

/** The per-environment override of the gateway's renewal lead time; null (or blank) goes back to the gateway's. */
export const renewalLeadOverrideSchema = z.object({
  renewalLeadDaysOverride: z.preprocess(
    (value) => (typeof value === "string" ? (value.trim() === "" ? null : Number(value)) : value),
    z
      .number({ message: "Enter a number of days, or leave it blank for the gateway's lead time." })
      .int("Enter a whole number of days.")
      .min(7, "The lead time must be at least 7 days: Thales signs by hand.")
      .max(730, "The lead time must be at most 730 days, as for the gateway's own.")
      .nullable(),
  ),
});
export type RenewalLeadOverrideInput = z.infer<typeof renewalLeadOverrideSchema>;
