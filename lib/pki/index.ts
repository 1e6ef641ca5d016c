// Isomorphic PKI core: runs in the browser (WebCrypto) and in Node 20+ (globalThis.crypto).
// Nothing here touches the file system, the network or Node-only globals.
export { PKI_ERROR_CODES, PkiInputError, isPkiInputError, type PkiErrorCode } from "./errors";
export { decodePemBlocks, findPemLabels, toPem, type PemBlock } from "./pem";
export { classifyInput, type Classification, type DetectedObject, type InputKind } from "./detect";
export { parseCsr, type ParsedCsr, type CsrAttribute } from "./csr";
export { generateCsr, type GenerateCsrOptions, type GeneratedCsr } from "./generate";
export {
  SUBJECT_FIELDS,
  escapeDnValue,
  type Subject,
  type SubjectAttribute,
  type SubjectField,
  type SubjectInput,
} from "./name";
export type { KeyType } from "./key-info";
export {
  derivePublicKeySpki,
  exportPrivateKeyPlain,
  importPkcs8,
  importPlainPrivateKey,
  publicKeyMatches,
  type ImportKeyOptions,
  type KeyAlgorithmChoice,
} from "./keys";
export { DEFAULT_PBKDF2_ITERATIONS, decryptPrivateKey, encryptPrivateKey } from "./pkcs8-encrypt";
export { extractSpki } from "./spki";
export {
  digest,
  fingerprintColonHex,
  normalizeHex,
  sha256Hex,
  toColonHex,
  type DigestName,
} from "./fingerprint";
export { base64ToBytes, bytesToBase64, bytesToHex, hexToBytes } from "./bytes";
export {
  MAX_CERTIFICATE_INPUT_BYTES,
  parseCertificate,
  parseCertificateDer,
  type ParsedCertificate,
} from "./certificate";
export { EXTENDED_KEY_USAGES } from "./x509-extensions";
export { MAX_BUNDLE_CERTIFICATES, parseCertificateBundle, type ParsedBundle } from "./bundle";
export {
  CHAIN_PROBLEM_CODES,
  verifyChain,
  type ChainProblem,
  type ChainProblemCode,
  type ChainResult,
} from "./chain";
// PKCS#12 pulls in pkijs (large): pages that only display certificates can import
// "@/lib/pki/certificate" directly, and the download button can `await import("@/lib/pki/pkcs12")`.
export { createPkcs12, DEFAULT_PKCS12_ITERATIONS, type CreatePkcs12Options } from "./pkcs12";
export { pemBundle } from "./pem-bundle";
