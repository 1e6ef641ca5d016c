import { readBodyText } from "./body";
import { apiError } from "./respond";

export type PemBodyResult = { ok: true; pem: string } | { ok: false; response: Response };

/**
 * A PEM body, sent raw (application/x-pem-file, text/plain) or as JSON { "pem": "…" }.
 */
export async function readPemBody(req: Request, maxBytes: number): Promise<PemBodyResult> {
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  const body = await readBodyText(req, maxBytes);
  if (!body.ok) return body;
  if (type.startsWith("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch (error) {
      return { ok: false, response: apiError(400, "malformed_json", `The body is not valid JSON: ${(error as Error).message}`) };
    }
    const pem = (parsed as { pem?: unknown })?.pem;
    if (typeof pem !== "string" || pem.trim() === "") {
      return { ok: false, response: apiError(422, "invalid_body", "Send { \"pem\": \"-----BEGIN …\" }.", { fields: { pem: "pem is required." } }) };
    }
    return { ok: true, pem };
  }
  if (type.startsWith("application/x-pem-file") || type.startsWith("text/plain") || type.startsWith("application/pkcs10") || type === "") {
    if (body.text.trim() === "") return { ok: false, response: apiError(422, "invalid_body", "The body is empty: send the PEM.") };
    return { ok: true, pem: body.text };
  }
  return { ok: false, response: apiError(415, "unsupported_media_type", "Send PEM (Content-Type: application/x-pem-file) or JSON { \"pem\": … }.") };
}
