import { z } from "zod";
import { REMINDER_SUBJECTS } from "./subjects";

const subject = z.enum(REMINDER_SUBJECTS, { error: "subject must be start-renewal-by or expiry." });
const certificateId = z
  .string({ error: "certificateId is required." })
  .trim()
  .min(1, { error: "certificateId is required." })
  .max(64);

export const acknowledgeSchema = z.object({ certificateId, subject });
export type AcknowledgeInput = z.infer<typeof acknowledgeSchema>;

/** "2031-02-01" means the start of that UTC day; a full ISO date-time is taken as given. */
const untilDate = z
  .string({ error: "until is required: a date (YYYY-MM-DD) or an ISO date-time." })
  .trim()
  .refine(
    (v) =>
      /^\d{4}-\d{2}-\d{2}(T.+)?$/.test(v) &&
      !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v)),
    {
      error: "until must be a date (YYYY-MM-DD) or an ISO date-time.",
    },
  )
  .transform((v) => new Date(v.length === 10 ? `${v}T00:00:00Z` : v));

export const MAX_SNOOZE_DAYS = 365;

export const snoozeSchema = z.object({
  certificateId,
  subject,
  until: z.union([z.date(), untilDate]),
  reason: z
    .string({ error: "A snooze needs a reason." })
    .trim()
    .min(1, { error: "A snooze needs a reason." })
    .max(500, { error: "reason must be at most 500 characters." }),
});
export type SnoozeInput = z.infer<typeof snoozeSchema>;

export const deliveryQuerySchema = z.object({
  certificateId: z.string().max(64).optional(),
  status: z
    .enum(["pending", "sending", "retry", "sent", "dead", "cancelled"], {
      error: "status must be pending, sending, retry, sent, dead or cancelled.",
    })
    .optional(),
  channel: z
    .enum(["email", "webhook", "in-app"], { error: "channel must be email, webhook or in-app." })
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  after: z.string().max(64).optional(),
});

export const notificationQuerySchema = z.object({
  unread: z
    .enum(["0", "1", "true", "false"])
    .optional()
    .transform((v) => v === "1" || v === "true"),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).optional(),
});

/** At most this many (certificate, subject) pairs in one bulk acknowledgement or snooze: one transaction holds them all. */
export const MAX_BULK_ITEMS = 200;

const bulkItems = z
  .array(acknowledgeSchema, { error: "items must be a list of { certificateId, subject }." })
  .min(1, { error: "items must name at least one certificate and subject." })
  .max(MAX_BULK_ITEMS, {
    error: `items may hold at most ${MAX_BULK_ITEMS} pairs; send several requests.`,
  })
  .refine(
    (items) =>
      new Set(items.map((i) => `${i.certificateId}\u0000${i.subject}`)).size === items.length,
    {
      error: "items names a certificate and subject twice.",
    },
  );

/** Acknowledge many reminders at once (API only): all of them, or none when one is refused. */
export const bulkAcknowledgeSchema = z.object({ items: bulkItems });
export type BulkAcknowledgeInput = z.infer<typeof bulkAcknowledgeSchema>;

/** Snooze many reminders until one date, with one reason (API only): all of them, or none. */
export const bulkSnoozeSchema = z.object({
  items: bulkItems,
  until: snoozeSchema.shape.until,
  reason: snoozeSchema.shape.reason,
});
export type BulkSnoozeInput = z.infer<typeof bulkSnoozeSchema>;
