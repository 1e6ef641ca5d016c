// How a server chain change refuses: a status, a stable code, a sentence, and the fields at fault.
import type { z } from "zod";
import { fieldErrors } from "@/lib/validation/field-errors";
import type { ServerChainChangeDto } from "./dto";

export type ServerChainRefusal = {
  ok: false;
  status: 404 | 409 | 422;
  code: string;
  message: string;
  fields?: Record<string, string>;
};
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

/** A day as YYYY-MM-DD (UTC), as the messages and the audit write it. */
export const day = (d: Date) => d.toISOString().slice(0, 10);
/** A YYYY-MM-DD day of a form, as stored: midnight UTC. */
export const atMidnight = (d: string) => new Date(`${d}T00:00:00Z`);
