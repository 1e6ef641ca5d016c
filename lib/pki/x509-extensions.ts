// The certificate extensions ops staff and our checks care about, decoded straight from DER.
// Names follow RFC 5280 / OpenSSL spelling so they match `openssl x509 -text`.
import { Name } from "@peculiar/asn1-x509";
import { bytesToHex } from "./bytes";
import { parseAs } from "./der";
import {
  children,
  DerError,
  expectTag,
  readAscii,
  readBoolean,
  readOid,
  readSmallInteger,
  readTlv,
  TAG,
  tlvBytes,
  type Tlv,
} from "./der-reader";
import { readSubject } from "./name";

export interface CertificateExtensions {
  /** Present only when the certificate has a basicConstraints extension. */
  basicConstraints?: { ca: boolean; pathLength?: number };
  keyUsage: string[];
  /** Empty when the extension is absent, which RFC 5280 reads as "any usage". */
  extendedKeyUsage: string[];
  subjectKeyIdentifier?: string;
  authorityKeyIdentifier?: string;
  subjectAltNames: string[];
  /** OIDs of every extension marked critical. */
  critical: string[];
}

export const EXTENSION_OIDS = {
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  authorityKeyIdentifier: "2.5.29.35",
  extendedKeyUsage: "2.5.29.37",
} as const;

// KeyUsage bit n, counted from the most significant bit of the first content byte.
const KEY_USAGE_BITS = [
  "digitalSignature",
  "nonRepudiation",
  "keyEncipherment",
  "dataEncipherment",
  "keyAgreement",
  "keyCertSign",
  "cRLSign",
  "encipherOnly",
  "decipherOnly",
];

export const EXTENDED_KEY_USAGES: Record<string, string> = {
  "1.3.6.1.5.5.7.3.1": "serverAuth",
  "1.3.6.1.5.5.7.3.2": "clientAuth",
  "1.3.6.1.5.5.7.3.3": "codeSigning",
  "1.3.6.1.5.5.7.3.4": "emailProtection",
  "1.3.6.1.5.5.7.3.8": "timeStamping",
  "1.3.6.1.5.5.7.3.9": "OCSPSigning",
  "2.5.29.37.0": "anyExtendedKeyUsage",
};

/** Decodes `Extensions ::= SEQUENCE OF Extension`; throws DerError on anything malformed. */
export function readExtensions(bytes: Uint8Array, extensions: Tlv): CertificateExtensions {
  const result: CertificateExtensions = {
    keyUsage: [],
    extendedKeyUsage: [],
    subjectAltNames: [],
    critical: [],
  };
  const seen = new Set<string>();
  for (const ext of children(bytes, expectTag(extensions, TAG.SEQUENCE, "extension list"))) {
    const parts = children(bytes, expectTag(ext, TAG.SEQUENCE, "extension"));
    const oid = readOid(bytes, parts[0]!);
    // RFC 5280 forbids repeats, and a verifier could otherwise be shown one value and use another.
    if (seen.has(oid)) throw new DerError(`The certificate has the extension ${oid} twice.`);
    seen.add(oid);
    const hasCritical = parts[1]?.tag === TAG.BOOLEAN;
    if (hasCritical && readBoolean(bytes, parts[1]!)) result.critical.push(oid);
    const value = expectTag(parts[hasCritical ? 2 : 1], TAG.OCTET_STRING, "extension value");
    if (parts.length !== (hasCritical ? 3 : 2))
      throw new DerError("An extension has unexpected fields.");
    const inner = readTlv(bytes, value.body, value.end);
    if (inner.end !== value.end) throw new DerError(`The extension ${oid} has trailing bytes.`);
    readOne(bytes, oid, inner, result);
  }
  return result;
}

