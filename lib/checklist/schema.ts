import { z } from "zod";
import { isChecklistItemId } from "./items";

export const manualTickSchema = z.object({
  item: z.string().refine(isChecklistItemId, "No such checklist item."),
  note: z
    .string()
    .trim()
    .min(3, "Say what you checked, in a few words (it is kept with the tick).")
    .max(2000, "Keep the note under 2000 characters."),
  doneOn: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date it was done as YYYY-MM-DD.")
    .transform((value) => new Date(`${value}T00:00:00Z`))
    .refine((date) => !Number.isNaN(date.getTime()), "Enter the date it was done as a real date.")
    .refine(
      (date) => date.getTime() <= Date.now(),
      "The date it was done cannot be in the future.",
    ),
});
export type ManualTickInput = z.infer<typeof manualTickSchema>;
