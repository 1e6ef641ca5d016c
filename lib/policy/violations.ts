// The catalogue of everything the policy can say, with stable codes (UI, API and audit log key on
// them) and one plain sentence each, written for ops staff who are not PKI experts.
export interface ViolationDefinition {
  /** Short heading for lists and badges. */
  title: string;
  /** One sentence; {placeholders} are filled from the violation's params. */
  template: string;
  /** A warning is shown but does not refuse; everything else refuses. */
  severity?: "warning";
}

export const VIOLATION_CODES = {
  "key.type_not_allowed": {
    title: "Key type not accepted",
    template:
      "This request uses {found}, but {partner} only accepts {allowed} keys. Its signature was not checked: the key alone rules it out.",
  },
  "key.rsa_size": {
    title: "RSA key size not accepted",
    template:
      "This request uses an RSA {found}-bit key, but {partner} refuses RSA {found} and only accepts RSA {required}, so generate a new RSA {required} key pair.",
  },
  "key.ec_curve": {
    title: "Elliptic curve not accepted",
    template:
      "This request uses an ECDSA key on curve {found}, but {partner} only accepts ECDSA keys on the named curve {required}, so generate a new key with `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`. Its signature was not checked: the curve alone rules it out.",
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
    template:
      'The Common Name is "{found}", but for this gateway and environment it must be exactly "{expected}".',
  },
  "subject.missing_field": {
    title: "Required field missing",
    template: "The {label} ({field}) is missing, and {partner} requires it.",
  },
  "subject.country_format": {
    title: "Country code invalid",
    template:
      'The Country (C) must be a two-letter uppercase ISO code such as FR, but it is "{found}".',
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
    template:
      "The {label} ({field}) starts or ends with a space, which certificate authorities reject or silently remove.",
  },
  "config.cn_template_invalid": {
    title: "Common Name template invalid",
    template: 'The Common Name template "{template}" cannot be used because {problem}.',
  },
  "config.merchant_gateway_id_invalid": {
    title: "Merchant gateway id invalid",
    template: 'The merchant gateway id "{found}" does not have {partner}\'s format ({hint}).',
  },
  // --- Issue 14, CSR side: exact subject structure, key/signature algorithms, requested extensions.
  "subject.extra_attribute": {
    title: "Attribute not in the DN policy",
    template:
      'The subject contains {attribute}, which is not one of the six fields {partner} reads (C, ST, L, O, OU, CN, each once), so remove it. The right subject is -subj "{subj}".',
  },
  "subject.repeated_attribute": {
    title: "Attribute repeated",
    template:
      'The subject has {count} {attribute} attributes ({values}), but {partner} reads each of C, ST, L, O, OU and CN exactly once, so keep one. The right subject is -subj "{subj}".',
  },
  "subject.multi_valued_rdn": {
    title: "Multi-valued RDN",
    template:
      'The subject joins {attributes} into one multi-valued name component ({rdn}), but {partner} expects each field on its own, so put each in its own /FIELD=value. The right subject is -subj "{subj}".',
  },
  "subject.order": {
    title: "Unusual field order",
    severity: "warning",
    template:
      "The subject's fields are in the order {found}, not {expected} as in {partner}'s example. It is accepted, but to match the example use -subj \"{subj}\".",
  },
  "key.rsa_pss": {
    title: "RSA-PSS key not accepted",
    template:
      'This request\'s key is an RSA-PSS key (rsassaPss), but {partner} asks for an "RSA encryption" key (rsaEncryption), so generate one with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096`. Its signature was not checked: the key alone rules it out.',
  },
  "key.rsa_exponent": {
    title: "Unusual RSA public exponent",
    severity: "warning",
    template:
      "The RSA public exponent is {found}, not the usual 65537; some certificate authorities refuse other exponents, so prefer a key made with the default exponent.",
  },
  "signature.rsassa_pss": {
    title: "RSASSA-PSS signature not accepted",
    template:
      "This request is signed with RSASSA-PSS, but {partner} requires sha256WithRSAEncryption, so sign it again without `-sigopt rsa_padding_mode:pss`. Its signature was not checked: the algorithm alone rules it out.",
  },
  "extension.ca_requested": {
    title: "Asks to be a certificate authority",
    template:
      "This request asks to be a certificate authority (basicConstraints CA:TRUE), which a client certificate must never be, so make it again without that extension (no -addext basicConstraints, no req_extensions with CA:TRUE).",
  },
  "extension.requested": {
    title: "Requested extensions",
    severity: "warning",
    template:
      "This request asks for {extensions}. {partner} decides what the certificate carries and may ignore or refuse them; check the certificate you receive.",
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
  /** Present on warnings only: they are shown but do not refuse. */
  severity?: "warning";
}

export function isWarning(v: { code: string }): boolean {
  const definition: ViolationDefinition | undefined = (
    VIOLATION_CODES as Record<string, ViolationDefinition>
  )[v.code];
  return definition?.severity === "warning";
}

export const SUBJECT_FIELD_LABELS: Record<string, string> = {
  C: "Country",
  ST: "State or province",
  L: "Locality (city)",
  O: "Organization",
  OU: "Organizational unit",
  CN: "Common Name",
};

export function violation(
  code: ViolationCode,
  params: Record<string, string> = {},
  field?: string,
): PolicyViolation {
  const all = field ? { field, label: SUBJECT_FIELD_LABELS[field] ?? field, ...params } : params;
  const message = VIOLATION_CODES[code].template.replace(
    /\{(\w+)\}/g,
    (m, k: string) => all[k] ?? m,
  );
  const result: PolicyViolation = { code, message };
  if (field) result.field = field;
  if (Object.keys(params).length > 0) result.params = params;
  if (isWarning(result)) result.severity = "warning";
  return result;
}

// ---- Certificate verdicts: who signed it, and certificates adopted with no
// CSR on record. Each is the `reason` of a certificate check (lib/policy/certificate-policy.ts) or
// a refusal of the import; kept in a block of their own, apart from the CSR codes above.
export const CERTIFICATE_REASON_CODES = {
  "issuers.verified": {
    title: "Chains to client-cert-issuers",
    template:
      "The chain verifies, signature by signature, to a CA in this environment's client-cert-issuers store.",
  },
  "issuers.store_empty": {
    title: "Unverified: no issuing CA on record",
    template:
      "The client-cert-issuers store of this environment is empty, so nobody has said which CA Thales signs with: add the Thales CA you received at onboarding.",
  },
  "issuers.ca_only_in_upload": {
    title: "Unverified: its CA came only in the upload",
    template:
      "The certificate chains only to a CA that came in the same upload; an upload never trusts itself. If it is the Thales CA you received at onboarding, an admin adds it to client-cert-issuers.",
  },
  "issuers.self_signed": {
    title: "Self-signed",
    template:
      "The certificate signed itself: Thales signs D1 client certificates, so a self-signed one is never compliant.",
  },
  "issuers.not_in_store": {
    title: "Signed by another CA",
    template:
      "The certificate does not chain to any CA in client-cert-issuers: it was issued by another CA.",
  },
  "issuers.chain_invalid": {
    title: "Chain does not verify",
    template:
      "The chain to client-cert-issuers is broken (a bad signature, an expired or non-CA issuer).",
  },
  "csr.matched": {
    title: "Matches a CSR",
    template: "The certificate carries the public key of a CSR of this environment.",
  },
  "csr.adopted": {
    title: "Adopted (no CSR on record)",
    template:
      "No CSR on record has this key: the certificate is checked on its own (key, subject, chain, validity, clientAuth).",
  },
  "csr.key_mismatch": {
    title: "Key differs from the CSR",
    template:
      "A CSR of this environment with this Common Name waits for its certificate, but this certificate carries another key.",
  },
  "key.rsa_pss": {
    title: "RSA-PSS key",
    template: "The key is an RSA-PSS key (rsassaPss); the partner asks for an rsaEncryption key.",
  },
  "signature.rsa_pss": {
    title: "RSA-PSS signature",
    template:
      "The CA signed with RSASSA-PSS; the partner's certificates carry sha256WithRSAEncryption or ecdsa-with-SHA256.",
  },
  "subject.cn_template": {
    title: "Common Name not the template's",
    template:
      "The Common Name is not the one the gateway's template gives for this environment and key type.",
  },
  "subject.missing_field": {
    title: "Subject field missing",
    template: "A field of the DN policy (C, ST, L, O, OU, CN) is missing.",
  },
  "import.add_issuers_admin_only": {
    title: "Only an admin adds issuing CAs",
    template: "Adding CAs from an upload to client-cert-issuers is an admin's act.",
  },
  "import.issuer_not_in_upload": {
    title: "CA not in this upload",
    template:
      "A CA chosen to be added to client-cert-issuers is not a CA certificate of this upload.",
  },
  "import.none_stored": {
    title: "No certificate stored",
    template: "None of the certificates of the upload could be stored.",
  },
} as const satisfies Record<string, ViolationDefinition>;

export type CertificateReasonCode = keyof typeof CERTIFICATE_REASON_CODES;
