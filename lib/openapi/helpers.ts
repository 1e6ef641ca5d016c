import { z } from "zod";

/** The body of every refusal of /api/v1 (see lib/api/errors.ts). */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).describe("Field name → problem").optional(),
    }),
  })
  .meta({ id: "Error" });

export const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: errorSchema } },
});
