// The partner's verdict on a CSR. Pure (no I/O, no crypto): the browser form and the server run
// the same function on the same parsed facts, so they can never disagree.
import type { ParsedCsr } from "../pki/csr";
import { renderCommonName, validateCnTemplate } from "./common-name";
import {
  D1_ECOM_PROFILE,
  describeAllowedKeys,
  isValidMerchantGatewayId,
  type Env,
  type PartnerProfile,
} from "./profile";
import { validateSubject, type SubjectValues } from "./subject";
import {
  checkSubjectStructure,
  isAmbiguous,
  rdnsFromValues,
  type RdnAttribute,
} from "./subject-structure";
import { violation, type PolicyViolation } from "./violations";

const RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
const RSASSA_PSS = "1.2.840.113549.1.1.10";
const USUAL_RSA_EXPONENT = "65537";
const BASIC_CONSTRAINTS = "2.5.29.19";

/** The facts the policy needs; a ParsedCsr fits, and so does a hand-made object in a form or test. */
export interface CsrFacts {
  keyType: ParsedCsr["keyType"];
  keySize?: number | undefined;
  curve?: string | undefined;
  signatureAlgorithm: { name: string; hash: string | null; oid?: string };
  signatureValid: boolean;
  subject: SubjectValues;
  /** The subject exactly as encoded; derived from `subject` when absent (forms, hand-made facts). */
  subjectRdns?: RdnAttribute[][] | undefined;
  /** SPKI algorithm OID; rsaEncryption is assumed for RSA when absent. */
  keyAlgorithmOid?: string | undefined;
  publicExponent?: string | undefined;
  requestedExtensions?: readonly { oid: string; name?: string; value: string }[] | undefined;
}

export interface CsrPolicyContext {
  /** The gateway's CN template; the profile default when absent. */
  cnTemplate?: string | undefined;
  merchantGatewayId: string;
  env: Env;
  profile?: PartnerProfile;
}

/**
 * Every reason the partner would refuse this CSR, then the warnings (severity "warning"), which
 * do not refuse. An empty list, or warnings only, means compliant.
 */
export function checkCsr(csr: CsrFacts, ctx: CsrPolicyContext): PolicyViolation[] {
  const profile = ctx.profile ?? D1_ECOM_PROFILE;
  const rdns = csr.subjectRdns ?? rdnsFromValues(csr.subject);
  const template = checkTemplate(ctx, profile);
  const keyIssues = checkKey(csr, profile);
  // An RSA-PSS key can only make PSS signatures: its key message says all there is to say.
  const pssKey = keyIssues.some((v) => v.code === "key.rsa_pss");
  const algorithmIssues = pssKey ? [] : checkSignatureAlgorithm(csr, profile);
  // A signature is judged only when key and algorithm are the accepted ones: WebCrypto verifies
  // those, while a refused curve or PSS may simply be unverifiable here, which is not "corrupt".
  const accepted = keyIssues.length === 0 && algorithmIssues.length === 0;
  const signature = accepted && !csr.signatureValid ? [violation("signature.invalid")] : [];
  const expectedCn =
    template.ok && csr.keyType !== "OTHER"
      ? renderCommonName(template.template, {
          keyType: csr.keyType,
          merchantGatewayId: ctx.merchantGatewayId,
          env: ctx.env,
        })
      : undefined;
  const found = [
    ...keyIssues,
    ...algorithmIssues,
    ...signature,
    ...checkSubjectStructure(rdns, profile, expectedCn),
    ...validateSubject(csr.subject, profile),
    ...(template.ok ? checkCommonName(csr, rdns, expectedCn) : template.issues),
    ...checkExtensions(csr, profile),
    ...checkExponent(csr),
  ];
  return [...found.filter((v) => !v.severity), ...found.filter((v) => v.severity)];
}

