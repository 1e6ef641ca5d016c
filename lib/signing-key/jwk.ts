// The ES256 signing key of D1's JWT bearer flow (RFC 7523): an EC P-256 key pair. This module is
// isomorphic (WebCrypto only): the browser uses it to make the key pair and show what it will
// send, the server uses it to re-derive the JWK and thumbprint from the PEM it receives.
import { SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { classifyInput } from "@/lib/pki/detect";
import { toPem } from "@/lib/pki/pem";
import { bytesToBase64, subtle, toBytes } from "@/lib/pki/bytes";
import { parseAs } from "@/lib/pki/der";
import { describePublicKey } from "@/lib/pki/key-info";

/** A P-256 public key PEM is 178 bytes; anything this large is not one. */
export const SIGNING_KEY_MAX_BYTES = 16 * 1024;
export const SIGNING_KEY_ALG = "ES256" as const;

/** The public JWK as Thales is given it: kid is the RFC 7638 thumbprint. */
export type SigningJwk = {
  kty: "EC";
  crv: "P-256";
  x: string;
  y: string;
  alg: "ES256";
  use: "sig";
  kid: string;
};

export type SigningKeyProblemCode =
  | "signing_key.empty"
  | "signing_key.too_large"
  | "signing_key.private_key"
  | "signing_key.certificate"
  | "signing_key.csr"
  | "signing_key.multiple"
  | "signing_key.rsa"
  | "signing_key.wrong_curve"
  | "signing_key.not_ec"
  | "signing_key.invalid_point"
  | "signing_key.undecodable";

export type SigningKeyProblem = { code: SigningKeyProblemCode; message: string };

export type ParsedSigningKey = { publicKeyPem: string; jwk: SigningJwk; thumbprint: string };
export type SigningKeyIntake =
  | { ok: true; key: ParsedSigningKey }
  | { ok: false; problem: SigningKeyProblem; keyExposed?: boolean };

const EC_P256: EcKeyImportParams = { name: "ECDSA", namedCurve: "P-256" };

const refuse = (
  code: SigningKeyProblemCode,
  message: string,
  keyExposed = false,
): SigningKeyIntake =>
  keyExposed
    ? { ok: false, problem: { code, message }, keyExposed }
    : { ok: false, problem: { code, message } };

export const PRIVATE_KEY_MESSAGE =
  "This is (or contains) a PRIVATE KEY. Only the public key may be uploaded. Nothing was stored. Treat that private key as " +
  "exposed: it has left the machine it was made on. Generate a new ES256 key pair and register only its public key " +
  "(openssl pkey -in key.pem -pubout).";

/**
 * Reads one EC P-256 public key ("BEGIN PUBLIC KEY", or its DER in base64) and returns it in
 * canonical form: PEM re-encoded from the key itself, its JWK, and the RFC 7638 thumbprint.
 * Anything else is refused with a sentence that says what it is and what to send instead.
 */
export async function parseSigningPublicKey(input: string): Promise<SigningKeyIntake> {
  if (typeof input !== "string" || input.trim() === "") {
    return refuse(
      "signing_key.empty",
      "Paste the public key in PEM form (-----BEGIN PUBLIC KEY-----).",
    );
  }
  if (input.length > SIGNING_KEY_MAX_BYTES) {
    return refuse(
      "signing_key.too_large",
      `An EC P-256 public key is a few hundred bytes; this is larger than ${SIGNING_KEY_MAX_BYTES / 1024} KB. Paste only the PUBLIC KEY block.`,
    );
  }
  const found = classifyInput(input);
  // A private JWK ({"kty":"EC","d":…}) is a private key too.
  const privateJwk = /^\s*\{/.test(input) && /"d"\s*:/.test(input);
  if (found.containsPrivateKey || privateJwk)
    return refuse("signing_key.private_key", PRIVATE_KEY_MESSAGE, true);
  if (/-----BEGIN RSA PUBLIC KEY-----/.test(input)) {
    return refuse(
      "signing_key.rsa",
      "This is an RSA public key. D1's JWT bearer flow signs with ES256, which needs an EC key on curve P-256.",
    );
  }
  switch (found.kind) {
    case "certificate":
    case "certificates":
    case "pkcs7":
      return refuse(
        "signing_key.certificate",
        "This is a certificate, not a public key. Thales is onboarded with the bare ES256 public key: paste the PUBLIC KEY block (openssl pkey -in key.pem -pubout).",
      );
    case "csr":
      return refuse(
        "signing_key.csr",
        "This is a certificate signing request, not a public key. The OAuth signing key is separate from the mTLS key: paste the PUBLIC KEY block of the ES256 key.",
      );
    case "public-key":
      break;
    default:
      return refuse(
        "signing_key.undecodable",
        `This is not a readable public key. ${found.reason ?? ""} Paste the PEM that starts with -----BEGIN PUBLIC KEY-----.`
          .replace(/\s+/g, " ")
          .trim(),
      );
  }
  if (found.objects.length > 1) {
    return refuse(
      "signing_key.multiple",
      `The input holds ${found.objects.length} objects; paste exactly one PUBLIC KEY block.`,
    );
  }
  const spki = parseAs(found.der!, SubjectPublicKeyInfo);
  if (!spki)
    return refuse("signing_key.undecodable", "The PUBLIC KEY block is damaged and cannot be read.");
  const info = describePublicKey(spki);
  if (info.keyType === "RSA") {
    return refuse(
      "signing_key.rsa",
      `This is an RSA${info.keySize ? ` ${info.keySize}` : ""} public key. D1's JWT bearer flow signs with ES256, which needs an EC key on curve P-256.`,
    );
  }
  if (info.keyType !== "ECDSA") {
    return refuse(
      "signing_key.not_ec",
      `This public key is of type ${info.algorithmOid}, not EC. ES256 needs an EC key on curve P-256.`,
    );
  }
  if (info.curve !== "P-256") {
    return refuse(
      "signing_key.wrong_curve",
      `This EC key is on curve ${info.curve ?? "(unnamed)"}. ES256 needs curve P-256 (prime256v1); ES384/ES512 are not what D1 checks.`,
    );
  }
  let key: CryptoKey;
  try {
    key = await subtle().importKey("spki", toBytes(found.der!), EC_P256, true, ["verify"]);
  } catch {
    return refuse(
      "signing_key.invalid_point",
      "This P-256 public key is damaged: its point is not on the curve.",
    );
  }
  return { ok: true, key: await describeSigningKey(key) };
}

/** PEM, JWK and thumbprint of a P-256 public key held by WebCrypto (any private part is ignored). */
export async function describeSigningKey(publicKey: CryptoKey): Promise<ParsedSigningKey> {
  const exported = await subtle().exportKey("jwk", publicKey);
  if (exported.kty !== "EC" || exported.crv !== "P-256" || !exported.x || !exported.y) {
    throw new Error("Not an EC P-256 key.");
  }
  const pub = { kty: "EC" as const, crv: "P-256" as const, x: exported.x, y: exported.y };
  // The PEM is rebuilt from the coordinates, so every spelling of one key stores the same text.
  const verifyKey = await subtle().importKey("jwk", pub, EC_P256, true, ["verify"]);
  const publicKeyPem = toPem(
    "PUBLIC KEY",
    new Uint8Array(await subtle().exportKey("spki", verifyKey)),
  );
  const thumbprint = await jwkThumbprint(pub);
  return {
    publicKeyPem,
    thumbprint,
    jwk: { ...pub, alg: SIGNING_KEY_ALG, use: "sig", kid: thumbprint },
  };
}

/** A new extractable ES256 key pair, made by WebCrypto in the runtime that calls this. */
export async function generateSigningKeyPair(): Promise<CryptoKeyPair> {
  return (await subtle().generateKey(EC_P256, true, ["sign", "verify"])) as CryptoKeyPair;
}

/** The members RFC 7638 §3.2 hashes for each key type, in lexicographic order. */
const REQUIRED_MEMBERS: Record<string, readonly string[]> = {
  EC: ["crv", "kty", "x", "y"],
  RSA: ["e", "kty", "n"],
  OKP: ["crv", "kty", "x"],
  oct: ["k", "kty"],
};

/** RFC 7638 JSON Web Key thumbprint: SHA-256 of the canonical JSON of the required members, base64url. */
export async function jwkThumbprint(jwk: Record<string, unknown>): Promise<string> {
  const members = REQUIRED_MEMBERS[String(jwk.kty)];
  if (!members) throw new Error(`No thumbprint rule for key type ${String(jwk.kty)}.`);
  const canonical: Record<string, string> = {};
  for (const name of members) {
    const value = jwk[name];
    if (typeof value !== "string" || value === "")
      throw new Error(`The JWK lacks its "${name}" member.`);
    canonical[name] = value;
  }
  // JSON.stringify keeps insertion order and, for these base64url/ASCII strings, escapes nothing.
  const digest = await subtle().digest(
    "SHA-256",
    new TextEncoder().encode(JSON.stringify(canonical)),
  );
  return base64url(new Uint8Array(digest));
}

export const base64url = (bytes: Uint8Array) =>
  bytesToBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** The JWK as pretty JSON, members in a stable order, for showing and copying. */
export const formatJwk = (jwk: SigningJwk) =>
  JSON.stringify(
    { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, alg: jwk.alg, use: jwk.use, kid: jwk.kid },
    null,
    2,
  );
