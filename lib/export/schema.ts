import { z } from "zod";
import { CERTIFICATE_STATE_FILTERS } from "@/lib/certificate/data";

export const INVENTORIES = ["certificates", "csrs", "trust-store-entries"] as const;
export type Inventory = (typeof INVENTORIES)[number];
export const EXPORT_FORMATS = ["csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** "certificates.csv" → { inventory, format }, or null for anything else. */
export function parseExportFile(
  file: string,
): { inventory: Inventory; format: ExportFormat } | null {
  const match = /^([a-z-]+)\.(csv|json)$/.exec(file);
  if (!match || !(INVENTORIES as readonly string[]).includes(match[1]!)) return null;
  return { inventory: match[1] as Inventory, format: match[2] as ExportFormat };
}

export const EXPORT_FILES = INVENTORIES.flatMap((i) => EXPORT_FORMATS.map((f) => `${i}.${f}`));

/**
 * Which rows: everything, one environment (`environmentId`), one gateway (`merchantGatewayId`,
 * optionally with `env`), or one environment code across gateways (`env` alone).
 */
export const exportQuerySchema = z
  .strictObject(
    {
      environmentId: z.string().trim().min(1).max(64).optional(),
      merchantGatewayId: z.string().trim().min(1).max(64).optional(),
      env: z.enum(["PPR", "PRD"], { error: "env must be PPR or PRD." }).optional(),
      expiringWithinDays: z.coerce
        .number({ error: "expiringWithinDays must be a number of days." })
        .int({ error: "expiringWithinDays must be a whole number of days." })
        .min(0, { error: "expiringWithinDays must be 0 or more." })
        .max(36500)
        .optional(),
      state: z
        .enum(CERTIFICATE_STATE_FILTERS, {
          error: `state must be one of ${CERTIFICATE_STATE_FILTERS.join(", ")}.`,
        })
        .optional(),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `Unknown parameter ${issue.keys.join(", ")}: use environmentId, or merchantGatewayId and env, expiringWithinDays, state.`
          : undefined,
    },
  )
  .refine((q) => !(q.environmentId && (q.merchantGatewayId || q.env)), {
    error: "Use environmentId, or merchantGatewayId (and env), not both.",
    path: ["environmentId"],
  });
export type ExportQuery = z.infer<typeof exportQuerySchema>;
