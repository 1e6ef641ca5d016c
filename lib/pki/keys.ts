// Private keys in WebCrypto: import/export as unencrypted PKCS#8, and proving that a private
// key belongs to a CSR or certificate. Keys are born in the browser; nothing here does I/O.
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { AlgorithmIdentifier } from "@peculiar/asn1-x509";
import { PrivateKeyInfo } from "@peculiar/asn1-pkcs8";
import { ECParameters, ECPrivateKey } from "@peculiar/asn1-ecc";
import { bytesEqual, randomBytes, subtle, toBytes } from "./bytes";
import { parseAs } from "./der";
import { PkiInputError } from "./errors";
import { normalizeHex, sha256Hex } from "./fingerprint";
import { CURVES, OID } from "./oids";
import { decodePemBlocks, toPem } from "./pem";
import { extractSpki } from "./spki";

export type KeyAlgorithmChoice = "RSA" | "ECDSA" | "auto";

export interface ImportKeyOptions {
  /** Default true: the UI may need to re-export (re-encrypt) the key or derive its public key. */
  extractable?: boolean;
}

/** Imports PKCS#8 DER for signing, detecting RSA vs ECDSA (and the curve) from the key itself. */
export async function importPkcs8(
  pkcs8: Uint8Array,
  algorithm: KeyAlgorithmChoice = "auto",
  opts: ImportKeyOptions = {},
): Promise<CryptoKey> {
  const der = toBytes(pkcs8);
  const info = parseAs(der, PrivateKeyInfo);
  if (!info)
    throw new PkiInputError("not_a_private_key", "This is not a readable PKCS#8 private key.");
  const params = webCryptoParams(info);
  const detected = params.name === "ECDSA" ? "ECDSA" : "RSA";
  if (algorithm !== "auto" && algorithm !== detected) {
    throw new PkiInputError(
      "key_type_mismatch",
      `This is an ${detected} key, not an ${algorithm} key.`,
    );
  }
  try {
    return await subtle().importKey("pkcs8", der, params, opts.extractable ?? true, ["sign"]);
  } catch (e) {
    throw new PkiInputError("not_a_private_key", "The private key is damaged and cannot be used.", {
      cause: e,
    });
  }
}

