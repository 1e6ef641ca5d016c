// The OAuth client assertion of D1's JWT bearer grant (RFC 7523), built in the browser from the
// ES256 key file the key wizard saved. Isomorphic WebCrypto only: the page imports it lazily,
// and nothing here does I/O, so no key material can leave the runtime that calls it.
import { decryptPrivateKey } from "@/lib/pki/pkcs8-encrypt";
import { importPlainPrivateKey } from "@/lib/pki/keys";
import { decodePemBlocks } from "@/lib/pki/pem";
import { base64ToBytes, randomBytes, subtle, toBytes } from "@/lib/pki/bytes";
import { base64url, jwkThumbprint, SIGNING_KEY_ALG } from "./jwk";

/** RFC 7523 lets the server cap the lifetime; D1's tokens live 15 minutes, and so may an assertion at most. */
export const MAX_ASSERTION_MINUTES = 15;
export const DEFAULT_ASSERTION_MINUTES = 5;
export const JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/** A key file is a few hundred bytes to a few KB. */
export const KEY_FILE_MAX_BYTES = 64 * 1024;

export type AssertionHeader = { alg: "ES256"; typ: "JWT"; kid: string };
export type AssertionClaims = {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  exp: number;
  jti: string;
};

export type OpenKeyResult =
  | { ok: true; privateKey: CryptoKey; thumbprint: string }
  | {
      ok: false;
      code: "bad_passphrase" | "mismatch" | "not_es256" | "unreadable";
      message: string;
    };

const EC_P256 = { name: "ECDSA", namedCurve: "P-256" } as const;
const SIGN = { name: "ECDSA", hash: "SHA-256" } as const;

/**
 * Opens the key file (encrypted PKCS#8 as the wizard saves it, or a plain PEM key made with
 * OpenSSL) and checks that it is the private half of the page's key, by RFC 7638 thumbprint.
 * The key returned cannot be exported again.
 */
export async function openSigningKey(
  fileText: string,
  passphrase: string,
  expectedThumbprint: string,
): Promise<OpenKeyResult> {
  const blocks = decodePemBlocks(fileText).filter((b) => b.label.endsWith("PRIVATE KEY"));
  if (blocks.length === 0) {
    return {
      ok: false,
      code: "unreadable",
      message:
        "This file holds no private key. Pick the .key.pem file saved when the key was generated (-----BEGIN ENCRYPTED PRIVATE KEY-----).",
    };
  }
  let key: CryptoKey;
  try {
    key =
      blocks[0]!.label === "ENCRYPTED PRIVATE KEY"
        ? await decryptPrivateKey(fileText, passphrase, "auto", { extractable: true })
        : await importPlainPrivateKey(fileText, "auto", { extractable: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "bad_passphrase")
      return {
        ok: false,
        code,
        message:
          "The passphrase does not open this key file. Nothing was sent anywhere; try again.",
      };
    return {
      ok: false,
      code: "unreadable",
      message: `This file could not be read as a private key: ${(error as Error).message}`,
    };
  }
  const algorithm = key.algorithm as EcKeyAlgorithm;
  if (algorithm.name !== "ECDSA" || algorithm.namedCurve !== "P-256") {
    const what =
      algorithm.name === "ECDSA"
        ? `an EC ${algorithm.namedCurve} key`
        : `an ${algorithm.name.startsWith("RSA") ? "RSA" : algorithm.name} key`;
    return {
      ok: false,
      code: "not_es256",
      message: `This is ${what}. ES256 needs an EC key on curve P-256: this is not the OAuth signing key.`,
    };
  }
  const jwk = await subtle().exportKey("jwk", key);
  const thumbprint = await jwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
  if (thumbprint !== expectedThumbprint) {
    return {
      ok: false,
      code: "mismatch",
      message: `This private key does not match the onboarded public key of this page: its thumbprint is ${thumbprint}, the page's key is ${expectedThumbprint}. Pick the file saved when this key was generated.`,
    };
  }
  // Keep only a sign-only, non-extractable copy: the page has no use for the key's bytes.
  const privateKey = await subtle().importKey("jwk", jwk, EC_P256, false, ["sign"]);
  jwk.d = "";
  return { ok: true, privateKey, thumbprint };
}

/** A random jti: 128 bits, base64url. */
export const newJti = () => base64url(randomBytes(16));

/**
 * The claims D1 checks. RFC 7523 §3 requires both iss and sub; for a client authenticating as
 * itself both are the client, here the merchant gateway id (ADR 0025).
 */
export function assertionClaims(input: {
  merchantGatewayId: string;
  audience: string;
  lifetimeMinutes: number;
  now?: Date;
  jti?: string;
}): AssertionClaims {
  const minutes = input.lifetimeMinutes;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_ASSERTION_MINUTES) {
    throw new RangeError(`The assertion lives 1 to ${MAX_ASSERTION_MINUTES} whole minutes.`);
  }
  const iat = Math.floor((input.now ?? new Date()).getTime() / 1000);
  return {
    iss: input.merchantGatewayId,
    sub: input.merchantGatewayId,
    aud: input.audience,
    iat,
    exp: iat + minutes * 60,
    jti: input.jti ?? newJti(),
  };
}

