import { z } from "zod";
import { REPORT_FORMATS } from "./data";
import { REPORT_SECTIONS } from "./formats";

/** GET /api/v1/reports/inventory?format=pdf|csv|json&environment=…&section=… */
export const reportQuerySchema = z
  .strictObject(
    {
      format: z.enum(REPORT_FORMATS, { error: "format must be pdf, csv or json." }).default("pdf"),
      environment: z
        .string()
        .trim()
        .min(1, "environment must not be empty: leave it out for everything.")
        .max(80)
        .optional(),
      section: z
        .enum(REPORT_SECTIONS, { error: `section must be one of ${REPORT_SECTIONS.join(", ")}.` })
        .optional(),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `Unknown parameter ${issue.keys.join(", ")}: use format, environment, section.`
          : undefined,
    },
  )
  .refine((q) => !q.section || q.format === "csv", {
    error: "section chooses the table of a CSV; the PDF and the JSON hold every section.",
    path: ["section"],
  });
export type ReportQuery = z.infer<typeof reportQuerySchema>;
