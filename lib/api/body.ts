import { apiError } from "./respond";

export const MAX_BODY_BYTES = 1024 * 1024;

export type BytesResult = { ok: true; bytes: Uint8Array } | { ok: false; response: Response };
export type BodyResult = { ok: true; text: string } | { ok: false; response: Response };

/**
 * Reads a request body up to `maxBytes`, refusing larger ones before reading them whole:
 * a 5 MB paste gets a 413 that says the limit, not an out-of-memory.
 */
export async function readBodyBytes(req: Request, maxBytes = MAX_BODY_BYTES): Promise<BytesResult> {
  const tooLarge = (): BytesResult => ({
    ok: false,
    response: apiError(
      413,
      "body_too_large",
      `The request body is larger than the limit of ${Math.round(maxBytes / 1024)} KB.`,
    ),
  });
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return tooLarge();
  if (!req.body) return { ok: true, bytes: new Uint8Array() };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return tooLarge();
    }
    chunks.push(value);
  }
  return { ok: true, bytes: new Uint8Array(Buffer.concat(chunks)) };
}

export async function readBodyText(req: Request, maxBytes = MAX_BODY_BYTES): Promise<BodyResult> {
  const body = await readBodyBytes(req, maxBytes);
  return body.ok ? { ok: true, text: new TextDecoder().decode(body.bytes) } : body;
}

export type JsonResult = { ok: true; value: unknown } | { ok: false; response: Response };

export async function readJsonBody(req: Request, maxBytes = MAX_BODY_BYTES): Promise<JsonResult> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    return {
      ok: false,
      response: apiError(
        415,
        "unsupported_media_type",
        "Send the body as JSON (Content-Type: application/json).",
      ),
    };
  }
  const body = await readBodyText(req, maxBytes);
  if (!body.ok) return body;
  try {
    return { ok: true, value: JSON.parse(body.text) };
  } catch (error) {
    return {
      ok: false,
      response: apiError(
        400,
        "malformed_json",
        `The body is not valid JSON: ${(error as Error).message}`,
      ),
    };
  }
}
