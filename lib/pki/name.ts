// Distinguished names: reading a CSR subject into plain fields, and building one for a new CSR.
import type { Name as AsnName } from "@peculiar/asn1-x509";
import { bytesToHex } from "./bytes";
import { NAME_ATTRIBUTES } from "./oids";
import { x509 } from "./x509";

import { SUBJECT_FIELDS, type SubjectField } from "./subject-fields";

export { SUBJECT_FIELDS, type SubjectField };

export interface SubjectAttribute {
  oid: string;
  name?: string;
  value: string;
}

/** The six fields the partner cares about, plus everything else (extra or repeated attributes). */
export type Subject = Partial<Record<SubjectField, string>> & { other: SubjectAttribute[] };

/** Input for a new CSR: all six fields, values exactly as they must appear in the certificate. */
export type SubjectInput = Record<SubjectField, string>;

/**
 * `rdns` is the name exactly as encoded (order, repeats, multi-valued RDNs), so a policy can judge
 * its structure; `subject` is the convenient first-value view for display.
 */
export function readSubject(name: AsnName): {
  subject: Subject;
  subjectDn: string;
  rdns: SubjectAttribute[][];
} {
  const subject: Subject = { other: [] };
  const parts: string[] = [];
  const rdns: SubjectAttribute[][] = [];
  for (const rdn of name) {
    const rdnParts: string[] = [];
    const attributes: SubjectAttribute[] = [];
    for (const atv of rdn) {
      const short = NAME_ATTRIBUTES[atv.type];
      const value = atv.value.anyValue
        ? `#${bytesToHex(new Uint8Array(atv.value.anyValue))}`
        : atv.value.toString();
      const field = SUBJECT_FIELDS.find((f) => f === short);
      // A repeated field (two OUs) keeps its first value in place; the rest go to `other`.
      if (field && subject[field] === undefined) subject[field] = value;
      else
        subject.other.push(
          short ? { oid: atv.type, name: short, value } : { oid: atv.type, value },
        );
      attributes.push(short ? { oid: atv.type, name: short, value } : { oid: atv.type, value });
      rdnParts.push(`${short ?? atv.type}=${escapeDnValue(value)}`);
    }
    parts.push(rdnParts.join("+"));
    rdns.push(attributes);
  }
  return { subject, subjectDn: parts.join(", "), rdns };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: RFC 4514 escapes control characters
const CONTROL_CHARACTERS = /[\u0000-\u001f]/g;

/** RFC 4514 escaping, so a DN string can always be split back unambiguously. */
export function escapeDnValue(value: string): string {
  return value
    .replace(/([,+"\\<>;])/g, "\\$1")
    .replace(/^([ #])/, "\\$1")
    .replace(/ $/, "\\ ")
    .replace(CONTROL_CHARACTERS, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/**
 * Builds the subject as a structured Name, never via a "CN=..., O=..." string: the CN
 * "TLSMA-RSA/MGW_000001/PPR" has slashes and an O may contain commas, and string parsing
 * (including @peculiar/x509's, which also strips quotes and backslashes) could mis-split them.
 * String types follow OpenSSL's default (string_mask = utf8only): Country as PrintableString
 * (required by RFC 5280), every other field as UTF8String.
 */
export function buildSubjectName(subject: SubjectInput): x509.Name {
  const rdns = SUBJECT_FIELDS.map((field) => ({
    [field]: [field === "C" ? { printableString: subject[field] } : { utf8String: subject[field] }],
  }));
  return new x509.Name(rdns);
}
