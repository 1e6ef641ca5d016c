import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readBodyBytes } from "@/lib/api/body";
import { PRIVATE_KEY_MESSAGE, SIGNING_KEY_MAX_BYTES } from "@/lib/signing-key/jwk";
import { signingKeyOverview } from "@/lib/signing-key/data";
import { findEnvironmentWithRotation } from "@/lib/environment/data";
import { registerSigningKey } from "@/lib/signing-key/mutations";
import { toSigningKeyDto } from "@/lib/signing-key/dto";

export const dynamic = "force-dynamic";
type Params = { envId: string };

const TEXT_TYPES = ["application/x-pem-file", "text/plain", ""];

export const GET = apiRoute<Params>("viewer", async ({ db, params }) => {
  const environment = await findEnvironmentWithRotation(db, params.envId);
  if (!environment) return apiError(404, "not_found", "No environment with this id.");
  const days = environment.gateway.keyRotationDays;
  const now = new Date();
  const overview = await signingKeyOverview(db, environment.id, days, now);
  return Response.json({
    keyRotationDays: days,
    rotationState: overview.state,
    currentKeyId: overview.current?.id ?? null,
    signingKeys: overview.keys.map((row) => toSigningKeyDto(row, days, now)),
  });
});

/** Registers the public key of an ES256 key pair; the server derives the JWK and thumbprint itself. */
export const POST = apiRoute<Params>("operator", async ({ req, db, actor, params }) => {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json" && !TEXT_TYPES.includes(type)) {
    return apiError(
      415,
      "unsupported_media_type",
      'Send the public key as PEM (Content-Type: application/x-pem-file) or JSON { "publicKeyPem": … }.',
    );
  }
  const body = await readBodyBytes(req, SIGNING_KEY_MAX_BYTES);
  if (!body.ok) return body.response;
  let publicKeyPem = new TextDecoder().decode(body.bytes);
  if (type === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(publicKeyPem);
    } catch (error) {
      return apiError(
        400,
        "malformed_json",
        `The body is not valid JSON: ${(error as Error).message}`,
      );
    }
    const value = (parsed as { publicKeyPem?: unknown } | null)?.publicKeyPem;
    if (typeof value !== "string") {
      // A private key sent under any other name (a PEM, a private JWK's "d") is still exposed.
      if (/PRIVATE KEY|"d"\s*:/.test(publicKeyPem)) {
        return Response.json(
          {
            error: { code: "signing_key.private_key", message: PRIVATE_KEY_MESSAGE },
            warning: PRIVATE_KEY_MESSAGE,
          },
          { status: 422 },
        );
      }
      return apiError(
        422,
        "invalid_body",
        'Send { "publicKeyPem": "-----BEGIN PUBLIC KEY-----…" }.',
        { fields: { publicKeyPem: "publicKeyPem is required." } },
      );
    }
    publicKeyPem = value;
  }
  const result = await registerSigningKey(db, actor, {
    environmentId: params.envId,
    publicKeyPem,
    origin: "registered",
  });
  if (!result.ok) {
    return Response.json(
      {
        error: { code: result.code, message: result.message },
        ...(result.keyExposed ? { warning: result.message } : {}),
      },
      { status: result.status },
    );
  }
  return Response.json(result.key, { status: 201 });
});