const encodeJson = (value: unknown) => base64url(new TextEncoder().encode(JSON.stringify(value)));

/**
 * A compact JWS (RFC 7515) signed with ES256. WebCrypto's ECDSA signature already is the
 * fixed-size r||s (64 bytes) that JWS requires (RFC 7518 §3.4), not DER.
 */
export async function signAssertion(
  privateKey: CryptoKey,
  kid: string,
  claims: AssertionClaims,
): Promise<string> {
  const header: AssertionHeader = { alg: SIGNING_KEY_ALG, typ: "JWT", kid };
  const signingInput = `${encodeJson(header)}.${encodeJson(claims)}`;
  const signature = new Uint8Array(
    await subtle().sign(SIGN, privateKey, new TextEncoder().encode(signingInput)),
  );
  if (signature.length !== 64)
    throw new Error(`Unexpected ES256 signature length ${signature.length}.`);
  return `${signingInput}.${base64url(signature)}`;
}

const fromBase64url = (text: string) =>
  base64ToBytes(
    text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4),
  );

/** Header and claims of a compact JWS, as shown in the page. Throws on anything else. */
export function decodeJwt(jwt: string) {
  const parts = jwt.split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)))
    throw new Error("Not a compact JWS (three base64url parts).");
  const json = (part: string) =>
    JSON.parse(new TextDecoder().decode(fromBase64url(part) ?? new Uint8Array())) as Record<
      string,
      unknown
    >;
  return {
    header: json(parts[0]!),
    claims: json(parts[1]!),
    signingInput: `${parts[0]}.${parts[1]}`,
    signature: fromBase64url(parts[2]!),
  };
}

/** Whether the JWS's ES256 signature verifies with a public key PEM (as the page stores it). */
export async function verifyAssertion(jwt: string, publicKeyPem: string): Promise<boolean> {
  const block = decodePemBlocks(publicKeyPem).find((b) => b.label === "PUBLIC KEY");
  if (!block) throw new Error("No PUBLIC KEY block to verify with.");
  const publicKey = await subtle().importKey("spki", toBytes(block.der), EC_P256, false, [
    "verify",
  ]);
  const { signingInput, signature } = decodeJwt(jwt);
  if (signature?.length !== 64) return false;
  return subtle().verify(SIGN, publicKey, signature, new TextEncoder().encode(signingInput));
}

/** The token request, for a shell; the mTLS client certificate and key are placeholders. */
export function curlCommand(tokenEndpoint: string, jwt: string): string {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return [
    `curl --cert ./d1-client-cert.pem --key ./d1-client-key.pem \\`,
    `  -X POST ${quote(tokenEndpoint)} \\`,
    `  -H 'Content-Type: application/x-www-form-urlencoded' \\`,
    `  --data ${quote(`grant_type=${JWT_BEARER_GRANT}&assertion=${jwt}`)}`,
  ].join("\n");
}