function webCryptoParams(info: PrivateKeyInfo): RsaHashedImportParams | EcKeyImportParams {
  const oid = info.privateKeyAlgorithm.algorithm;
  if (oid === OID.rsaEncryption) return { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
  if (oid === OID.ecPublicKey) {
    const p = info.privateKeyAlgorithm.parameters;
    const curveOid = p ? parseAs(new Uint8Array(p), ECParameters)?.namedCurve : undefined;
    const curve = curveOid ? CURVES[curveOid] : undefined;
    if (curve === "P-256" || curve === "P-384" || curve === "P-521")
      return { name: "ECDSA", namedCurve: curve };
    throw new PkiInputError(
      "unsupported_algorithm",
      `The key's elliptic curve (${curve ?? curveOid ?? "unnamed"}) is not supported.`,
    );
  }
  throw new PkiInputError(
    "unsupported_algorithm",
    `Keys of type ${oid} are not supported: use RSA or ECDSA.`,
  );
}

/** Unencrypted PKCS#8 PEM ("PRIVATE KEY"). Prefer encryptPrivateKey for anything saved to disk. */
export async function exportPrivateKeyPlain(privateKey: CryptoKey): Promise<string> {
  return toPem("PRIVATE KEY", new Uint8Array(await subtle().exportKey("pkcs8", privateKey)));
}

/** Imports an unencrypted key: PKCS#8 "PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY" or SEC1 "EC PRIVATE KEY". */
export async function importPlainPrivateKey(
  pem: string,
  algorithm: KeyAlgorithmChoice = "auto",
  opts: ImportKeyOptions = {},
): Promise<CryptoKey> {
  const block = decodePemBlocks(pem).find((b) => b.label.endsWith("PRIVATE KEY"));
  if (!block) throw new PkiInputError("not_a_private_key", "No private key block was found.");
  if (
    block.label === "ENCRYPTED PRIVATE KEY" ||
    block.headers?.["Proc-Type"]?.includes("ENCRYPTED")
  ) {
    throw new PkiInputError(
      "encrypted_private_key",
      "This key is encrypted: its passphrase is needed.",
    );
  }
  if (block.label === "RSA PRIVATE KEY") return importPkcs8(wrapPkcs1(block.der), algorithm, opts);
  if (block.label === "EC PRIVATE KEY") return importPkcs8(wrapSec1(block.der), algorithm, opts);
  return importPkcs8(block.der, algorithm, opts);
}

// WebCrypto only imports PKCS#8, so legacy OpenSSL formats are wrapped in a PrivateKeyInfo.
function wrapPkcs1(pkcs1: Uint8Array): Uint8Array {
  const asnNull = new Uint8Array([0x05, 0x00]).buffer;
  return wrap(
    new AlgorithmIdentifier({ algorithm: OID.rsaEncryption, parameters: asnNull }),
    pkcs1,
  );
}

function wrapSec1(sec1: Uint8Array): Uint8Array {
  const curveOid = parseAs(sec1, ECPrivateKey)?.parameters?.namedCurve;
  if (!curveOid)
    throw new PkiInputError("not_a_private_key", "This EC private key does not name its curve.");
  const parameters = AsnConvert.serialize(new ECParameters({ namedCurve: curveOid }));
  return wrap(new AlgorithmIdentifier({ algorithm: OID.ecPublicKey, parameters }), sec1);
}

function wrap(privateKeyAlgorithm: AlgorithmIdentifier, inner: Uint8Array): Uint8Array {
  const privateKey = new OctetString(toBytes(inner));
  return new Uint8Array(
    AsnConvert.serialize(new PrivateKeyInfo({ privateKeyAlgorithm, privateKey })),
  );
}

/** DER SubjectPublicKeyInfo of an extractable private key (public half rebuilt from its JWK). */
export async function derivePublicKeySpki(privateKey: CryptoKey): Promise<Uint8Array> {
  const jwk = await subtle().exportKey("jwk", privateKey);
  const pub: JsonWebKey =
    jwk.kty === "RSA"
      ? { kty: "RSA", n: jwk.n, e: jwk.e }
      : { kty: "EC", crv: jwk.crv, x: jwk.x, y: jwk.y };
  const key = await subtle().importKey("jwk", pub, importParams(privateKey), true, ["verify"]);
  return new Uint8Array(await subtle().exportKey("spki", key));
}

/**
 * Does this private key belong to `target`? `target` is a 64-hex SHA-256 of an SPKI (as in
 * ParsedCsr.publicKeySha256), or a CSR / certificate / public key as PEM, base64 or DER.
 */
export async function publicKeyMatches(
  privateKey: CryptoKey,
  target: string | Uint8Array,
): Promise<boolean> {
  if (typeof target === "string" && /^[0-9a-f]{64}$/.test(normalizeHex(target))) {
    return (await sha256Hex(await derivePublicKeySpki(privateKey))) === normalizeHex(target);
  }
  const spki = extractSpki(target);
  if (!spki)
    throw new PkiInputError(
      "invalid_argument",
      "No public key was found in the given CSR or certificate.",
    );
  let publicKey: CryptoKey;
  try {
    publicKey = await subtle().importKey("spki", toBytes(spki), importParams(privateKey), true, [
      "verify",
    ]);
  } catch {
    return false; // a different key type or curve cannot match
  }
  // Both sides go through WebCrypto's encoder, so equivalent encodings compare equal.
  if (privateKey.extractable) {
    const theirs = new Uint8Array(await subtle().exportKey("spki", publicKey));
    return bytesEqual(theirs, await derivePublicKeySpki(privateKey));
  }
  // A non-extractable key can still prove possession: sign a challenge and verify it.
  const signParams: Algorithm | EcdsaParams =
    privateKey.algorithm.name === "ECDSA"
      ? { name: "ECDSA", hash: "SHA-256" }
      : { name: privateKey.algorithm.name };
  const challenge = randomBytes(32);
  const signature = await subtle().sign(signParams, privateKey, challenge);
  return subtle().verify(signParams, publicKey, signature, challenge);
}

function importParams(key: CryptoKey): RsaHashedImportParams | EcKeyImportParams {
  const alg = key.algorithm as Partial<RsaHashedKeyAlgorithm & EcKeyAlgorithm>;
  if (alg.name === "ECDSA" && alg.namedCurve) return { name: "ECDSA", namedCurve: alg.namedCurve };
  if (alg.hash) return { name: alg.name ?? "RSASSA-PKCS1-v1_5", hash: alg.hash.name };
  throw new PkiInputError(
    "unsupported_algorithm",
    `Keys of type ${alg.name ?? "unknown"} are not supported.`,
  );
}
