import { z } from "zod";

/** A certificate with its chain is a few KB; 1 MB leaves room for long bundles. */
export const CERTIFICATE_MAX_BYTES = 1024 * 1024;

export const revokeSchema = z.object({
  reason: z
    .string({ error: "A reason is required." })
    .trim()
    .min(1, { error: "A reason is required." })
    .max(500),
});

/** The certificates API answers by pages: a whole fleet in one answer was half a megabyte per call. */
export const CERTIFICATE_API_PAGE_SIZE = 100;
export const CERTIFICATE_API_MAX_PAGE_SIZE = 1000;

export const certificateQuerySchema = z.object({
  environment: z.string().trim().max(64).optional(),
  expiringWithinDays: z.coerce
    .number({ error: "expiringWithinDays must be a number of days." })
    .int({ error: "expiringWithinDays must be a whole number of days." })
    .min(0, { error: "expiringWithinDays must be 0 or more." })
    .max(36500)
    .optional(),
  page: z.coerce
    .number({ error: "page must be a number." })
    .int({ error: "page must be a whole number." })
    .min(1, { error: "page starts at 1." })
    .max(100_000)
    .default(1),
  pageSize: z.coerce
    .number({ error: "pageSize must be a number." })
    .int({ error: "pageSize must be a whole number." })
    .min(1, { error: "pageSize must be 1 or more." })
    .max(CERTIFICATE_API_MAX_PAGE_SIZE, {
      error: `pageSize is at most ${CERTIFICATE_API_MAX_PAGE_SIZE}.`,
    })
    .default(CERTIFICATE_API_PAGE_SIZE),
});
