// Reading a PKCS#10 certificate signing request into facts the policy can judge. The parser
// describes, it does not judge: an RSA-2048 or SHA-1 CSR parses fine and the policy rejects it.
import { AsnConvert } from "@peculiar/asn1-schema";
import { CertificationRequest } from "@peculiar/asn1-csr";
import { DirectoryString, Extensions, type Attribute } from "@peculiar/asn1-x509";
import { bytesToHex, toBytes } from "./bytes";
import { parseAs } from "./der";
import { classifyInput } from "./detect";
import { PkiInputError } from "./errors";
import { sha256Hex } from "./fingerprint";
import { describePublicKey, describeSignatureAlgorithm, type KeyType } from "./key-info";
import { readSubject, type Subject, type SubjectAttribute } from "./name";
import { readTlv } from "./der-reader";
import { readExtensions, type CertificateExtensions } from "./x509-extensions";
import { CSR_ATTRIBUTES } from "./oids";
import { toPem } from "./pem";
import { x509 } from "./x509";

export interface CsrAttribute {
  oid: string;
  name?: string;
  value: string;
}

/** An extension the requester asks the CA to put in the certificate (PKCS#9 extensionRequest). */
export interface RequestedExtension {
  oid: string;
  name?: string;
  critical: boolean;
  /** OpenSSL-like rendering: "CA:TRUE", "serverAuth, clientAuth", "DNS:example.com". */
  value: string;
}

export interface ParsedCsr {
  pem: string;
  der: Uint8Array<ArrayBuffer>;
  subject: Subject;
  /** Forward order as OpenSSL prints it ("C=FR, ST=..., CN=..."), RFC 4514 escaping. */
  subjectDn: string;
  /** The subject exactly as encoded: each inner list is one RDN (more than one = multi-valued). */
  subjectRdns: SubjectAttribute[][];
  keyType: KeyType;
  /** SPKI algorithm OID: rsaEncryption and rsassaPss are both "RSA" keys, but not the same thing. */
  keyAlgorithmOid: string;
  publicExponent?: string;
  keySize?: number;
  curve?: string;
  signatureAlgorithm: { name: string; hash: string | null; oid: string };
  /** The CSR's self-signature verifies with its own public key (false when unverifiable). */
  signatureValid: boolean;
  /** Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo: the key's stable identity. */
  publicKeySha256: string;
  spki: Uint8Array<ArrayBuffer>;
  attributes: CsrAttribute[];
  requestedExtensions: RequestedExtension[];
  /** basicConstraints CA:TRUE was requested. */
  requestsCa: boolean;
}

/** Parses a CSR given as PEM text, base64, or DER bytes. Throws PkiInputError on bad input. */
export async function parseCsr(input: string | Uint8Array): Promise<ParsedCsr> {
  const der = extractCsrDer(input);
  const asn = parseAs(der, CertificationRequest);
  if (!asn) throw new PkiInputError("undecodable", "The certificate request could not be decoded.");
  const info = asn.certificationRequestInfo;
  const spki = new Uint8Array(AsnConvert.serialize(info.subjectPKInfo));
  const key = describePublicKey(info.subjectPKInfo);
  const { subject, subjectDn, rdns } = readSubject(info.subject);
  const requestedExtensions = readRequestedExtensions(info.attributes);
  return {
    pem: toPem("CERTIFICATE REQUEST", der),
    der,
    subject,
    subjectDn,
    subjectRdns: rdns,
    keyType: key.keyType,
    keyAlgorithmOid: key.algorithmOid,
    ...(key.publicExponent !== undefined ? { publicExponent: key.publicExponent } : {}),
    ...(key.keySize !== undefined ? { keySize: key.keySize } : {}),
    ...(key.curve !== undefined ? { curve: key.curve } : {}),
    signatureAlgorithm: describeSignatureAlgorithm(asn.signatureAlgorithm),
    signatureValid: await verifySelfSignature(der),
    publicKeySha256: await sha256Hex(spki),
    spki,
    attributes: info.attributes.map(describeAttribute),
    requestedExtensions,
    requestsCa: requestedExtensions.some(
      (e) => e.oid === "2.5.29.19" && e.value.startsWith("CA:TRUE"),
    ),
  };
}

