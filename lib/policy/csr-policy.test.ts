import { describe, expect, it } from "vitest";
import { checkCsr, type CsrFacts, type CsrPolicyContext } from "./csr-policy";
import { D1_ECOM_PROFILE, type PartnerProfile } from "./profile";
import { VIOLATION_CODES, type ViolationCode, type ViolationDefinition } from "./violations";

const ORG = {
  C: "FR",
  ST: "Ile-de-France",
  L: "Paris",
  O: "Example Payments, SAS",
  OU: "Payments Ops",
};
const CTX: CsrPolicyContext = { merchantGatewayId: "MGW_000001", env: "PPR" };
const COMPLIANT_RSA: CsrFacts = {
  keyType: "RSA",
  keySize: 4096,
  signatureAlgorithm: { name: "sha256WithRSAEncryption", hash: "SHA-256" },
  signatureValid: true,
  subject: { ...ORG, CN: "TLSMA-RSA/MGW_000001/PPR" },
};
const COMPLIANT_EC: CsrFacts = {
  keyType: "ECDSA",
  curve: "P-256",
  signatureAlgorithm: { name: "ecdsa-with-SHA256", hash: "SHA-256" },
  signatureValid: true,
  subject: { ...ORG, CN: "TLSMA-ECDSA/MGW_000001/PPR" },
};

type Case = {
  failing: [CsrFacts, CsrPolicyContext?];
  passing: [CsrFacts, CsrPolicyContext?];
  message: RegExp;
};
const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const ORG_RDNS = Object.entries(ORG).map(([name, value]) => [{ oid: name, name, value }]);
const rdn = (name: string, value: string) => ({ oid: name, name, value });
const RIGHT_SUBJ =
  "/C=FR/ST=Ile-de-France/L=Paris/O=Example Payments, SAS/OU=Payments Ops/CN=TLSMA-RSA\\/MGW_000001\\/PPR";
const withRdns = (rdns: { oid: string; name?: string; value: string }[][]): CsrFacts => ({
  ...COMPLIANT_RSA,
  subjectRdns: rdns,
});
const withSubject = (patch: Record<string, string | undefined>): CsrFacts => ({
  ...COMPLIANT_RSA,
  subject: { ...COMPLIANT_RSA.subject, ...patch },
});

