// The partner's verdict on an issued client certificate. Pure and synchronous over parsed facts
// (types only from lib/pki, so form pages do not load the X.509 libraries). Unlike checkCsr,
// which lists violations, every check is always reported (pass, warn or fail) so the import
// screen can show a complete checklist and the audit log records what was verified.
import type { ParsedCertificate } from "../pki/certificate";
import type { ChainResult } from "../pki/chain";
import { SUBJECT_FIELDS } from "../pki/subject-fields";
import { renderCommonName, validateCnTemplate } from "./common-name";
import { D1_ECOM_PROFILE, describeAllowedKeys, type Env, type PartnerProfile } from "./profile";
import type { SubjectValues } from "./subject";
import { SUBJECT_FIELD_LABELS, type CertificateReasonCode } from "./violations";
import { isoDay } from "@/lib/dates";

/**
 * "unverified": nothing is known to be wrong, but trust could not be established (no issuing CA on
 * record, or its CA came only in the upload): not compliant. "note": information, never a failure.
 */
export type CertificateCheckStatus = "pass" | "warn" | "fail" | "unverified" | "note";

export interface CertificateCheck {
  code: CertificateCheckCode;
  status: CertificateCheckStatus;
  /** One plain sentence (occasionally two) saying what was found and what it means. */
  message: string;
  /** Why, as a stable code (lib/policy/violations.ts CERTIFICATE_REASON_CODES), where a check has several. */
  reason?: CertificateReasonCode;
}

/** compliant: every check passed (warnings and notes allowed); unverified: only trust is missing. */
export type CertificateVerdict = "compliant" | "unverified" | "non_compliant";

export function certificateVerdict(
  checks: readonly Pick<CertificateCheck, "status">[],
): CertificateVerdict {
  if (checks.some((c) => c.status === "fail")) return "non_compliant";
  if (checks.some((c) => c.status === "unverified")) return "unverified";
  return "compliant";
}

/** The checks, in display order, each with a short title and what passing means. */
export const CERTIFICATE_CHECK_CODES = {
  "cert.matches_csr": {
    title: "Matches a CSR of this environment",
    description: "The certificate's public key is the key of a CSR generated for this environment.",
  },
  "cert.subject_matches_csr": {
    title: "Subject as requested",
    description: "C, ST, L, O, OU and CN are exactly those of the CSR.",
  },
  "cert.subject_policy": {
    title: "Subject follows the DN policy (adopted certificate)",
    description:
      "With no CSR on record: C, ST, L, O, OU present, and the CN is the gateway template's for this environment and key type.",
  },
  "cert.key_allowed": {
    title: "Key type accepted",
    description: "The key is one the partner accepts (D1: RSA 4096 or ECDSA P-256).",
  },
  "cert.signature_sha256": {
    title: "Signed with SHA-256",
    description: "The CA signed the certificate with the hash the partner requires.",
  },
  "cert.chain_verifies": {
    title: "Chains to the issuing CA",
    description:
      "The certificate verifies against the CAs in this environment's client-cert-issuers trust store.",
  },
  "cert.validity_about_5_years": {
    title: "Validity period as expected",
    description:
      "The validity period is the partner's (D1: 5 years) within 31 days: pass; within a year and 31 days (4 to 6 years): warn; otherwise: fail.",
  },
  "cert.valid_now": {
    title: "Currently valid",
    description: "Today is between the certificate's start and end dates.",
  },
  "cert.eku_client_auth": {
    title: "Allowed for TLS client authentication",
    description:
      "The Extended Key Usage lists clientAuth (fail if it lists other usages only; warn if it is absent, which allows any usage).",
  },
} as const;

export type CertificateCheckCode = keyof typeof CERTIFICATE_CHECK_CODES;

