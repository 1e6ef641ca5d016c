import { z } from "zod";

export const CSR_MAX_BYTES = 64 * 1024;

export const registerCsrSchema = z.object({
  pem: z
    .string({ error: "Paste a CSR in PEM form." })
    .trim()
    .min(1, { error: "Paste a CSR in PEM form." })
    .max(CSR_MAX_BYTES, {
      error: `A CSR is a few KB; this is larger than ${CSR_MAX_BYTES / 1024} KB.`,
    }),
});

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, { error: `${label} is required.` })
    .max(max, { error: `${label} must be at most ${max} characters.` });

export const submitCsrSchema = z.object({
  submittedAt: z.iso.date({ error: "Enter the date it was sent (YYYY-MM-DD)." }),
  submittedTo: text("To whom it was sent", 200),
  reference: z.string().trim().max(200).optional().default(""),
});

export const cancelCsrSchema = z.object({ reason: text("A reason", 500) });
