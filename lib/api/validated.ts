import type { z } from "zod";
import { fieldErrors } from "@/lib/validation/field-errors";
import { MAX_BODY_BYTES, readBodyBytes, readJsonBody } from "./body";
import { apiError } from "./respond";

export type ValidResult<T> = { ok: true; data: T } | { ok: false; response: Response };

/**
 * A JSON body checked with the same zod schema the UI's action uses: 415 when not JSON, 400 when
 * malformed, 422 `invalid_body` naming each bad field (`what` says what was sent, e.g. "The tick").
 */
export async function readValidJson<S extends z.ZodType>(
  req: Request,
  schema: S,
  what: string,
  maxBytes?: number,
): Promise<ValidResult<z.output<S>>> {
  const body = await readJsonBody(req, maxBytes);
  if (!body.ok) return body;
  const parsed = schema.safeParse(body.value ?? {});
  if (!parsed.success)
    return {
      ok: false,
      response: apiError(422, "invalid_body", `${what} is not valid.`, {
        fields: fieldErrors(parsed.error),
      }),
    };
  return { ok: true, data: parsed.data };
}

/**
 * A body that may be empty (a step with nothing to say, e.g. "retire") or a JSON object: the raw
 * object, for mutations that validate their own input.
 */
export async function readOptionalJson(
  req: Request,
  maxBytes = MAX_BODY_BYTES,
): Promise<ValidResult<Record<string, unknown>>> {
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  if (!type.startsWith("application/json")) {
    const body = await readBodyBytes(req, maxBytes);
    if (!body.ok) return body;
    if (body.bytes.length === 0) return { ok: true, data: {} };
    return {
      ok: false,
      response: apiError(
        415,
        "unsupported_media_type",
        "Send the body as JSON (Content-Type: application/json), or no body.",
      ),
    };
  }
  const body = await readJsonBody(req, maxBytes);
  if (!body.ok) return body;
  if (body.value === null || typeof body.value !== "object" || Array.isArray(body.value)) {
    return { ok: false, response: apiError(422, "invalid_body", "Send a JSON object.") };
  }
  return { ok: true, data: body.value as Record<string, unknown> };
}
