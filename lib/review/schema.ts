import { z } from "zod";
import { isoDay } from "@/lib/dates";

const text = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, `Keep ${label.toLowerCase()} under ${max} characters.`);

/**
 * One yearly review of the inventory and of the protocols and cipher suites (PCI DSS 12.3.3):
 * the day it was done, who did it, what was looked at, and what changed as a result.
 * environmentId absent or empty: a review of everything.
 */
export const reviewInputSchema = z.strictObject(
  {
    environmentId: z
      .string()
      .trim()
      .max(64)
      .optional()
      .nullable()
      .transform((v) => (v ? v : null)),
    reviewedOn: z
      .string({ error: "Enter the date of the review as YYYY-MM-DD." })
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date of the review as YYYY-MM-DD.")
      // 2026-02-30 would roll over to 2 March: only a date that reads back the same is real.
      .refine((value) => {
        // zod runs this even after the pattern failed: an unparsable value must not throw.
        const date = new Date(`${value}T00:00:00Z`);
        return Number.isNaN(date.getTime())
          ? !/^\d{4}-\d{2}-\d{2}$/.test(value)
          : isoDay(date) === value;
      }, "Enter the date of the review as a real date.")
      .transform((value) => new Date(`${value}T00:00:00Z`))
      .refine((date) => date.getTime() <= Date.now(), "The review date cannot be in the future.")
      .refine((date) => date.getUTCFullYear() >= 2000, "The review date is too far in the past."),
    reviewer: text(200, "The reviewer's name").min(2, "Name who did the review."),
    notes: text(4000, "The notes").min(
      10,
      "Say what was reviewed (at least a sentence): the inventory, the protocols and cipher suites, what was found.",
    ),
    changes: text(4000, "What changed").optional().default(""),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `Unknown field ${issue.keys.join(", ")}: send environmentId, reviewedOn, reviewer, notes, changes.`
        : undefined,
  },
);
export type ReviewInput = z.infer<typeof reviewInputSchema>;
