import { z } from "zod";
import { D1_ECOM_PROFILE, validateCnTemplate } from "@/lib/policy";
import { checkWebhookUrl, WEBHOOK_FORMATS } from "@/lib/reminder/webhook/url";

/** Thales' pattern for a merchant gateway id (partner API reference), from the policy. */
export const MERCHANT_GATEWAY_ID = new RegExp(D1_ECOM_PROFILE.merchantGatewayIdPattern);

/** Every saved CN template, from the settings form or the API, passes this one rule. */
export const cnTemplateSchema = z
  .string({ error: "The CN template must be text." })
  .trim()
  .min(1, { error: "The CN template must not be empty." })
  .superRefine((template, ctx) => {
    // The same rule the CSR policy applies, so that no saved template makes every CSR fail.
    const problem = validateCnTemplate(template);
    if (problem) ctx.addIssue({ code: "custom", message: `CN template: ${problem}` });
  });

export const createGatewaySchema = z.object({
  merchantGatewayId: z
    .string({ error: "merchantGatewayId is required." })
    .trim()
    .regex(MERCHANT_GATEWAY_ID, {
      error:
        "merchantGatewayId must be exactly 10 characters: letters, digits, '_' or '-' (e.g. MGW_000001).",
    }),
  name: z
    .string({ error: "name is required." })
    .trim()
    .min(1, { error: "name must not be empty." })
    .max(120, { error: "name must be at most 120 characters." }),
  /** Optional: the profile's default (TLSMA-{keyType}/{merchantGatewayId}/{env}) when absent. */
  cnTemplate: cnTemplateSchema.optional(),
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
  reminderThresholds: z.array(z.number()).optional(),
  reminderEmails: z.array(z.string()).optional(),
  webhookUrl: z.string().nullable().optional(),
  webhookFormat: z.enum(WEBHOOK_FORMATS).optional(),
  version: z.coerce.number().int().positive(),
  name: createGatewaySchema.shape.name,
  subjectCountry: z
    .string()
    .trim()
    .transform((v) => (v === "" ? null : v.toUpperCase()))
    .nullable()
    .optional()
    .refine((v) => v == null || /^[A-Z]{2}$/.test(v), {
      error: "Country must be a two-letter code such as FR.",
    }),
  subjectState: optionalSubject("State"),
  subjectLocality: optionalSubject("Locality"),
  subjectOrg: optionalSubject("Organisation"),
  subjectOrgUnit: optionalSubject("Organisational unit"),
  cnTemplate: cnTemplateSchema,
  renewalLeadDays: z.coerce
    .number({ error: "Renewal lead time must be a number of days." })
    .int()
    .min(7, { error: "Renewal lead time must be at least 7 days." })
    .max(730, { error: "Renewal lead time must be at most 730 days." }),
  // The OAuth signing key has no expiry: a rotation is due this many days after onboarding.
  keyRotationDays: z.coerce
    .number({ error: "The signing-key rotation interval must be a number of days." })
    .int({ error: "The signing-key rotation interval must be a whole number of days." })
    .min(30, { error: "The signing-key rotation interval must be at least 30 days." })
    .max(3650, { error: "The signing-key rotation interval must be at most 3650 days (10 years)." })
    .optional(),
});
export type GatewaySettingsInput = z.infer<typeof gatewaySettingsSchema>;

const list = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((v) => v.trim())
    .filter(Boolean);

/** Reminder settings as the form sends them: lists typed as text. */
export const reminderSettingsSchema = z.object({
  reminderThresholds: z
    .string()
    .transform(list)
    .pipe(
      z
        .array(
          z
            .string()
            .regex(/^\d{1,4}$/, { error: "Thresholds are whole numbers of days, e.g. 90, 30, 7." }),
        )
        .min(1, { error: "Give at least one threshold, e.g. 90, 30, 7." })
        .max(20),
    )
    .transform((days) =>
      [...new Set(days.map(Number))].filter((d) => d >= 1).sort((a, b) => b - a),
    ),
  reminderEmails: z
    .string()
    .transform(list)
    .pipe(z.array(z.email({ error: "Each recipient must be an email address." })).max(50)),
  webhookUrl: z
    .string()
    .trim()
    .transform((v) => (v === "" ? null : v))
    .pipe(
      z
        .url({
          protocol: /^https?$/,
          error: "The webhook must be an http(s) URL, e.g. a Slack or Teams incoming webhook.",
        })
        .nullable(),
    )
    // The host must be one a probe could target: no link-local or cloud metadata address or name.
    .superRefine((url, ctx) => {
      const check = url === null ? null : checkWebhookUrl(url);
      // (An URL that is not http(s) was already named by z.url above.)
      if (check && !check.ok && check.code === "webhook_host_refused")
        ctx.addIssue({ code: "custom", message: check.message, params: { code: check.code } });
    }),
  webhookFormat: z
    .enum(WEBHOOK_FORMATS, { error: 'The webhook format must be "slack" or "teams".' })
    .optional(),
});

/** PUT /api/v1/gateways/{id}/webhook: the URL (null removes it) and the payload format. */
export const webhookInputSchema = z.strictObject({
  url: z.preprocess((v) => v ?? "", reminderSettingsSchema.shape.webhookUrl),
  format: z.enum(WEBHOOK_FORMATS, { error: 'format must be "slack" or "teams".' }).optional(),
});