export interface CertificateCheckContext {
  /**
   * The CSR of this environment whose public key matches the certificate's, or a CSR waiting for
   * this certificate's CN whose key differs (a mismatch); null: adopted, checked on its own.
   */
  csr?: { subjectDn: string; subject: SubjectValues; publicKeySha256: string } | null;
  /** verifyChain against the environment's client-cert-issuers; null when that store is empty. */
  chainResult?: ChainResult | null;
  /**
   * verifyChain with the upload's own CAs as anchors, when chainResult did not verify: tells "its
   * CA came only in the upload" (unverified) from "another CA" (fail). Never grants trust.
   */
  uploadChainResult?: ChainResult | null;
  /** Where the CN template comes from, to check an adopted certificate's subject. */
  cn?: { template: string | null; merchantGatewayId: string; env: Env };
  /** SubjectPublicKeyInfo algorithm OID (rsaEncryption, rsassaPss, ecPublicKey). */
  keyAlgorithmOid?: string;
  now: Date;
  profile?: PartnerProfile;
}

/** The facts the checks read; a ParsedCertificate fits. */
export type CertificateFacts = Pick<
  ParsedCertificate,
  | "subject"
  | "subjectDn"
  | "publicKeySha256"
  | "keyType"
  | "keySize"
  | "curve"
  | "signatureAlgorithm"
  | "notBefore"
  | "notAfter"
  | "extendedKeyUsage"
> & { selfIssued?: boolean; sha256?: string };

const OID_RSASSA_PSS = "1.2.840.113549.1.1.10";
const EXACT_SIGNATURES = new Set(["sha256WithRSAEncryption", "ecdsa-with-SHA256"]);

const DAY_MS = 86_400_000;
const YEAR_DAYS = 365.25;
// ±31 days absorbs leap days, "5 years" counted as 1825 or 1826 days, and a start date back-dated
// by a few days (common with manual signing); a 4- or 6-year certificate (with the same month of
// slack) works but is not what the partner issues, so it is a warning; anything further off is
// another CA profile or a mistake, so it fails.
const PASS_TOLERANCE_DAYS = 31;
const WARN_TOLERANCE_DAYS = YEAR_DAYS + PASS_TOLERANCE_DAYS;
// Leaf date problems are reported by cert.valid_now; repeating them under the chain is noise.
const LEAF_DATE_PROBLEMS = new Set(["chain.expired", "chain.not_yet_valid"]);

export function checkCertificate(
  cert: CertificateFacts,
  ctx: CertificateCheckContext,
): CertificateCheck[] {
  const profile = ctx.profile ?? D1_ECOM_PROFILE;
  return [
    matchesCsr(cert, ctx),
    ctx.csr ? subjectMatchesCsr(cert, ctx) : subjectPolicy(cert, ctx, profile),
    keyAllowed(cert, profile, ctx.keyAlgorithmOid),
    signatureHash(cert, profile),
    chainCheck(cert, ctx.chainResult ?? null, ctx.uploadChainResult ?? null),
    validityPeriod(cert, profile),
    validNow(cert, ctx.now),
    ekuClientAuth(cert, profile),
  ];
}

function check(
  code: CertificateCheckCode,
  status: CertificateCheckStatus,
  message: string,
  reason?: CertificateReasonCode,
): CertificateCheck {
  return reason ? { code, status, message, reason } : { code, status, message };
}

function matchesCsr(cert: CertificateFacts, ctx: CertificateCheckContext): CertificateCheck {
  // An estate already live with D1 made its CSR elsewhere, years ago: no CSR is a note, not a failure.
  if (!ctx.csr) {
    return check(
      "cert.matches_csr",
      "note",
      "Adopted: no CSR on record has this public key, so the certificate is checked on its own (key, subject against the CN template, chain, validity, clientAuth). Keep its private key where it was made.",
      "csr.adopted",
    );
  }
  return ctx.csr.publicKeySha256.toLowerCase() === cert.publicKeySha256
    ? check(
        "cert.matches_csr",
        "pass",
        "The certificate carries the public key of a CSR generated for this environment.",
        "csr.matched",
      )
    : check(
        "cert.matches_csr",
        "fail",
        `A CSR of this environment (${ctx.csr.subjectDn}) waits for this certificate, but the certificate's public key differs from the CSR's, so the CA certified another key: the private key saved with the CSR will not work with it.`,
        "csr.key_mismatch",
      );
}

