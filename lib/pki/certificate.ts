// Reading one X.509 certificate into the facts the dashboard shows and the policy judges. Like
// parseCsr, it describes and does not judge: an expired, SHA-1 or RSA-2048 certificate parses.
//
// The skeleton is walked with der-reader rather than asn1-schema (see there why); the subject,
// issuer and public key still go through readSubject/describePublicKey, so a certificate and the
// CSR it was issued from are described identically and can be compared field by field.
import { AlgorithmIdentifier, Name, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { bytesEqual, bytesToHex, toBytes } from "./bytes";
import { isPkcs12, isSingleSequence, parseAs } from "./der";
import {
  children,
  DerError,
  expectTag,
  readOid,
  readRoot,
  readSmallInteger,
  readTime,
  readTlv,
  TAG,
  tlvBytes,
  type Tlv,
} from "./der-reader";
import { classifyInput } from "./detect";
import { PkiInputError, privateKeyExposedError } from "./errors";
import { sha256Hex } from "./fingerprint";
import { describePublicKey, describeSignatureAlgorithm, type KeyType } from "./key-info";
import { readSubject, type Subject } from "./name";
import { decodePemBlocks, findPemLabels, toPem } from "./pem";
import { readPkcs7Certificates } from "./pkcs7";
import { readExtensions, type CertificateExtensions } from "./x509-extensions";

export interface ParsedCertificate {
  pem: string;
  der: Uint8Array<ArrayBuffer>;
  /** X.509 version: 3 for anything with extensions; 1 for some very old roots. */
  version: number;
  /** Uppercase hex without colons or sign byte, as `openssl x509 -serial` prints it. */
  serialNumber: string;
  subject: Subject;
  /** Forward order as OpenSSL prints it ("C=FR, O=..., CN=..."), RFC 4514 escaping. */
  subjectDn: string;
  issuer: Subject;
  issuerDn: string;
  notBefore: Date;
  notAfter: Date;
  keyType: KeyType;
  keySize?: number;
  curve?: string;
  /** Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo: equals ParsedCsr.publicKeySha256 for the same key. */
  publicKeySha256: string;
  spki: Uint8Array<ArrayBuffer>;
  /** Lowercase hex SHA-256 of the certificate DER (the fingerprint, without colons). */
  sha256: string;
  /** The CA's signature on this certificate. */
  signatureAlgorithm: { name: string; hash: string | null; oid: string };
  /** basicConstraints cA; false when the extension is absent. */
  isCa: boolean;
  pathLength?: number;
  /** "digitalSignature", "keyCertSign", ...; empty when the extension is absent. */
  keyUsage: string[];
  /** "clientAuth", "serverAuth", ... or dotted OIDs; empty when the extension is absent. */
  extendedKeyUsage: string[];
  /** Lowercase hex. */
  subjectKeyIdentifier?: string;
  /** Lowercase hex (the keyIdentifier field only). */
  authorityKeyIdentifier?: string;
  /** Subject DN equals issuer DN (a root, or a self-signed leaf). */
  selfIssued: boolean;
  /** "DNS:example.com", "IP:192.0.2.1", "email:…", "URI:…", "DirName:…". */
  subjectAltNames: string[];
  /** OIDs of the extensions marked critical. */
  criticalExtensions: string[];
}

/** Inputs beyond this are refused before any decoding: no real certificate file comes close. */
export const MAX_CERTIFICATE_INPUT_BYTES = 4 * 1024 * 1024;
const CERTIFICATE_LABELS = new Set(["CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CERTIFICATE"]);

/** Parses exactly one certificate given as PEM text, base64, DER or a one-certificate PKCS#7. */
export async function parseCertificate(input: string | Uint8Array): Promise<ParsedCertificate> {
  checkInputSize(input, "certificate");
  // Fast path for the common case (one PEM block or DER); anything else is classified first so
  // the error says what the input is (a CSR, a key, a chain, ...).
  const candidate = fastPathDer(input);
  const fields = candidate ? readCertificateFields(candidate) : null;
  if (candidate && fields && typeof fields !== "string")
    return describeCertificate(candidate, fields);
  return parseCertificateDer(locateCertificate(input));
}

/** Parses DER that should be exactly one certificate. Throws PkiInputError("undecodable") otherwise. */
export async function parseCertificateDer(der: Uint8Array): Promise<ParsedCertificate> {
  const bytes = toBytes(der);
  const fields = readCertificateFields(bytes);
  if (typeof fields === "string") {
    throw new PkiInputError(
      "undecodable",
      `The certificate is damaged or not a valid X.509 certificate: ${fields}`,
    );
  }
  return describeCertificate(bytes, fields);
}

export function checkInputSize(input: string | Uint8Array, what: string): void {
  if ((typeof input === "string" ? input.trim() : input).length === 0) {
    throw new PkiInputError("empty", `Nothing was provided: paste or upload a ${what}.`);
  }
  if (input.length > MAX_CERTIFICATE_INPUT_BYTES) {
    throw new PkiInputError(
      "too_large",
      `The input is larger than 4 MB, far more than any ${what} file: check that this is the right file.`,
    );
  }
}

function fastPathDer(input: string | Uint8Array): Uint8Array<ArrayBuffer> | null {
  if (typeof input !== "string") {
    const bytes = toBytes(input);
    return isSingleSequence(bytes) ? bytes : null;
  }
  const labels = findPemLabels(input);
  if (labels.length !== 1 || !CERTIFICATE_LABELS.has(labels[0]!)) return null;
  const blocks = decodePemBlocks(input);
  return blocks.length === 1 ? certificateOfBlock(blocks[0]!.label, blocks[0]!.der) : null;
}

/** OpenSSL's TRUSTED CERTIFICATE appends trust settings after the certificate: keep the certificate. */
export function certificateOfBlock(
  label: string,
  der: Uint8Array<ArrayBuffer>,
): Uint8Array<ArrayBuffer> {
  if (label !== "TRUSTED CERTIFICATE") return der;
  try {
    const first = readTlv(der, 0);
    return first.end === der.length ? der : der.slice(0, first.end);
  } catch {
    return der; // let the parser report the damage
  }
}

/** Finds the one certificate in an input the fast path did not take, or throws the right error. */
function locateCertificate(input: string | Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof input === "string" && findPemLabels(input).some((l) => l.endsWith("PRIVATE KEY"))) {
    throw privateKeyExposedError();
  }
  if (typeof input !== "string" && isPkcs12(input)) throw privateKeyExposedError();
  const found = classifyInput(input);
  if (found.containsPrivateKey) throw privateKeyExposedError();
  // A CSR or public key pasted alongside the certificate is harmless and ignored.
  let damagedPkcs7 = false;
  const certificates = found.objects.flatMap((o) => {
    if (o.kind === "certificate") return [toBytes(o.der)];
    if (o.kind !== "pkcs7") return [];
    const inside = readPkcs7Certificates(o.der);
    if (!inside) damagedPkcs7 = true;
    return inside ?? [];
  });
  if (certificates.length === 1) return certificates[0]!;
  if (certificates.length > 1) {
    throw new PkiInputError(
      "multiple_certificates",
      `This contains ${certificates.length} certificates, but one was expected: import it as a certificate chain (bundle) instead.`,
    );
  }
  switch (found.kind) {
    case "csr":
      throw new PkiInputError(
        "not_a_certificate",
        "This is a certificate signing request (CSR), not a certificate: send it to the CA, then import the certificate the CA returns.",
      );
    case "public-key":
      throw new PkiInputError("not_a_certificate", "This is a bare public key, not a certificate.");
    case "pkcs7":
      throw damagedPkcs7
        ? new PkiInputError(
            "undecodable",
            "This PKCS#7 file is damaged: its certificates cannot be read.",
          )
        : new PkiInputError("not_a_certificate", "This PKCS#7 file holds no certificate.");
    default:
      throw new PkiInputError(
        "undecodable",
        `This is not a readable certificate. ${found.reason ?? ""}`.trim(),
      );
  }
}

