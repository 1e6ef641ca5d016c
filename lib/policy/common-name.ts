// The partner enforces the client certificate's Common Name. Its exact form is a per-gateway
// setting (Thales may hand a gateway another form), expressed as a template with placeholders.
import type { CsrKeyType, Env } from "./profile";
import { D1_ECOM_PROFILE, type PartnerProfile } from "./profile";
import { forbiddenCharacters } from "./subject";

export const CN_PLACEHOLDERS = ["keyType", "merchantGatewayId", "env"] as const;
export type CnPlaceholder = (typeof CN_PLACEHOLDERS)[number];

export interface CnValues {
  keyType: CsrKeyType;
  merchantGatewayId: string;
  env: Env;
}

const TOKEN = /\{([^{}]*)\}/g;
// Longest plausible values, to check a rendered CN still fits the length cap.
const LONGEST: CnValues = { keyType: "ECDSA", merchantGatewayId: "X".repeat(10), env: "PPR" };

/** Why the template cannot be used, as a clause for a sentence ("it is empty"), or null if fine. */
export function validateCnTemplate(
  template: string,
  profile: PartnerProfile = D1_ECOM_PROFILE,
): string | null {
  if (template.trim() === "") return "it is empty";
  const unknown = Array.from(template.matchAll(TOKEN), (m) => m[1]!).filter(
    (n) => !isPlaceholder(n),
  );
  if (unknown.length > 0) {
    return `it uses the unknown placeholder {${unknown[0]}} (only {keyType}, {merchantGatewayId} and {env} exist)`;
  }
  // Without all three, one CN would fit two cases: a PPR CN passing in PRD, or an ECDSA key
  // with an RSA CN, and Thales would refuse the certificate weeks later.
  const missing = CN_PLACEHOLDERS.filter((name) => !template.includes(`{${name}}`));
  if (missing.length > 0) {
    return `it lacks ${missing.map((n) => `{${n}}`).join(" and ")}, and every template must contain {merchantGatewayId}, {env} and {keyType}`;
  }
  const literal = template.replace(TOKEN, "");
  if (/[{}]/.test(literal)) return "it has an unmatched { or }";
  const forbidden = forbiddenCharacters(literal);
  if (forbidden.length > 0)
    return `it contains characters ${profile.partnerName} may reject (${forbidden.join(" ")})`;
  if (template !== template.trim()) return "it starts or ends with a space";
  const longest = fill(template, LONGEST);
  if (longest.length > profile.subjectMaxLength) {
    return `the resulting Common Name can be ${longest.length} characters long, over the ${profile.subjectMaxLength} allowed`;
  }
  return null;
}

/** The CN a CSR must carry. Throws on an invalid template (validate it when it is saved). */
export function renderCommonName(template: string, values: CnValues): string {
  const problem = validateCnTemplate(template);
  if (problem) throw new Error(`Invalid Common Name template "${template}": ${problem}`);
  return fill(template, values);
}

function fill(template: string, values: CnValues): string {
  return template.replace(TOKEN, (_m, name: string) => values[name as CnPlaceholder]);
}

function isPlaceholder(name: string): name is CnPlaceholder {
  return (CN_PLACEHOLDERS as readonly string[]).includes(name);
}