function subjectPolicy(
  cert: CertificateFacts,
  ctx: CertificateCheckContext,
  profile: PartnerProfile,
): CertificateCheck {
  const missing = profile.requiredSubjectFields.filter((f) => !cert.subject[f]);
  if (missing.length > 0) {
    const names = missing.map((f) => `${SUBJECT_FIELD_LABELS[f] ?? f} (${f})`).join(", ");
    return check(
      "cert.subject_policy",
      "fail",
      `The subject ${cert.subjectDn} lacks ${names}, which the DN policy requires.`,
      "subject.missing_field",
    );
  }
  if (!ctx.cn)
    return check(
      "cert.subject_policy",
      "warn",
      "The Common Name could not be compared with the gateway's template.",
    );
  const template = ctx.cn.template ?? profile.defaultCnTemplate;
  if (
    validateCnTemplate(template, profile) ||
    (cert.keyType !== "RSA" && cert.keyType !== "ECDSA")
  ) {
    return check(
      "cert.subject_policy",
      "fail",
      `No Common Name can be expected for this key (${cert.keyType}) with the template "${template}".`,
      "subject.cn_template",
    );
  }
  const expected = renderCommonName(template, {
    keyType: cert.keyType,
    merchantGatewayId: ctx.cn.merchantGatewayId,
    env: ctx.cn.env,
  });
  const found = cert.subject.CN ?? "";
  return found === expected
    ? check(
        "cert.subject_policy",
        "pass",
        `The subject has the six fields, and the Common Name is "${expected}" as the template gives for ${ctx.cn.env} and ${cert.keyType}.`,
      )
    : check(
        "cert.subject_policy",
        "fail",
        `The Common Name is "${found}", but for this gateway, environment (${ctx.cn.env}) and key type (${cert.keyType}) it must be exactly "${expected}": it is another environment's or another key's certificate.`,
        "subject.cn_template",
      );
}

function subjectMatchesCsr(cert: CertificateFacts, ctx: CertificateCheckContext): CertificateCheck {
  if (!ctx.csr) {
    return check(
      "cert.subject_matches_csr",
      "warn",
      "The subject could not be compared, because no CSR of this environment has this public key.",
    );
  }
  const csrSubject = ctx.csr.subject;
  const differences = SUBJECT_FIELDS.flatMap((field) => {
    const wanted = csrSubject[field];
    const found = cert.subject[field];
    if (wanted === found) return [];
    const label = `${SUBJECT_FIELD_LABELS[field] ?? field} (${field})`;
    return [
      found === undefined
        ? `the ${label} "${wanted}" is missing`
        : wanted === undefined
          ? `the ${label} "${found}" was added`
          : `the ${label} is "${found}" instead of "${wanted}"`,
    ];
  });
  if (differences.length === 0) {
    return check(
      "cert.subject_matches_csr",
      "pass",
      `The subject is exactly the one requested: ${cert.subjectDn}.`,
    );
  }
  return check(
    "cert.subject_matches_csr",
    "fail",
    `The subject differs from the CSR's: ${differences.join("; ")}. The partner checks these fields, so ask the CA to reissue the certificate from the CSR unchanged.`,
  );
}

function keyAllowed(
  cert: CertificateFacts,
  profile: PartnerProfile,
  keyAlgorithmOid?: string,
): CertificateCheck {
  if (keyAlgorithmOid === OID_RSASSA_PSS) {
    return check(
      "cert.key_allowed",
      "fail",
      `The key is an RSA-PSS key (SPKI rsassaPss), but ${profile.partnerName} asks for an RSA (rsaEncryption) or ECDSA P-256 key: generate a new key pair and CSR.`,
      "key.rsa_pss",
    );
  }
  const found =
    cert.keyType === "RSA"
      ? `RSA ${cert.keySize ?? "(unknown size)"}`
      : cert.keyType === "ECDSA"
        ? `ECDSA ${cert.curve ?? "(unknown curve)"}`
        : "a key that is neither RSA nor ECDSA";
  const ok = profile.allowedKeys.some((k) =>
    k.keyType === "RSA"
      ? cert.keyType === "RSA" && cert.keySize === k.size
      : cert.keyType === "ECDSA" && cert.curve === k.curve,
  );
  const allowed = describeAllowedKeys(profile);
  return ok
    ? check(
        "cert.key_allowed",
        "pass",
        `The key is ${found}, which ${profile.partnerName} accepts.`,
      )
    : check(
        "cert.key_allowed",
        "fail",
        `The key is ${found}, but ${profile.partnerName} only accepts ${allowed}: generate a new ${allowed} key pair and CSR.`,
      );
}

