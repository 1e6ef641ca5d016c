import { z } from "zod";
import { isoDay } from "@/lib/dates";

/** A server chain is a few KB; the same limit as any certificate upload. */
export const SERVER_CHAIN_MAX_BYTES = 1024 * 1024;

/**
 * "Today" for a date the user typed: the latest calendar day anywhere on Earth (UTC+14), so a
 * person east of UTC can record something that happened today, and nobody can record tomorrow.
 */
export function latestToday(now: Date = new Date()): string {
  return isoDay(new Date(now.getTime() + 14 * 3_600_000));
}

const day = (what: string) =>
  z.iso.date({ error: `Enter ${what} (YYYY-MM-DD).` }).refine((d) => d >= "2015-01-01", {
    error: `${what[0]!.toUpperCase()}${what.slice(1)} is before D1 existed; check the year.`,
  });

/** A date that has happened: not after today. */
const pastDay = (what: string) =>
  day(what).refine((d) => d <= latestToday(), {
    error: `${what[0]!.toUpperCase()}${what.slice(1)} cannot be in the future: record it once it has happened.`,
  });

/** The version of the change the form was built from: a stale form is refused, not applied. */
const version = z.coerce
  .number({
    error: "This form does not say which version of the change it edits: reload the page.",
  })
  .int({ error: "This form does not say which version of the change it edits: reload the page." })
  .min(1, {
    error: "This form does not say which version of the change it edits: reload the page.",
  });

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, { error: `${label} is required.` })
    .max(max, { error: `${label} must be at most ${max} characters.` });

export const planServerChainSchema = z.object({
  plannedAt: day("the planned switch date"),
  notes: z
    .string({ error: "Notes must be text." })
    .trim()
    .max(2000, { error: "Notes must be at most 2000 characters." })
    .optional()
    .default(""),
});

export const notifySchema = z.object({
  version,
  notifiedAt: pastDay("the date Thales was notified"),
});

export const acknowledgeSchema = z.object({
  version,
  acknowledgedAt: pastDay("the date Thales acknowledged"),
  reference: text("Thales' reference", 200),
});

export const switchSchema = z.object({
  version,
  switchedAt: pastDay("the switch date"),
  overrideReason: z
    .string()
    .trim()
    .max(500, { error: "The reason must be at most 500 characters." })
    .optional()
    .default(""),
});

export const cancelSchema = z.object({
  version,
  reason: text("A reason", 500),
});