// One failing and one passing example for EVERY code in the catalogue.
const CASES: Record<ViolationCode, Case> = {
  "key.type_not_allowed": {
    failing: [{ ...COMPLIANT_RSA, keyType: "OTHER", keySize: undefined }],
    passing: [COMPLIANT_EC],
    message: /neither RSA nor ECDSA.*only accepts RSA 4096 or ECDSA P-256 keys/,
  },
  "key.rsa_size": {
    failing: [{ ...COMPLIANT_RSA, keySize: 2048 }],
    passing: [COMPLIANT_RSA],
    message:
      /RSA 2048-bit key, but Thales refuses RSA 2048 and only accepts RSA 4096, so generate a new RSA 4096 key pair/,
  },
  "key.ec_curve": {
    failing: [{ ...COMPLIANT_EC, curve: "P-384" }],
    passing: [COMPLIANT_EC],
    message:
      /curve P-384.*only accepts ECDSA keys on the named curve P-256.*Its signature was not checked: the curve alone rules it out\.$/,
  },
  "signature.hash_not_sha256": {
    failing: [
      { ...COMPLIANT_RSA, signatureAlgorithm: { name: "sha1WithRSAEncryption", hash: "SHA-1" } },
    ],
    passing: [COMPLIANT_RSA],
    message: /signed with SHA-1 \(sha1WithRSAEncryption\), but Thales requires a SHA-256 signature/,
  },
  "signature.invalid": {
    failing: [{ ...COMPLIANT_RSA, signatureValid: false }],
    passing: [COMPLIANT_RSA],
    message: /altered or corrupted/,
  },
  "subject.cn_mismatch": {
    failing: [withSubject({ CN: "www.example.com" })],
    passing: [withSubject({ CN: "TLSMA-RSA/MGW_000001/PRD" }), { ...CTX, env: "PRD" }],
    message: /"www\.example\.com".*must be exactly "TLSMA-RSA\/MGW_000001\/PPR"/,
  },
  "subject.missing_field": {
    failing: [withSubject({ OU: undefined })],
    passing: [COMPLIANT_RSA],
    message: /Organizational unit \(OU\) is missing, and Thales requires it/,
  },
  "subject.country_format": {
    failing: [withSubject({ C: "France" })],
    passing: [withSubject({ C: "DE" })],
    message: /two-letter uppercase ISO code such as FR, but it is "France"/,
  },
  "subject.forbidden_characters": {
    failing: [withSubject({ O: 'Café "Paiements" <SAS>' })],
    passing: [withSubject({ O: "Smith & Sons (Payments) Ltd." })],
    message:
      /Organization \(O\) contains characters Thales may reject \(é " < >\), so use only letters/,
  },
  "subject.too_long": {
    failing: [withSubject({ L: "L".repeat(65) })],
    passing: [withSubject({ L: "L".repeat(64) })],
    message: /Locality \(city\) \(L\) is 65 characters long, but at most 64 are allowed/,
  },
  "subject.whitespace": {
    failing: [withSubject({ ST: "Ile-de-France " })],
    passing: [withSubject({ ST: "Ile de France" })],
    message: /State or province \(ST\) starts or ends with a space/,
  },
  "config.cn_template_invalid": {
    failing: [COMPLIANT_RSA, { ...CTX, cnTemplate: "TLSMA-{keytype}/{merchantGatewayId}/{env}" }],
    passing: [
      withSubject({ CN: "RSA.MGW_000001.PPR" }),
      { ...CTX, cnTemplate: "{keyType}.{merchantGatewayId}.{env}" },
    ],
    message: /template "TLSMA-\{keytype\}.*unknown placeholder \{keytype\}/,
  },
  "config.merchant_gateway_id_invalid": {
    failing: [COMPLIANT_RSA, { ...CTX, merchantGatewayId: "MGW 1" }],
    passing: [
      withSubject({ CN: "TLSMA-RSA/abc-DEF_89/PPR" }),
      { ...CTX, merchantGatewayId: "abc-DEF_89" },
    ],
    message:
      /"MGW 1" does not have Thales's format \(10 letters, digits, _ or -, such as MGW_000001\)/,
  },
  "subject.extra_attribute": {
    failing: [
      withRdns([
        ...ORG_RDNS,
        [rdn("CN", "TLSMA-RSA/MGW_000001/PPR")],
        [{ oid: "1.2.840.113549.1.9.1", name: "emailAddress", value: "ops@example.com" }],
      ]),
    ],
    passing: [withRdns([...ORG_RDNS, [rdn("CN", "TLSMA-RSA/MGW_000001/PPR")]])],
    message: new RegExp(
      `contains emailAddress=ops@example\\.com, which is not one of the six fields Thales reads.*-subj "${escapeRe(RIGHT_SUBJ)}"\\.$`,
    ),
  },
  "subject.repeated_attribute": {
    failing: [
      withRdns([
        [rdn("CN", "www.example.com")],
        ...ORG_RDNS,
        [rdn("CN", "TLSMA-RSA/MGW_000001/PPR")],
      ]),
    ],
    passing: [withRdns([...ORG_RDNS, [rdn("CN", "TLSMA-RSA/MGW_000001/PPR")]])],
    message: new RegExp(
      `has 2 CN attributes \\(CN=www\\.example\\.com, CN=TLSMA-RSA/MGW_000001/PPR\\).*-subj "${escapeRe(RIGHT_SUBJ)}"`,
    ),
  },
  "subject.multi_valued_rdn": {
    failing: [
      withRdns([
        ...ORG_RDNS.slice(0, 4),
        [rdn("OU", "Payments Ops"), rdn("CN", "TLSMA-RSA/MGW_000001/PPR")],
      ]),
    ],
    passing: [withRdns([...ORG_RDNS, [rdn("CN", "TLSMA-RSA/MGW_000001/PPR")]])],
    message:
      /joins OU and CN into one multi-valued name component \(OU=Payments Ops\+CN=TLSMA-RSA\/MGW_000001\/PPR\)/,
  },
  "subject.order": {
    failing: [withRdns([[rdn("CN", "TLSMA-RSA/MGW_000001/PPR")], ...ORG_RDNS])],
    passing: [withRdns([...ORG_RDNS, [rdn("CN", "TLSMA-RSA/MGW_000001/PPR")]])],
    message: /order CN, C, ST, L, O, OU, not C, ST, L, O, OU, CN.*It is accepted/,
  },
  "key.rsa_pss": {
    failing: [
      { ...COMPLIANT_RSA, keyAlgorithmOid: "1.2.840.113549.1.1.10", signatureValid: false },
    ],
    passing: [{ ...COMPLIANT_RSA, keyAlgorithmOid: "1.2.840.113549.1.1.1" }],
    message: /RSA-PSS key \(rsassaPss\).*rsaEncryption.*signature was not checked/,
  },
  "key.rsa_exponent": {
    failing: [{ ...COMPLIANT_RSA, publicExponent: "3" }],
    passing: [{ ...COMPLIANT_RSA, publicExponent: "65537" }],
    message: /public exponent is 3, not the usual 65537/,
  },
  "signature.rsassa_pss": {
    failing: [
      {
        ...COMPLIANT_RSA,
        signatureAlgorithm: { name: "RSASSA-PSS", hash: "SHA-256", oid: "1.2.840.113549.1.1.10" },
        signatureValid: false,
      },
    ],
    passing: [
      {
        ...COMPLIANT_RSA,
        signatureAlgorithm: {
          name: "sha256WithRSAEncryption",
          hash: "SHA-256",
          oid: "1.2.840.113549.1.1.11",
        },
      },
    ],
    message: /signed with RSASSA-PSS, but Thales requires sha256WithRSAEncryption.*not checked/,
  },
  "extension.ca_requested": {
    failing: [
      {
        ...COMPLIANT_RSA,
        requestedExtensions: [{ oid: "2.5.29.19", name: "basicConstraints", value: "CA:TRUE" }],
      },
    ],
    passing: [COMPLIANT_RSA],
    message: /asks to be a certificate authority \(basicConstraints CA:TRUE\)/,
  },
  "extension.requested": {
    failing: [
      {
        ...COMPLIANT_RSA,
        requestedExtensions: [{ oid: "2.5.29.37", name: "extendedKeyUsage", value: "serverAuth" }],
      },
    ],
    passing: [{ ...COMPLIANT_RSA, requestedExtensions: [] }],
    message:
      /asks for extendedKeyUsage \(serverAuth\)\. Thales decides what the certificate carries/,
  },
};

describe("checkCsr: every violation code", () => {
  it("the table covers the whole catalogue", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(VIOLATION_CODES).sort());
  });

  it.each(Object.entries(CASES) as [ViolationCode, Case][])(
    "%s",
    (code, { failing, passing, message }) => {
      const found = checkCsr(failing[0], failing[1] ?? CTX);
      // exactly this problem, nothing else (a CA request also lists the extension as a warning)
      expect(found.map((v) => v.code)).toEqual(
        code === "extension.ca_requested" ? [code, "extension.requested"] : [code],
      );
      expect(found[0]!.severity).toBe((VIOLATION_CODES[code] as ViolationDefinition).severity);
      expect(found[0]!.message).toMatch(message);
      for (const [placeholder] of VIOLATION_CODES[code].template.matchAll(/\{\w+\}/g)) {
        expect(found[0]!.message).not.toContain(placeholder); // every placeholder filled
      }
      expect(found[0]!.message).toMatch(/^[A-Z].*\.$/); // one plain sentence
      expect(checkCsr(passing[0], passing[1] ?? CTX)).toEqual([]);
    },
  );
});