interface CertificateFields {
  version: number;
  serial: Uint8Array;
  issuer: Uint8Array<ArrayBuffer>;
  subject: Uint8Array<ArrayBuffer>;
  notBefore: Date;
  notAfter: Date;
  spki: Uint8Array<ArrayBuffer>;
  publicKey: SubjectPublicKeyInfo;
  signatureAlgorithm: AlgorithmIdentifier;
  extensions: CertificateExtensions;
}

/** The certificate's fields, or why it cannot be read (never throws). */
function readCertificateFields(der: Uint8Array<ArrayBuffer>): CertificateFields | string {
  try {
    return readFields(der);
  } catch (e) {
    if (e instanceof DerError) return e.message;
    return "its structure could not be read.";
  }
}

// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
function readFields(der: Uint8Array<ArrayBuffer>): CertificateFields {
  const top = children(der, readRoot(der, TAG.SEQUENCE));
  if (top.length !== 3) throw new DerError("It does not have the three parts of a certificate.");
  const [tbs, outerAlgorithm, signature] = top as [Tlv, Tlv, Tlv];
  expectTag(signature, TAG.BIT_STRING, "signature");
  const t = children(der, expectTag(tbs, TAG.SEQUENCE, "certificate body"));
  let i = 0;
  let version = 1;
  if (t[0]?.tag === 0xa0) {
    const inner = children(der, t[i++]!);
    if (inner.length !== 1) throw new DerError("The version field is malformed.");
    version = readSmallInteger(der, inner[0]!) + 1;
    if (version > 3) throw new DerError(`Version ${version} does not exist.`);
  }
  const serial = expectTag(t[i++], TAG.INTEGER, "serial number");
  if (serial.end === serial.body) throw new DerError("The serial number is empty.");
  const innerAlgorithm = expectTag(t[i++], TAG.SEQUENCE, "signature algorithm");
  // The signed copy must name the same algorithm, or what we display is not what was verified.
  if (
    !bytesEqual(
      der.subarray(innerAlgorithm.start, innerAlgorithm.end),
      der.subarray(outerAlgorithm.start, outerAlgorithm.end),
    )
  ) {
    throw new DerError("Its two signature algorithm fields disagree.");
  }
  const issuer = expectTag(t[i++], TAG.SEQUENCE, "issuer");
  const validity = children(der, expectTag(t[i++], TAG.SEQUENCE, "validity"));
  if (validity.length !== 2) throw new DerError("The validity period is malformed.");
  const subject = expectTag(t[i++], TAG.SEQUENCE, "subject");
  const spki = expectTag(t[i++], TAG.SEQUENCE, "public key");
  // issuerUniqueID [1] and subjectUniqueID [2]: obsolete, skipped.
  while (t[i] && (t[i]!.tag & 0xdf) >= 0x81 && (t[i]!.tag & 0xdf) <= 0x82) i++;
  let extensions: CertificateExtensions = {
    keyUsage: [],
    extendedKeyUsage: [],
    subjectAltNames: [],
    critical: [],
  };
  if (t[i]?.tag === 0xa3) {
    const inner = children(der, t[i++]!);
    if (inner.length !== 1) throw new DerError("The extensions field is malformed.");
    extensions = readExtensions(der, inner[0]!);
  }
  if (i !== t.length) throw new DerError("The certificate body has unexpected fields.");
  return {
    version,
    serial: der.subarray(serial.body, serial.end),
    issuer: tlvBytes(der, issuer),
    subject: tlvBytes(der, subject),
    notBefore: readTime(der, validity[0]!),
    notAfter: readTime(der, validity[1]!),
    spki: tlvBytes(der, spki),
    publicKey: readPublicKey(der, spki),
    signatureAlgorithm: readAlgorithm(der, outerAlgorithm),
    extensions,
  };
}

// SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
// Built by hand from the walk (an asn1-schema parse would cost ~10% of the whole certificate).
function readPublicKey(der: Uint8Array, tlv: Tlv): SubjectPublicKeyInfo {
  const parts = children(der, tlv);
  const bits = expectTag(parts[1], TAG.BIT_STRING, "public key bits");
  if (parts.length !== 2 || bits.end === bits.body || der[bits.body] !== 0) {
    throw new DerError("The public key is malformed.");
  }
  return new SubjectPublicKeyInfo({
    algorithm: readAlgorithm(der, parts[0]!, "public key algorithm"),
    subjectPublicKey: der.slice(bits.body + 1, bits.end).buffer,
  });
}

function readAlgorithm(
  der: Uint8Array,
  tlv: Tlv,
  what = "signature algorithm",
): AlgorithmIdentifier {
  const parts = children(der, expectTag(tlv, TAG.SEQUENCE, what));
  if (parts.length < 1 || parts.length > 2) throw new DerError(`The ${what} is malformed.`);
  const algorithm = readOid(der, parts[0]!);
  const parameters = parts[1] ? tlvBytes(der, parts[1]).buffer : undefined;
  return new AlgorithmIdentifier(parameters ? { algorithm, parameters } : { algorithm });
}

async function describeCertificate(
  der: Uint8Array<ArrayBuffer>,
  f: CertificateFields,
): Promise<ParsedCertificate> {
  const subject = readName(f.subject, "subject");
  // Roots and self-signed leaves: one name to decode, not two.
  const issuer = bytesEqual(f.subject, f.issuer) ? subject : readName(f.issuer, "issuer");
  const key = describePublicKey(f.publicKey);
  const [sha256, publicKeySha256] = await Promise.all([sha256Hex(der), sha256Hex(f.spki)]);
  const x = f.extensions;
  const bc = x.basicConstraints;
  return {
    pem: toPem("CERTIFICATE", der),
    der,
    version: f.version,
    serialNumber: serialHex(f.serial),
    subject: subject.subject,
    subjectDn: subject.subjectDn,
    issuer: issuer.subject,
    issuerDn: issuer.subjectDn,
    notBefore: f.notBefore,
    notAfter: f.notAfter,
    keyType: key.keyType,
    ...(key.keySize !== undefined ? { keySize: key.keySize } : {}),
    ...(key.curve !== undefined ? { curve: key.curve } : {}),
    publicKeySha256,
    spki: f.spki,
    sha256,
    signatureAlgorithm: describeSignatureAlgorithm(f.signatureAlgorithm),
    isCa: bc?.ca ?? false,
    ...(bc?.pathLength !== undefined ? { pathLength: bc.pathLength } : {}),
    keyUsage: x.keyUsage,
    extendedKeyUsage: x.extendedKeyUsage,
    ...(x.subjectKeyIdentifier !== undefined
      ? { subjectKeyIdentifier: x.subjectKeyIdentifier }
      : {}),
    ...(x.authorityKeyIdentifier !== undefined
      ? { authorityKeyIdentifier: x.authorityKeyIdentifier }
      : {}),
    selfIssued: subject.subjectDn === issuer.subjectDn,
    subjectAltNames: x.subjectAltNames,
    criticalExtensions: x.critical,
  };
}

function readName(der: Uint8Array, which: "subject" | "issuer"): ReturnType<typeof readSubject> {
  const name = parseAs(der, Name);
  try {
    if (name) return readSubject(name);
  } catch {
    // an attribute value asn1-schema parsed but cannot print: treat like any damaged name
  }
  throw new PkiInputError("undecodable", `The certificate's ${which} name is damaged.`);
}

/** Drops the 0x00 that DER puts before a serial whose first bit is set (it is a sign, not a digit). */
function serialHex(serial: Uint8Array): string {
  const digits = serial.length > 1 && serial[0] === 0 ? serial.subarray(1) : serial;
  return bytesToHex(digits).toUpperCase();
}
