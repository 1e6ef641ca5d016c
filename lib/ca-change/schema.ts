import { z } from "zod";

export const CA_CHANGE_SOURCES = ["onboarding", "notice", "probe"] as const;
export type CaChangeSource = (typeof CA_CHANGE_SOURCES)[number];
export const SOURCE_LABELS: Record<CaChangeSource, string> = {
  onboarding: "Onboarding",
  notice: "Notice from Thales",
  probe: "Found by a probe",
};

const day = (what: string) =>
  z
    .string({ message: `Enter ${what} (YYYY-MM-DD).` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter ${what} as YYYY-MM-DD.`)
    .transform((value) => new Date(`${value}T00:00:00Z`))
    .refine((date) => !Number.isNaN(date.getTime()), `Enter ${what} as a real date.`);

const optionalDay = (what: string) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    day(what).optional(),
  );

/** What a person records about a new Thales Client CA, beside the certificate itself. */
export const clientCaChangeSchema = z
  .object({
    source: z.enum(CA_CHANGE_SOURCES, {
      message: "Choose where the CA came from: onboarding, a notice from Thales, or a probe.",
    }),
    receivedAt: day("the date it was received"),
    effectiveAt: optionalDay("the announced effective date"),
    replacesSha256: z.preprocess(
      (value) =>
        typeof value === "string"
          ? value.trim() === ""
            ? undefined
            : value.trim().toLowerCase().replace(/:/g, "")
          : value,
      z
        .string()
        .regex(
          /^[0-9a-f]{64}$/,
          "The replaced CA is named by its SHA-256 fingerprint (64 hex digits).",
        )
        .optional(),
    ),
    notes: z.string().trim().max(2000, "Notes are limited to 2000 characters.").default(""),
  })
  .refine((v) => v.receivedAt.getTime() <= Date.now(), {
    path: ["receivedAt"],
    message: "The date received cannot be in the future.",
  });
export type ClientCaChangeInput = z.infer<typeof clientCaChangeSchema>;
