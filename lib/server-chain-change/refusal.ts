// How a server chain change refuses: a status, a stable code, a sentence, and the fields at fault.
import type { z } from "zod";
import { fieldErrors } from "@/lib/validation/field-errors";
import type { FieldMessages, Refusal } from "@/lib/refusal";
import type { ServerChainChangeDto } from "./dto";

export type ServerChainRefusal = Refusal<404 | 409 | 422> & { fields?: FieldMessages };
export type ServerChainResult = { ok: true; change: ServerChainChangeDto } | ServerChainRefusal;

export const refuse = (
  status: ServerChainRefusal["status"],
  code: string,
  message: string,
  fields?: Record<string, string>,
): ServerChainRefusal => ({
  ok: false,
  status,
  code,
  message,
  ...(fields ? { fields } : {}),
});

export function invalid(error: z.ZodError): ServerChainRefusal {
  const fields = fieldErrors(error);
  return refuse(422, "invalid_body", Object.values(fields).join(" "), fields);
}

/** A YYYY-MM-DD day of a form, as stored: midnight UTC. */
export const atMidnight = (d: string) => new Date(`${d}T00:00:00Z`);