function signatureHash(cert: CertificateFacts, profile: PartnerProfile): CertificateCheck {
  const { name, hash } = cert.signatureAlgorithm;
  if (name === "RSASSA-PSS") {
    return check(
      "cert.signature_sha256",
      "fail",
      `The CA signed the certificate with RSASSA-PSS${hash ? ` (${hash})` : ""}, but ${profile.partnerName}'s certificates carry sha256WithRSAEncryption or ecdsa-with-SHA256: ask the CA to reissue it.`,
      "signature.rsa_pss",
    );
  }
  if (hash === profile.signatureHash && EXACT_SIGNATURES.has(name)) {
    return check(
      "cert.signature_sha256",
      "pass",
      `The CA signed the certificate with ${hash} (${name}).`,
    );
  }
  const found = hash ? `${hash} (${name})` : name;
  return check(
    "cert.signature_sha256",
    "fail",
    `The CA signed the certificate with ${found}, but ${profile.partnerName} requires ${profile.signatureHash}: ask the CA to reissue it.`,
  );
}

const NO_PATH = new Set(["chain.no_path", "chain.untrusted_root"]);

/**
 * Trust comes only from client-cert-issuers: the CAs of the upload are intermediates at most, and a
 * path that ends at one of them is "unverified" (an admin may add it), never compliant.
 */
export function chainCheck(
  cert: CertificateFacts,
  result: ChainResult | null,
  upload: ChainResult | null,
): CertificateCheck {
  const code = "cert.chain_verifies";
  const selfSigned =
    cert.selfIssued === true &&
    [result, upload].some((r) =>
      r?.problems.some(
        (p) =>
          p.code === "chain.untrusted_root" &&
          (!cert.sha256 || p.certificateSha256 === cert.sha256),
      ),
    );
  if (selfSigned) {
    return check(
      code,
      "fail",
      "The certificate is self-signed: Thales signs D1 client certificates, so a self-signed one is never compliant, whatever its key and dates.",
      "issuers.self_signed",
    );
  }
  const problems = result ? result.problems.filter((p) => !LEAF_DATE_PROBLEMS.has(p.code)) : [];
  if (result && problems.length === 0 && result.anchor) {
    const anchor = result.anchor.subject.CN ?? result.anchor.subjectDn;
    return check(
      code,
      "pass",
      `The certificate chains to the trusted CA "${anchor}" and every signature verifies.`,
      "issuers.verified",
    );
  }
  const uploadProblems = upload
    ? upload.problems.filter((p) => !LEAF_DATE_PROBLEMS.has(p.code))
    : [];
  if (upload?.anchor && uploadProblems.length === 0) {
    const ca = upload.anchor.subject.CN ?? upload.anchor.subjectDn;
    return check(
      code,
      "unverified",
      `Unverified: the certificate chains only to "${ca}", a CA that came with it (in the same upload) and is not in client-cert-issuers; an upload never vouches for itself. If "${ca}" is the Thales CA you received at onboarding, an admin adds it to client-cert-issuers; the verdict then follows without a new import.`,
      "issuers.ca_only_in_upload",
    );
  }
  if (!result) {
    return check(
      code,
      "unverified",
      "Unverified: the client-cert-issuers store of this environment is empty, so nobody has said which CA Thales signs with. Add the Thales CA you received at onboarding to client-cert-issuers; the verdict then follows without a new import.",
      "issuers.store_empty",
    );
  }
  if (problems.length > 0 && problems.every((p) => NO_PATH.has(p.code))) {
    return check(
      code,
      "fail",
      `The certificate does not chain to a CA in client-cert-issuers: it was issued by another CA. ${problems.map((p) => p.message).join(" ")}`,
      "issuers.not_in_store",
    );
  }
  const text =
    problems.length > 0 ? problems.map((p) => p.message).join(" ") : "No trusted CA was reached.";
  return check(
    code,
    "fail",
    `The certificate does not chain to a CA in client-cert-issuers. ${text}`,
    "issuers.chain_invalid",
  );
}

