// The partner's verdict on a CSR. Pure (no I/O, no crypto): the browser form and the server run
// the same function on the same parsed facts, so they can never disagree.
import type { ParsedCsr } from "../pki/csr";
import { renderCommonName, validateCnTemplate } from "./common-name";
import { D1_ECOM_PROFILE, describeAllowedKeys, isValidMerchantGatewayId, type Env, type PartnerProfile } from "./profile";
import { validateSubject, type SubjectValues } from "./subject";
import { violation, type PolicyViolation } from "./violations";

/** The facts the policy needs; a ParsedCsr fits, and so does a hand-made object in a form or test. */
export interface CsrFacts {
  keyType: ParsedCsr["keyType"];
  keySize?: number | undefined;
  curve?: string | undefined;
  signatureAlgorithm: { name: string; hash: string | null };
  signatureValid: boolean;
  subject: SubjectValues;
}

export interface CsrPolicyContext {
  /** The gateway's CN template; the profile default when absent. */
  cnTemplate?: string | undefined;
  merchantGatewayId: string;
  env: Env;
  profile?: PartnerProfile;
}

/** Every reason the partner would refuse this CSR (empty list = compliant). */
export function checkCsr(csr: CsrFacts, ctx: CsrPolicyContext): PolicyViolation[] {
  const profile = ctx.profile ?? D1_ECOM_PROFILE;
  return [
    ...checkKey(csr, profile),
    ...checkSignature(csr, profile),
    ...validateSubject(csr.subject, profile),
    ...checkCommonName(csr, ctx, profile),
  ];
}

function checkKey(csr: CsrFacts, profile: PartnerProfile): PolicyViolation[] {
  const partner = profile.partnerName;
  const allowed = profile.allowedKeys.filter((k) => k.keyType === csr.keyType);
  if (csr.keyType === "OTHER" || allowed.length === 0) {
    const found = csr.keyType === "OTHER" ? "a key that is neither RSA nor ECDSA" : `an ${csr.keyType} key`;
    return [violation("key.type_not_allowed", { found, allowed: describeAllowedKeys(profile), partner })];
  }
  const sizes = allowed.flatMap((k) => (k.keyType === "RSA" ? [k.size] : []));
  if (csr.keyType === "RSA" && !sizes.includes(csr.keySize ?? -1)) {
    return [violation("key.rsa_size", { found: String(csr.keySize ?? "unknown"), required: sizes.join(" or "), partner })];
  }
  const curves = allowed.flatMap((k) => (k.keyType === "ECDSA" ? [k.curve] : []));
  if (csr.keyType === "ECDSA" && !curves.includes(csr.curve ?? "")) {
    return [violation("key.ec_curve", { found: csr.curve ?? "unknown", required: curves.join(" or "), partner })];
  }
  return [];
}

function checkSignature(csr: CsrFacts, profile: PartnerProfile): PolicyViolation[] {
  const issues: PolicyViolation[] = [];
  if (csr.signatureAlgorithm.hash !== profile.signatureHash) {
    const { name, hash } = csr.signatureAlgorithm;
    const found = hash ? `${hash} (${name})` : name;
    issues.push(violation("signature.hash_not_sha256", { found, required: profile.signatureHash, partner: profile.partnerName }));
  }
  if (!csr.signatureValid) issues.push(violation("signature.invalid"));
  return issues;
}

function checkCommonName(csr: CsrFacts, ctx: CsrPolicyContext, profile: PartnerProfile): PolicyViolation[] {
  const template = ctx.cnTemplate ?? profile.defaultCnTemplate;
  const problem = validateCnTemplate(template, profile);
  if (problem) return [violation("config.cn_template_invalid", { template, problem }, "cnTemplate")];
  if (!isValidMerchantGatewayId(ctx.merchantGatewayId, profile)) {
    const params = { found: ctx.merchantGatewayId, hint: profile.merchantGatewayIdHint, partner: profile.partnerName };
    return [violation("config.merchant_gateway_id_invalid", params, "merchantGatewayId")];
  }
  // A missing CN is already reported by the subject rules; a key type we cannot name has no
  // expected CN, and its key violation says what to fix first.
  if (!csr.subject.CN || csr.keyType === "OTHER") return [];
  const expected = renderCommonName(template, { keyType: csr.keyType, merchantGatewayId: ctx.merchantGatewayId, env: ctx.env });
  return csr.subject.CN === expected ? [] : [violation("subject.cn_mismatch", { found: csr.subject.CN, expected }, "CN")];
}
