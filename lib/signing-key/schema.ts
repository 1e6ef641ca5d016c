import { z } from "zod";
import { SIGNING_KEY_MAX_BYTES } from "./jwk";

/** Only the public key is ever sent: the PEM text, checked again by the server (./jwk.ts). */
export const registerSigningKeySchema = z.object({
  publicKeyPem: z
    .string({ error: "Paste the public key in PEM form (-----BEGIN PUBLIC KEY-----)." })
    .trim()
    .min(1, { error: "Paste the public key in PEM form (-----BEGIN PUBLIC KEY-----)." })
    .max(SIGNING_KEY_MAX_BYTES, {
      error: `An EC P-256 public key is a few hundred bytes; this is larger than ${SIGNING_KEY_MAX_BYTES / 1024} KB. Paste only the PUBLIC KEY block.`,
    }),
});

const DAY_MS = 86_400_000;

/** The day Thales confirmed the key: a real date, not after today (in any time zone). */
export const onboardSigningKeySchema = z.object({
  onboardedAt: z.iso
    .date({ error: "Enter the date Thales confirmed the key (YYYY-MM-DD)." })
    .refine((day) => new Date(`${day}T00:00:00Z`).getTime() <= Date.now() + DAY_MS, {
      error: "The onboarding date cannot be in the future.",
    })
    .refine((day) => day >= "2015-01-01", {
      error: "The onboarding date is before D1 existed; check the year.",
    }),
});

export const retireSigningKeySchema = z.object({
  reason: z
    .string({ error: "A reason is required." })
    .trim()
    .min(1, { error: "A reason is required." })
    .max(500, { error: "The reason must be at most 500 characters." }),
});
