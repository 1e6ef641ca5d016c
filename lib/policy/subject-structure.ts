// The DN policy as Thales reads it: C, ST, L, O, OU and CN, each exactly once, each its own RDN.
// Judged on the subject exactly as encoded (order, repeats, multi-valued RDNs), not on a
// first-value summary: a summary hides a second CN, and which CN it keeps depends on the order.
import { SUBJECT_FIELDS, type SubjectField } from "../pki/subject-fields";
import type { PartnerProfile } from "./profile";
import type { SubjectValues } from "./subject";
import { violation, type PolicyViolation } from "./violations";

/** One attribute of an encoded subject; `name` is the short name when known ("CN", "emailAddress"). */
export interface RdnAttribute {
  oid: string;
  name?: string;
  value: string;
}

const PLACEHOLDERS: Record<SubjectField, string> = {
  C: "<Country>",
  ST: "<State>",
  L: "<Locality>",
  O: "<Organization>",
  OU: "<Organization Unit>",
  CN: "<Common Name>",
};

/** The subject as an RDN list, for facts that only give the six values (forms, hand-made facts). */
export function rdnsFromValues(subject: SubjectValues): RdnAttribute[][] {
  return SUBJECT_FIELDS.flatMap((field) =>
    subject[field] === undefined ? [] : [[{ oid: field, name: field, value: subject[field]! }]],
  );
}

/**
 * The openssl `-subj` that would be right: the first value of each field in the partner's order,
 * the expected CN when one is known, and `/` inside values escaped as OpenSSL requires.
 */
export function suggestedSubj(rdns: RdnAttribute[][], expectedCn?: string): string {
  const first = (field: SubjectField) => rdns.flat().find((a) => a.name === field)?.value;
  return SUBJECT_FIELDS.map((field) => {
    const value =
      (field === "CN" ? (expectedCn ?? first(field)) : first(field)) ?? PLACEHOLDERS[field];
    return `/${field}=${value.replace(/\//g, "\\/")}`;
  }).join("");
}

/** Refusals for anything beyond the six single-valued fields; a warning when only the order differs. */
export function checkSubjectStructure(
  rdns: RdnAttribute[][],
  profile: PartnerProfile,
  expectedCn?: string,
): PolicyViolation[] {
  const partner = profile.partnerName;
  const subj = suggestedSubj(rdns, expectedCn);
  const issues: PolicyViolation[] = [];
  const label = (a: RdnAttribute) => a.name ?? a.oid;
  const known = (a: RdnAttribute): a is RdnAttribute & { name: SubjectField } =>
    (SUBJECT_FIELDS as readonly string[]).includes(a.name ?? "");

  for (const rdn of rdns.filter((r) => r.length > 1)) {
    const rdnText = rdn.map((a) => `${label(a)}=${a.value}`).join("+");
    issues.push(
      violation("subject.multi_valued_rdn", {
        attributes: rdn.map(label).join(" and "),
        rdn: rdnText,
        subj,
        partner,
      }),
    );
  }
  const extras = rdns.flat().filter((a) => !known(a));
  for (const extra of extras) {
    issues.push(
      violation(
        "subject.extra_attribute",
        { attribute: `${label(extra)}=${extra.value}`, subj, partner },
        label(extra),
      ),
    );
  }
  for (const field of SUBJECT_FIELDS) {
    const values = rdns
      .flat()
      .filter((a) => a.name === field)
      .map((a) => a.value);
    if (values.length > 1) {
      const params = {
        attribute: field,
        count: String(values.length),
        values: values.map((v) => `${field}=${v}`).join(", "),
        subj,
        partner,
      };
      issues.push(violation("subject.repeated_attribute", params, field));
    }
  }
  if (issues.length > 0) return issues;

  // Only a well-formed subject can be "in another order": the six fields, once each, one per RDN.
  const order = rdns.map((rdn) => rdn[0]!.name as SubjectField);
  const complete = SUBJECT_FIELDS.every((f) => order.includes(f));
  if (complete && order.join() !== SUBJECT_FIELDS.join()) {
    issues.push(
      violation("subject.order", {
        found: order.join(", "),
        expected: SUBJECT_FIELDS.join(", "),
        subj,
        partner,
      }),
    );
  }
  return issues;
}

/** The field is given more than once or inside a multi-valued RDN: its own checks would mislead. */
export function isAmbiguous(rdns: RdnAttribute[][], field: SubjectField): boolean {
  return rdns.flat().filter((a) => a.name === field).length > 1;
}