function readOne(bytes: Uint8Array, oid: string, value: Tlv, out: CertificateExtensions): void {
  switch (oid) {
    case EXTENSION_OIDS.basicConstraints: {
      const fields = children(bytes, expectTag(value, TAG.SEQUENCE, "basic constraints"));
      let i = 0;
      const ca = fields[i]?.tag === TAG.BOOLEAN ? readBoolean(bytes, fields[i++]!) : false;
      const pathLength =
        fields[i]?.tag === TAG.INTEGER ? readSmallInteger(bytes, fields[i++]!) : undefined;
      if (i !== fields.length) throw new DerError("The basic constraints have unexpected fields.");
      out.basicConstraints = pathLength === undefined ? { ca } : { ca, pathLength };
      return;
    }
    case EXTENSION_OIDS.keyUsage:
      out.keyUsage = readBitNames(bytes, expectTag(value, TAG.BIT_STRING, "key usage"));
      return;
    case EXTENSION_OIDS.extendedKeyUsage:
      out.extendedKeyUsage = children(
        bytes,
        expectTag(value, TAG.SEQUENCE, "extended key usage"),
      ).map((t) => {
        const usage = readOid(bytes, t);
        return EXTENDED_KEY_USAGES[usage] ?? usage;
      });
      return;
    case EXTENSION_OIDS.subjectKeyIdentifier:
      out.subjectKeyIdentifier = hex(
        bytes,
        expectTag(value, TAG.OCTET_STRING, "subject key identifier"),
      );
      return;
    case EXTENSION_OIDS.authorityKeyIdentifier: {
      const keyId = children(
        bytes,
        expectTag(value, TAG.SEQUENCE, "authority key identifier"),
      ).find((t) => t.tag === 0x80);
      if (keyId) out.authorityKeyIdentifier = hex(bytes, keyId);
      return;
    }
    case EXTENSION_OIDS.subjectAltName:
      out.subjectAltNames = children(
        bytes,
        expectTag(value, TAG.SEQUENCE, "subject alternative name"),
      ).map((t) => describeGeneralName(bytes, t));
      return;
    default:
      return; // other extensions are carried in `der`; nothing here needs them
  }
}

function readBitNames(bytes: Uint8Array, tlv: Tlv): string[] {
  if (tlv.end === tlv.body || bytes[tlv.body]! > 7)
    throw new DerError("A bit string is malformed.");
  const names: string[] = [];
  for (let bit = 0; bit < KEY_USAGE_BITS.length; bit++) {
    const index = tlv.body + 1 + (bit >> 3);
    if (index < tlv.end && bytes[index]! & (0x80 >> (bit & 7))) names.push(KEY_USAGE_BITS[bit]!);
  }
  return names;
}

/** OpenSSL-style "DNS:example.com", "IP:192.0.2.1", "email:…", "URI:…", "DirName:…", "RID:…". */
function describeGeneralName(bytes: Uint8Array, tlv: Tlv): string {
  switch (tlv.tag) {
    case 0x81:
      return `email:${readAscii(bytes, tlv)}`;
    case 0x82:
      return `DNS:${readAscii(bytes, tlv)}`;
    case 0x86:
      return `URI:${readAscii(bytes, tlv)}`;
    case 0x87:
      return `IP:${formatIp(bytes.subarray(tlv.body, tlv.end))}`;
    case 0x88:
      return `RID:${readOid(bytes, tlv, 0x88)}`;
    case 0xa0:
      return `othername:${readOid(bytes, children(bytes, tlv)[0]!)}`;
    case 0xa4: {
      const inner = children(bytes, tlv);
      const name = inner.length === 1 ? parseAs(tlvBytes(bytes, inner[0]!), Name) : null;
      if (!name) throw new DerError("A directory name in the alternative names is malformed.");
      return `DirName:${readSubject(name).subjectDn}`;
    }
    default:
      return `unsupported:[${tlv.tag & 0x1f}]`;
  }
}

function formatIp(ip: Uint8Array): string {
  if (ip.length === 4) return Array.from(ip).join(".");
  if (ip.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((ip[i]! << 8) | ip[i + 1]!).toString(16));
    return groups.join(":");
  }
  return `#${bytesToHex(ip)}`; // an address with a netmask (name constraints) or garbage
}

function hex(bytes: Uint8Array, tlv: Tlv): string {
  return bytesToHex(bytes.subarray(tlv.body, tlv.end));
}
