// Structural recognition of DER blobs. Each candidate schema is tried strictly, after a cheap
// check that the bytes are exactly one SEQUENCE, so random input is rejected in microseconds.
import { AsnConvert } from "@peculiar/asn1-schema";
import { CertificationRequest } from "@peculiar/asn1-csr";
import { Certificate, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { EncryptedPrivateKeyInfo, PrivateKeyInfo } from "@peculiar/asn1-pkcs8";
import { ContentInfo } from "@peculiar/asn1-cms";
import { RSAPrivateKey } from "@peculiar/asn1-rsa";
import { ECPrivateKey } from "@peculiar/asn1-ecc";
import { children, readOid, readRoot, TAG } from "./der-reader";
import { OID } from "./oids";

export type DerKind =
  | "csr"
  | "certificate"
  | "pkcs7"
  | "private-key"
  | "encrypted-private-key"
  | "public-key";

// Caps for untrusted input, tighter than the asn1js defaults: nothing we read nests deeply.
export const BER_LIMITS = { maxDepth: 40, maxNodes: 20_000, maxContentLength: 4 * 1024 * 1024 };
export type BerLimits = typeof BER_LIMITS;

/** Parses `der` (exactly one DER object) as `schema`, or returns null (never throws). */
export function parseAs<T>(
  der: Uint8Array,
  schema: new () => T,
  limits: BerLimits = BER_LIMITS,
): T | null {
  if (!isSingleObject(der)) return null;
  try {
    return AsnConvert.parse(der, schema, { berOptions: limits });
  } catch {
    return null;
  }
}

/** True when the bytes are one DER SEQUENCE whose declared length covers the input exactly. */
export function isSingleSequence(der: Uint8Array): boolean {
  return der[0] === 0x30 && isSingleObject(der);
}

/** True when the bytes are one DER object (low tag number) spanning the input exactly. */
export function isSingleObject(der: Uint8Array): boolean {
  if (der.length < 2 || (der[0]! & 0x1f) === 0x1f) return false;
  const first = der[1]!;
  if (first < 0x80) return 2 + first === der.length;
  const lengthBytes = first & 0x7f;
  if (lengthBytes === 0 || lengthBytes > 4 || der.length < 2 + lengthBytes) return false;
  let length = 0;
  for (let i = 0; i < lengthBytes; i++) length = length * 256 + der[2 + i]!;
  return 2 + lengthBytes + length === der.length;
}

/** What a DER blob is, or null. Order matters: the most specific shapes are tried first. */
export function classifyDer(der: Uint8Array): DerKind | null {
  if (!isSingleSequence(der)) return null;
  if (parseAs(der, CertificationRequest)) return "csr";
  if (parseAs(der, Certificate)) return "certificate";
  const contentInfo = parseAs(der, ContentInfo);
  if (contentInfo?.contentType === OID.pkcs7SignedData) return "pkcs7";
  const encrypted = parseAs(der, EncryptedPrivateKeyInfo);
  if (encrypted && isPasswordBasedEncryption(encrypted.encryptionAlgorithm.algorithm)) {
    return "encrypted-private-key";
  }
  if (parseAs(der, PrivateKeyInfo)) return "private-key";
  if (parseAs(der, SubjectPublicKeyInfo)) return "public-key";
  if (parseAs(der, RSAPrivateKey)) return "private-key"; // PKCS#1 "RSA PRIVATE KEY"
  if (parseAs(der, ECPrivateKey)?.version === 1) return "private-key"; // SEC1 "EC PRIVATE KEY"
  return null;
}

// PKCS#5 (1.2.840.113549.1.5.x) and PKCS#12 PBE (1.2.840.113549.1.12.1.x) schemes.
function isPasswordBasedEncryption(oid: string): boolean {
  return oid.startsWith("1.2.840.113549.1.5.") || oid.startsWith("1.2.840.113549.1.12.1.");
}

/**
 * PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo (data or signedData), macData OPTIONAL }.
 * A .p12/.pfx holds a private key (encrypted, but often with a password that travels with it), so
 * certificate imports refuse it like any other key material.
 */
export function isPkcs12(der: Uint8Array): boolean {
  try {
    const [version, authSafe] = children(der, readRoot(der, TAG.SEQUENCE));
    if (version?.tag !== TAG.INTEGER || version.end - version.body !== 1 || der[version.body] !== 3)
      return false;
    const type = authSafe?.tag === TAG.SEQUENCE ? children(der, authSafe)[0] : undefined;
    const oid = type?.tag === TAG.OID ? readOid(der, type) : "";
    return oid === "1.2.840.113549.1.7.1" || oid === OID.pkcs7SignedData;
  } catch {
    return false;
  }
}