describe("checkCsr details", () => {
  it("compliant RSA 4096 and ECDSA P-256 requests pass", () => {
    expect(checkCsr(COMPLIANT_RSA, CTX)).toEqual([]);
    expect(checkCsr(COMPLIANT_EC, CTX)).toEqual([]);
  });

  it("the CN must name the CSR's actual key type and the environment", () => {
    const ecWithRsaCn = {
      ...COMPLIANT_EC,
      subject: { ...COMPLIANT_EC.subject, CN: "TLSMA-RSA/MGW_000001/PPR" },
    };
    expect(checkCsr(ecWithRsaCn, CTX)).toMatchObject([
      {
        code: "subject.cn_mismatch",
        field: "CN",
        params: { expected: "TLSMA-ECDSA/MGW_000001/PPR" },
      },
    ]);
    expect(checkCsr(COMPLIANT_RSA, { ...CTX, env: "PRD" })[0]?.params?.expected).toBe(
      "TLSMA-RSA/MGW_000001/PRD",
    );
  });

  it("reports several problems at once, with fields", () => {
    const bad: CsrFacts = {
      ...COMPLIANT_RSA,
      keySize: 2048,
      signatureAlgorithm: { name: "sha1WithRSAEncryption", hash: "SHA-1" },
      subject: { C: "fr", CN: "x" },
    };
    expect(checkCsr(bad, CTX).map((v) => [v.code, v.field])).toEqual([
      ["key.rsa_size", undefined],
      ["signature.hash_not_sha256", undefined],
      ["subject.country_format", "C"],
      ["subject.missing_field", "ST"],
      ["subject.missing_field", "L"],
      ["subject.missing_field", "O"],
      ["subject.missing_field", "OU"],
      ["subject.cn_mismatch", "CN"],
    ]);
  });

  it("a missing CN is reported once, as missing", () => {
    expect(checkCsr(withSubject({ CN: undefined }), CTX).map((v) => v.code)).toEqual([
      "subject.missing_field",
    ]);
  });

  it("is data-driven: another profile changes the verdict without code changes", () => {
    const other: PartnerProfile = {
      ...D1_ECOM_PROFILE,
      id: "example-other",
      partnerName: "ExamplePartner",
      allowedKeys: [
        { keyType: "RSA", size: 2048 },
        { keyType: "RSA", size: 4096 },
      ],
    };
    const rsa2048 = { ...COMPLIANT_RSA, keySize: 2048 };
    expect(checkCsr(rsa2048, { ...CTX, profile: other })).toEqual([]);
    expect(checkCsr(COMPLIANT_EC, { ...CTX, profile: other })[0]?.message).toBe(
      "This request uses an ECDSA key, but ExamplePartner only accepts RSA 2048 or RSA 4096 keys. Its signature was not checked: the key alone rules it out.",
    );
  });
});
