// What kind of key and signature a CSR or certificate carries, read from the ASN.1 directly
// (not via WebCrypto) so that keys WebCrypto cannot import are still described, not rejected.
import { AsnConvert } from "@peculiar/asn1-schema";
import type { AlgorithmIdentifier, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { RSAPublicKey, RsaSaPssParams } from "@peculiar/asn1-rsa";
import { ECParameters } from "@peculiar/asn1-ecc";
import {
  CURVES,
  HASH_ALGORITHMS,
  OID,
  SIGNATURE_ALGORITHMS,
  type SignatureAlgorithmInfo,
} from "./oids";

export type KeyType = "RSA" | "ECDSA" | "OTHER";

export interface PublicKeyInfo {
  keyType: KeyType;
  /** RSA modulus length in bits. */
  keySize?: number;
  /** RSA public exponent, as a decimal string (it can exceed 2^53). */
  publicExponent?: string;
  /** Curve name ("P-256"), the OID of a curve we do not name, or "explicit parameters". */
  curve?: string;
  algorithmOid: string;
}

export function describePublicKey(spki: SubjectPublicKeyInfo): PublicKeyInfo {
  const oid = spki.algorithm.algorithm;
  if (oid === OID.rsaEncryption || oid === OID.rsassaPss) {
    const info: PublicKeyInfo = { keyType: "RSA", algorithmOid: oid };
    const key = safely(() => AsnConvert.parse(spki.subjectPublicKey, RSAPublicKey));
    if (!key) return info;
    return {
      ...info,
      keySize: bitLength(new Uint8Array(key.modulus)),
      publicExponent: unsignedDecimal(new Uint8Array(key.publicExponent)),
    };
  }
  if (oid === OID.ecPublicKey) {
    const info: PublicKeyInfo = { keyType: "ECDSA", algorithmOid: oid };
    const params = spki.algorithm.parameters;
    const parsed = params ? safely(() => AsnConvert.parse(params, ECParameters)) : undefined;
    // Explicit parameters may describe P-256's numbers, but the partner asks for the named curve.
    if (parsed?.specifiedCurve) return { ...info, curve: "explicit parameters" };
    const curveOid = parsed?.namedCurve;
    return curveOid ? { ...info, curve: CURVES[curveOid] ?? curveOid } : info;
  }
  return { keyType: "OTHER", algorithmOid: oid };
}

export function describeSignatureAlgorithm(
  alg: AlgorithmIdentifier,
): SignatureAlgorithmInfo & { oid: string } {
  const oid = alg.algorithm;
  if (oid === OID.rsassaPss) {
    // PSS names its hash in the parameters; absent parameters mean the SHA-1 default.
    const params = alg.parameters;
    const hashOid = params
      ? safely(() => AsnConvert.parse(params, RsaSaPssParams).hashAlgorithm.algorithm)
      : OID.sha1;
    return { oid, name: "RSASSA-PSS", hash: (hashOid && HASH_ALGORITHMS[hashOid]) ?? null };
  }
  const known = SIGNATURE_ALGORITHMS[oid];
  return known ? { oid, ...known } : { oid, name: oid, hash: null };
}

/** Bit length of a big-endian unsigned integer (ASN.1 INTEGERs may carry a leading 0x00). */
export function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

function unsignedDecimal(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value.toString();
}

function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
