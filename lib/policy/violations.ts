// The catalogue of everything the policy can say, with stable codes (UI, API and audit log key on
// them) and one plain sentence each, written for ops staff who are not PKI experts.
export interface ViolationDefinition {
  /** Short heading for lists and badges. */
  title: string;
  /** One sentence; {placeholders} are filled from the violation's params. */
  template: string;
}

export const VIOLATION_CODES = {
  "key.type_not_allowed": {
    title: "Key type not accepted",
    template: "This request uses {found}, but {partner} only accepts {allowed} keys.",
  },
  "key.rsa_size": {
    title: "RSA key size not accepted",
    template:
      "This request uses an RSA {found}-bit key, but {partner} refuses RSA {found} and only accepts RSA {required}, so generate a new RSA {required} key pair.",
  },
  "key.ec_curve": {
    title: "Elliptic curve not accepted",
    template: "This request uses an ECDSA key on curve {found}, but {partner} only accepts ECDSA keys on curve {required}.",
  },
  "signature.hash_not_sha256": {
    title: "Signature hash not accepted",
    template: "This request is signed with {found}, but {partner} requires a {required} signature.",
  },
  "signature.invalid": {
    title: "Signature does not verify",
    template:
      "The request's signature does not match its content, which means it was altered or corrupted after it was created, so export it again from where it was generated.",
  },
  "subject.cn_mismatch": {
    title: "Common Name does not follow the required format",
    template: "The Common Name is \"{found}\", but for this gateway and environment it must be exactly \"{expected}\".",
  },
  "subject.missing_field": {
    title: "Required field missing",
    template: "The {label} ({field}) is missing, and {partner} requires it.",
  },
  "subject.country_format": {
    title: "Country code invalid",
    template: "The Country (C) must be a two-letter uppercase ISO code such as FR, but it is \"{found}\".",
  },
  "subject.forbidden_characters": {
    title: "Characters that may be rejected",
    template:
      "The {label} ({field}) contains characters {partner} may reject ({chars}), so use only letters, digits, spaces and ' ( ) + , - . / : = ? _ &.",
  },
  "subject.too_long": {
    title: "Field too long",
    template: "The {label} ({field}) is {length} characters long, but at most {max} are allowed.",
  },
  "subject.whitespace": {
    title: "Leading or trailing space",
    template: "The {label} ({field}) starts or ends with a space, which certificate authorities reject or silently remove.",
  },
  "config.cn_template_invalid": {
    title: "Common Name template invalid",
    template: "The Common Name template \"{template}\" cannot be used because {problem}.",
  },
  "config.merchant_gateway_id_invalid": {
    title: "Merchant gateway id invalid",
    template:
      "The merchant gateway id \"{found}\" does not have {partner}'s format ({hint}).",
  },
} as const satisfies Record<string, ViolationDefinition>;

export type ViolationCode = keyof typeof VIOLATION_CODES;

export interface PolicyViolation {
  code: ViolationCode;
  message: string;
  /** Subject field ("CN", ...) or context setting ("cnTemplate", "merchantGatewayId") at fault. */
  field?: string;
  /** The values the message was built from (e.g. expected/found), for UIs that highlight them. */
  params?: Record<string, string>;
}

export const SUBJECT_FIELD_LABELS: Record<string, string> = {
  C: "Country",
  ST: "State or province",
  L: "Locality (city)",
  O: "Organization",
  OU: "Organizational unit",
  CN: "Common Name",
};

export function violation(code: ViolationCode, params: Record<string, string> = {}, field?: string): PolicyViolation {
  const all = field ? { field, label: SUBJECT_FIELD_LABELS[field] ?? field, ...params } : params;
  const message = VIOLATION_CODES[code].template.replace(/\{(\w+)\}/g, (m, k: string) => all[k] ?? m);
  const result: PolicyViolation = { code, message };
  if (field) result.field = field;
  if (Object.keys(params).length > 0) result.params = params;
  return result;
}
