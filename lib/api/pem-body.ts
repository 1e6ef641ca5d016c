import { readBodyBytes } from "./body";
import { apiError } from "./respond";

/** `json` is the whole JSON body when one was sent, for routes that take more than the PEM. */
export type PemBodyResult =
  | { ok: true; pem: string; json?: Record<string, unknown> }
  | { ok: false; response: Response };
export type CertificateBodyResult =
  | { ok: true; input: string | Uint8Array }
  | { ok: false; response: Response };

const TEXT_TYPES = ["application/x-pem-file", "text/plain", "application/pkcs10", ""];
const BINARY_TYPES = [
  "application/pkix-cert",
  "application/x-x509-ca-cert",
  "application/pkcs7-mime",
  "application/x-pkcs7-certificates",
  "application/octet-stream",
];
const mediaType = (req: Request) =>
  (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();

async function jsonPem(bytes: Uint8Array): Promise<PemBodyResult> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
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
  const pem = (parsed as { pem?: unknown })?.pem;
  if (typeof pem !== "string" || pem.trim() === "") {
    return {
      ok: false,
      response: apiError(422, "invalid_body", 'Send { "pem": "-----BEGIN …" }.', {
        fields: { pem: "pem is required." },
      }),
    };
  }
  return { ok: true, pem, json: parsed as Record<string, unknown> };
}

const emptyBody = (): { ok: false; response: Response } => ({
  ok: false,
  response: apiError(422, "invalid_body", "The body is empty."),
});
const unsupported = (accepted: string): { ok: false; response: Response } => ({
  ok: false,
  response: apiError(415, "unsupported_media_type", `Send ${accepted}.`),
});

/** A PEM body, sent raw (application/x-pem-file, text/plain) or as JSON { "pem": "…" }. */
export async function readPemBody(req: Request, maxBytes: number): Promise<PemBodyResult> {
  const type = mediaType(req);
  const body = await readBodyBytes(req, maxBytes);
  if (!body.ok) return body;
  if (type === "application/json") return jsonPem(body.bytes);
  if (!TEXT_TYPES.includes(type))
    return unsupported('PEM (Content-Type: application/x-pem-file) or JSON { "pem": … }');
  const pem = new TextDecoder().decode(body.bytes);
  return pem.trim() === "" ? emptyBody() : { ok: true, pem };
}

/** A certificate body: PEM text, JSON { "pem" }, or binary DER / PKCS#7. */
export async function readCertificateBody(
  req: Request,
  maxBytes: number,
): Promise<CertificateBodyResult> {
  const type = mediaType(req);
  const body = await readBodyBytes(req, maxBytes);
  if (!body.ok) return body;
  if (body.bytes.length === 0) return emptyBody();
  if (type === "application/json") {
    const json = await jsonPem(body.bytes);
    return json.ok ? { ok: true, input: json.pem } : json;
  }
  if (TEXT_TYPES.includes(type) || BINARY_TYPES.includes(type))
    return { ok: true, input: body.bytes };
  return unsupported(
    'PEM (application/x-pem-file), DER (application/pkix-cert), PKCS#7 (application/pkcs7-mime) or JSON { "pem": … }',
  );
}
