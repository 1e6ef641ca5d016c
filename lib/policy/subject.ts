// Subject (DN) rules, usable field by field while the user types and on a whole parsed CSR.
//
// Character set: PrintableString (letters, digits, space and ' ( ) + , - . / : = ?) plus "_" and
// "&", which real organisation names and the D1 CN ("MGW_000001") need and which every CA we know
// of accepts in UTF8String. Everything else is refused: control characters, non-ASCII (accents
// vary in encoding between tools and may be rejected or mangled by the partner's manual signing
// process), and DN/shell-special characters such as " < > \ ; # * that break DN strings and scripts.
import { SUBJECT_FIELDS, type SubjectField } from "../pki/subject-fields";
import { D1_ECOM_PROFILE, type PartnerProfile } from "./profile";
import { violation, type PolicyViolation } from "./violations";

export const ALLOWED_SUBJECT_CHARACTERS = "A-Z a-z 0-9 space ' ( ) + , - . / : = ? _ &";
const ALLOWED_CHAR = /[A-Za-z0-9 '()+,\-./:=?_&]/;

export type SubjectValues = Partial<Record<SubjectField, string>>;

/** Issues with one field's value, in display order (empty list = valid). */
export function validateSubjectField(
  field: SubjectField,
  value: string | undefined,
  profile: PartnerProfile = D1_ECOM_PROFILE,
): PolicyViolation[] {
  const partner = profile.partnerName;
  if (value === undefined || value.trim() === "") {
    return profile.requiredSubjectFields.includes(field)
      ? [violation("subject.missing_field", { partner }, field)]
      : [];
  }
  // The country has one exact shape; generic character/length messages would only add noise.
  if (field === "C") {
    return /^[A-Z]{2}$/.test(value)
      ? []
      : [violation("subject.country_format", { found: value }, field)];
  }
  const issues: PolicyViolation[] = [];
  if (value !== value.trim()) issues.push(violation("subject.whitespace", {}, field));
  const forbidden = forbiddenCharacters(value);
  if (forbidden.length > 0) {
    issues.push(
      violation("subject.forbidden_characters", { chars: forbidden.join(" "), partner }, field),
    );
  }
  const length = Array.from(value).length;
  if (length > profile.subjectMaxLength) {
    issues.push(
      violation(
        "subject.too_long",
        { length: String(length), max: String(profile.subjectMaxLength) },
        field,
      ),
    );
  }
  return issues;
}

/** Issues with all six fields (required ones must be present). */
export function validateSubject(
  subject: SubjectValues,
  profile: PartnerProfile = D1_ECOM_PROFILE,
): PolicyViolation[] {
  return SUBJECT_FIELDS.flatMap((field) => validateSubjectField(field, subject[field], profile));
}

/** Distinct offending characters; invisible ones (controls, odd spaces) shown as U+XXXX. */
export function forbiddenCharacters(value: string): string[] {
  const seen = new Set<string>();
  for (const ch of value) {
    if (!ALLOWED_CHAR.test(ch)) seen.add(ch);
  }
  return Array.from(seen, (ch) => {
    const code = ch.codePointAt(0)!;
    return code < 0x20 || code === 0x7f || /\s/.test(ch)
      ? `U+${code.toString(16).toUpperCase().padStart(4, "0")}`
      : ch;
  });
}