function validityPeriod(cert: CertificateFacts, profile: PartnerProfile): CertificateCheck {
  const days = (cert.notAfter.getTime() - cert.notBefore.getTime()) / DAY_MS;
  const expectedDays = profile.certificateValidityYears * YEAR_DAYS;
  const off = Math.abs(days - expectedDays);
  const period = `${describeDuration(days)} (${day(cert.notBefore)} to ${day(cert.notAfter)})`;
  const expected = `${profile.certificateValidityYears} years`;
  if (off <= PASS_TOLERANCE_DAYS) {
    return check(
      "cert.validity_about_5_years",
      "pass",
      `The certificate is valid for ${period}, as ${profile.partnerName} issues them.`,
    );
  }
  const status = off <= WARN_TOLERANCE_DAYS ? "warn" : "fail";
  return check(
    "cert.validity_about_5_years",
    status,
    `The certificate is valid for ${period}, but ${profile.partnerName} issues these certificates for ${expected}: ${
      status === "warn"
        ? "check that this is the certificate the partner issued"
        : "it was probably issued by another CA or profile"
    }, and plan the renewal by its real end date.`,
  );
}

function validNow(cert: CertificateFacts, now: Date): CertificateCheck {
  const t = now.getTime();
  if (t < cert.notBefore.getTime()) {
    return check(
      "cert.valid_now",
      "fail",
      `The certificate is not valid yet: it starts on ${day(cert.notBefore)}, and connections made before then will be refused.`,
    );
  }
  if (t > cert.notAfter.getTime()) {
    return check(
      "cert.valid_now",
      "fail",
      `The certificate expired on ${day(cert.notAfter)}: a new key pair, CSR and certificate are needed.`,
    );
  }
  const left = Math.floor((cert.notAfter.getTime() - t) / DAY_MS);
  return check(
    "cert.valid_now",
    "pass",
    `The certificate is valid now, until ${day(cert.notAfter)} (${left} days left).`,
  );
}

function ekuClientAuth(cert: CertificateFacts, profile: PartnerProfile): CertificateCheck {
  const usages = cert.extendedKeyUsage;
  if (usages.includes("clientAuth")) {
    return check(
      "cert.eku_client_auth",
      "pass",
      "The certificate is allowed for TLS client authentication (Extended Key Usage clientAuth).",
    );
  }
  // No EKU (or anyExtendedKeyUsage) means "any usage" (RFC 5280 §4.2.1.12): TLS stacks accept it,
  // so it is not a blocker, but a CA that issues mTLS client certificates names clientAuth.
  if (usages.length === 0 || usages.includes("anyExtendedKeyUsage")) {
    return check(
      "cert.eku_client_auth",
      "warn",
      `The certificate does not restrict its usage (no clientAuth in an Extended Key Usage), so TLS accepts it for client authentication; ${profile.partnerName}'s CA normally names clientAuth, so check that this is the certificate it issued.`,
    );
  }
  return check(
    "cert.eku_client_auth",
    "fail",
    `The certificate is only allowed for ${usages.join(", ")}, not for TLS client authentication (clientAuth), so ${profile.partnerName} will refuse it in the handshake.`,
  );
}

function describeDuration(days: number): string {
  const whole = Math.round(days);
  return `${whole} ${whole === 1 ? "day" : "days"} (about ${(days / YEAR_DAYS).toFixed(1)} years)`;
}

function day(date: Date): string {
  return isoDay(date);
}
