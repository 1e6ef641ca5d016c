import { z } from "zod";

/** A certificate with its chain is a few KB; 1 MB leaves room for long bundles. */
export const CERTIFICATE_MAX_BYTES = 1024 * 1024;

export const revokeSchema = z.object({
  reason: z.string({ error: "A reason is required." }).trim().min(1, { error: "A reason is required." }).max(500),
});

export const certificateQuerySchema = z.object({
  environment: z.string().trim().max(64).optional(),
  expiringWithinDays: z.coerce
    .number({ error: "expiringWithinDays must be a number of days." })
    .int({ error: "expiringWithinDays must be a whole number of days." })
    .min(0, { error: "expiringWithinDays must be 0 or more." })
    .max(36500)
    .optional(),
});
