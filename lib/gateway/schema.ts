import { z } from "zod";
import { D1_ECOM_PROFILE, validateCnTemplate } from "@/lib/policy";

/** Thales' pattern for a merchant gateway id (partner API reference), from the policy. */
export const MERCHANT_GATEWAY_ID = new RegExp(D1_ECOM_PROFILE.merchantGatewayIdPattern);

export const createGatewaySchema = z.object({
  merchantGatewayId: z
    .string({ error: "merchantGatewayId is required." })
    .trim()
    .regex(MERCHANT_GATEWAY_ID, {
      error: "merchantGatewayId must be exactly 10 characters: letters, digits, '_' or '-' (e.g. MGW_000001).",
    }),
  name: z
    .string({ error: "name is required." })
    .trim()
    .min(1, { error: "name must not be empty." })
    .max(120, { error: "name must be at most 120 characters." }),
});
export type CreateGatewayInput = z.infer<typeof createGatewaySchema>;

const optionalSubject = (label: string) =>
  z
    .string()
    .trim()
    .max(64, { error: `${label} must be at most 64 characters.` })
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

export const gatewaySettingsSchema = z.object({
  version: z.coerce.number().int().positive(),
  name: createGatewaySchema.shape.name,
  subjectCountry: z
    .string()
    .trim()
    .transform((v) => (v === "" ? null : v.toUpperCase()))
    .nullable()
    .optional()
    .refine((v) => v == null || /^[A-Z]{2}$/.test(v), { error: "Country must be a two-letter code such as FR." }),
  subjectState: optionalSubject("State"),
  subjectLocality: optionalSubject("Locality"),
  subjectOrg: optionalSubject("Organisation"),
  subjectOrgUnit: optionalSubject("Organisational unit"),
  cnTemplate: z
    .string()
    .trim()
    .min(1, { error: "The CN template must not be empty." })
    .superRefine((template, ctx) => {
      // The same rule the CSR policy applies, so that no saved template makes every CSR fail.
      const problem = validateCnTemplate(template);
      if (problem) ctx.addIssue({ code: "custom", message: `CN template: ${problem}` });
    }),
  renewalLeadDays: z.coerce
    .number({ error: "Renewal lead time must be a number of days." })
    .int()
    .min(7, { error: "Renewal lead time must be at least 7 days." })
    .max(730, { error: "Renewal lead time must be at most 730 days." }),
});
export type GatewaySettingsInput = z.infer<typeof gatewaySettingsSchema>;