function extractCsrDer(input: string | Uint8Array): Uint8Array<ArrayBuffer> {
  if ((typeof input === "string" ? input.trim() : input).length === 0) {
    throw new PkiInputError(
      "empty",
      "Nothing was provided: paste or upload a certificate request.",
    );
  }
  const found = classifyInput(input);
  // Refuse mixed input outright: the caller must warn that the key is exposed, not silently
  // keep the CSR part (to parse the CSR anyway, pass `classifyInput(input).der`).
  if (found.containsPrivateKey) {
    throw new PkiInputError(
      "private_key",
      "The input contains a private key: consider that key compromised, never share it, and generate a new one.",
    );
  }
  if (found.kind === "csr" && found.der) return toBytes(found.der);
  if (found.kind === "unknown") {
    throw new PkiInputError(
      "undecodable",
      `This is not a readable certificate request. ${found.reason ?? ""}`.trim(),
    );
  }
  throw new PkiInputError(
    "not_a_csr",
    `This is a ${found.kind.replace(/-/g, " ")}, not a certificate request (CSR).`,
  );
}

async function verifySelfSignature(der: Uint8Array<ArrayBuffer>): Promise<boolean> {
  try {
    return await new x509.Pkcs10CertificateRequest(der).verify(globalThis.crypto);
  } catch {
    return false; // unsupported algorithm or malformed key: we cannot vouch for it
  }
}

const EXTENSION_NAMES: Record<string, string> = {
  "2.5.29.14": "subjectKeyIdentifier",
  "2.5.29.15": "keyUsage",
  "2.5.29.17": "subjectAltName",
  "2.5.29.19": "basicConstraints",
  "2.5.29.37": "extendedKeyUsage",
};

const EXTENSION_REQUEST = "1.2.840.113549.1.9.14";

function readRequestedExtensions(attributes: Attribute[]): RequestedExtension[] {
  const result: RequestedExtension[] = [];
  for (const attr of attributes.filter((a) => a.type === EXTENSION_REQUEST)) {
    for (const value of attr.values) {
      const bytes = new Uint8Array(value);
      let decoded: CertificateExtensions | null = null;
      try {
        decoded = readExtensions(bytes, readTlv(bytes, 0));
      } catch {
        decoded = null; // shown by OID and flagged as unreadable below
      }
      let list: Extensions;
      try {
        list = AsnConvert.parse(value, Extensions);
      } catch {
        result.push({
          oid: EXTENSION_REQUEST,
          name: "extensionRequest",
          critical: false,
          value: "(unreadable)",
        });
        continue;
      }
      for (const ext of list) {
        const name = EXTENSION_NAMES[ext.extnID];
        const text = decoded ? extensionText(ext.extnID, decoded) : "(unreadable)";
        result.push({
          oid: ext.extnID,
          ...(name ? { name } : {}),
          critical: ext.critical,
          value: text,
        });
      }
    }
  }
  return result;
}

function extensionText(oid: string, x: CertificateExtensions): string {
  switch (oid) {
    case "2.5.29.19":
      return x.basicConstraints?.ca
        ? `CA:TRUE${x.basicConstraints.pathLength !== undefined ? `, pathlen:${x.basicConstraints.pathLength}` : ""}`
        : "CA:FALSE";
    case "2.5.29.15":
      return x.keyUsage.join(", ");
    case "2.5.29.37":
      return x.extendedKeyUsage.join(", ");
    case "2.5.29.17":
      return x.subjectAltNames.join(", ");
    case "2.5.29.14":
      return x.subjectKeyIdentifier ?? "";
    default:
      return "";
  }
}

function describeAttribute(attr: Attribute): CsrAttribute {
  const name = CSR_ATTRIBUTES[attr.type];
  const value = attr.values.map((v) => attributeValueText(attr.type, v)).join("; ");
  return name ? { oid: attr.type, name, value } : { oid: attr.type, value };
}

function attributeValueText(type: string, value: ArrayBuffer): string {
  // A challenge password is a secret of the requester: never echo it into a UI or a database.
  if (type === "1.2.840.113549.1.9.7") return "(hidden)";
  try {
    if (type === "1.2.840.113549.1.9.14") {
      return AsnConvert.parse(value, Extensions)
        .map((e) => EXTENSION_NAMES[e.extnID] ?? e.extnID)
        .join(", ");
    }
    return AsnConvert.parse(value, DirectoryString).toString();
  } catch {
    return `#${bytesToHex(new Uint8Array(value))}`;
  }
}
