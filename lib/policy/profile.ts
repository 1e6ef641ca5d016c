// Partner profiles as data, so the checks stay generic and another partner's rules (for example
// Thales' classic tokenization: RSA 2048 allowed, 2-year self-signed certificates) can be added
// as a new object rather than as new code paths. D1 facts come from /work/shared/DOMAIN.md.
import type { SubjectField } from "../pki/subject-fields";

export type Env = "PPR" | "PRD";
export type CsrKeyType = "RSA" | "ECDSA";

export type AllowedKey = { keyType: "RSA"; size: number } | { keyType: "ECDSA"; curve: string };

export interface PartnerProfile {
  id: string;
  name: string;
  /** Who the messages say rejects things ("Thales refuses RSA 2048 ..."). */
  partnerName: string;
  allowedKeys: readonly AllowedKey[];
  /** WebCrypto hash name the CSR (and the issued certificate) must be signed with. */
  signatureHash: string;
  requiredSubjectFields: readonly SubjectField[];
  /** Default CN template; each gateway may override it because Thales may hand out another form. */
  defaultCnTemplate: string;
  certificateValidityYears: number;
  /** Per-field length cap. RFC 5280 allows 64 for CN/O/OU and 128 for L/ST; 64 everywhere is the safe side. */
  subjectMaxLength: number;
  environments: readonly Env[];
  /** Shape of the partner's merchantGatewayId (regex source). */
  merchantGatewayIdPattern: string;
  /** The same in words, for messages. */
  merchantGatewayIdHint: string;
}

export const D1_ECOM_PROFILE: PartnerProfile = {
  id: "thales-d1-ecom",
  name: "Thales D1 eCom Enablement (mTLS client certificate)",
  partnerName: "Thales",
  // The D1 FAQ refuses RSA 2048: RSA 4096 or ECDSA P-256 only.
  allowedKeys: [
    { keyType: "RSA", size: 4096 },
    { keyType: "ECDSA", curve: "P-256" },
  ],
  signatureHash: "SHA-256",
  requiredSubjectFields: ["C", "ST", "L", "O", "OU", "CN"],
  defaultCnTemplate: "TLSMA-{keyType}/{merchantGatewayId}/{env}",
  certificateValidityYears: 5,
  subjectMaxLength: 64,
  environments: ["PPR", "PRD"],
  merchantGatewayIdPattern: "^[A-Za-z0-9_-]{10}$",
  merchantGatewayIdHint: "10 letters, digits, _ or -, such as MGW_000001",
};

export const PROFILES: Readonly<Record<string, PartnerProfile>> = {
  [D1_ECOM_PROFILE.id]: D1_ECOM_PROFILE,
};

/** "RSA 4096 or ECDSA P-256": the allowed keys in words, for messages. */
export function describeAllowedKeys(profile: PartnerProfile): string {
  const words = profile.allowedKeys.map((k) =>
    k.keyType === "RSA" ? `RSA ${k.size}` : `ECDSA ${k.curve}`,
  );
  return words.length > 1
    ? `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`
    : (words[0] ?? "no");
}

export function isValidMerchantGatewayId(
  id: string,
  profile: PartnerProfile = D1_ECOM_PROFILE,
): boolean {
  return new RegExp(profile.merchantGatewayIdPattern).test(id);
}
