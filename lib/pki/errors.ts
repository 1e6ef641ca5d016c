// One error type for everything a user can get wrong when handing us PKI material,
// so UI code can switch on `code` instead of parsing messages.

export const PKI_ERROR_CODES = [
  "empty", // nothing was given
  "undecodable", // not PEM/DER we can read at all
  "not_a_csr", // readable, but something else (certificate, key, ...)
  "not_a_certificate", // readable, but a CSR, a public key, ...
  "multiple_certificates", // one certificate was expected; use parseCertificateBundle for chains
  "too_large", // bigger than any real certificate file (limits protect the browser tab)
  "too_many_certificates",
  "private_key", // the input contains a private key: it must be treated as exposed
  "not_a_private_key",
  "unsupported_algorithm",
  "key_type_mismatch",
  "encrypted_private_key", // needs its passphrase: use decryptPrivateKey
  "bad_passphrase",
  "invalid_argument",
] as const;

export type PkiErrorCode = (typeof PKI_ERROR_CODES)[number];

export class PkiInputError extends Error {
  readonly code: PkiErrorCode;

  constructor(code: PkiErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PkiInputError";
    this.code = code;
  }
}

export function isPkiInputError(e: unknown): e is PkiInputError {
  return e instanceof PkiInputError;
}

/** The one message for pasted private keys: whoever saw the input may now hold the key. */
export function privateKeyExposedError(): PkiInputError {
  return new PkiInputError(
    "private_key",
    "The input contains a private key: consider that key compromised, never share it, and generate a new one.",
  );
}