function checkKey(csr: CsrFacts, profile: PartnerProfile): PolicyViolation[] {
  const partner = profile.partnerName;
  if (csr.keyType === "RSA" && csr.keyAlgorithmOid === RSASSA_PSS)
    return [violation("key.rsa_pss", { partner })];
  const allowed = profile.allowedKeys.filter((k) => k.keyType === csr.keyType);
  if (csr.keyType === "OTHER" || allowed.length === 0) {
    const found =
      csr.keyType === "OTHER" ? "a key that is neither RSA nor ECDSA" : `an ${csr.keyType} key`;
    return [
      violation("key.type_not_allowed", { found, allowed: describeAllowedKeys(profile), partner }),
    ];
  }
  const sizes = allowed.flatMap((k) => (k.keyType === "RSA" ? [k.size] : []));
  if (csr.keyType === "RSA" && !sizes.includes(csr.keySize ?? -1)) {
    return [
      violation("key.rsa_size", {
        found: String(csr.keySize ?? "unknown"),
        required: sizes.join(" or "),
        partner,
      }),
    ];
  }
  const curves = allowed.flatMap((k) => (k.keyType === "ECDSA" ? [k.curve] : []));
  if (csr.keyType === "ECDSA" && !curves.includes(csr.curve ?? "")) {
    return [
      violation("key.ec_curve", {
        found: csr.curve ?? "unknown",
        required: curves.join(" or "),
        partner,
      }),
    ];
  }
  return [];
}

function checkSignatureAlgorithm(csr: CsrFacts, profile: PartnerProfile): PolicyViolation[] {
  const { name, hash } = csr.signatureAlgorithm;
  // The OID, not the name: a PSS signature with SHA-256 has the right hash but not the right scheme.
  if (csr.signatureAlgorithm.oid === RSASSA_PSS)
    return [violation("signature.rsassa_pss", { partner: profile.partnerName })];
  if (hash !== profile.signatureHash) {
    const found = hash ? `${hash} (${name})` : name;
    return [
      violation("signature.hash_not_sha256", {
        found,
        required: profile.signatureHash,
        partner: profile.partnerName,
      }),
    ];
  }
  return [];
}

function checkExponent(csr: CsrFacts): PolicyViolation[] {
  const isRsaEncryption =
    csr.keyType === "RSA" && (csr.keyAlgorithmOid ?? RSA_ENCRYPTION) === RSA_ENCRYPTION;
  if (
    !isRsaEncryption ||
    csr.publicExponent === undefined ||
    csr.publicExponent === USUAL_RSA_EXPONENT
  )
    return [];
  return [violation("key.rsa_exponent", { found: csr.publicExponent })];
}

function checkExtensions(csr: CsrFacts, profile: PartnerProfile): PolicyViolation[] {
  const requested = csr.requestedExtensions ?? [];
  if (requested.length === 0) return [];
  const asksCa = requested.some(
    (e) => e.oid === BASIC_CONSTRAINTS && e.value.startsWith("CA:TRUE"),
  );
  const described = requested
    .map((e) => `${e.name ?? e.oid}${e.value ? ` (${e.value})` : ""}`)
    .join("; ");
  return [
    ...(asksCa ? [violation("extension.ca_requested")] : []),
    violation("extension.requested", { extensions: described, partner: profile.partnerName }),
  ];
}

type TemplateCheck = { ok: true; template: string } | { ok: false; issues: PolicyViolation[] };

function checkTemplate(ctx: CsrPolicyContext, profile: PartnerProfile): TemplateCheck {
  const template = ctx.cnTemplate ?? profile.defaultCnTemplate;
  const problem = validateCnTemplate(template, profile);
  if (problem)
    return {
      ok: false,
      issues: [violation("config.cn_template_invalid", { template, problem }, "cnTemplate")],
    };
  if (!isValidMerchantGatewayId(ctx.merchantGatewayId, profile)) {
    const params = {
      found: ctx.merchantGatewayId,
      hint: profile.merchantGatewayIdHint,
      partner: profile.partnerName,
    };
    return {
      ok: false,
      issues: [violation("config.merchant_gateway_id_invalid", params, "merchantGatewayId")],
    };
  }
  return { ok: true, template };
}

function checkCommonName(
  csr: CsrFacts,
  rdns: RdnAttribute[][],
  expected: string | undefined,
): PolicyViolation[] {
  // A missing CN is already reported by the subject rules, a repeated one by the structure rules
  // (with the right -subj); a key type we cannot name has no expected CN.
  if (!csr.subject.CN || expected === undefined || isAmbiguous(rdns, "CN")) return [];
  return csr.subject.CN === expected
    ? []
    : [violation("subject.cn_mismatch", { found: csr.subject.CN, expected }, "CN")];
}
