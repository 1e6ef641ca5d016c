// Partner policy: pure functions over data, shared by the browser form and the server.
export {
  D1_ECOM_PROFILE,
  PROFILES,
  describeAllowedKeys,
  isValidMerchantGatewayId,
  type AllowedKey,
  type CsrKeyType,
  type Env,
  type PartnerProfile,
} from "./profile";
export {
  CN_PLACEHOLDERS,
  renderCommonName,
  validateCnTemplate,
  type CnPlaceholder,
  type CnValues,
} from "./common-name";
export {
  ALLOWED_SUBJECT_CHARACTERS,
  forbiddenCharacters,
  validateSubject,
  validateSubjectField,
  type SubjectValues,
} from "./subject";
export { checkCsr, type CsrFacts, type CsrPolicyContext } from "./csr-policy";
export { checkSubjectStructure, suggestedSubj, type RdnAttribute } from "./subject-structure";
export {
  CERTIFICATE_REASON_CODES,
  SUBJECT_FIELD_LABELS,
  VIOLATION_CODES,
  isWarning,
  violation,
  type CertificateReasonCode,
  type PolicyViolation,
  type ViolationCode,
  type ViolationDefinition,
} from "./violations";
export {
  CERTIFICATE_CHECK_CODES,
  certificateVerdict,
  checkCertificate,
  type CertificateCheck,
  type CertificateCheckCode,
  type CertificateCheckContext,
  type CertificateCheckStatus,
  type CertificateFacts,
  type CertificateVerdict,
} from "./certificate-policy";
