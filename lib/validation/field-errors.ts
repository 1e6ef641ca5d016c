import type { z } from "zod";

/** zod issues as { field: message }: the shape forms show and the API returns in error.fields. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "body";
    out[field] ??= issue.message;
  }
  return out;
}
