// One error type for everything a user can get wrong when handing us PKI material,
// so UI code can switch on `code` instead of parsing messages.

export type PkiErrorCode =
  | "empty" // nothing was given
  | "undecodable" // not PEM/DER we can read at all
  | "not_a_csr" // readable, but something else (certificate, key, ...)
  | "private_key" // the input contains a private key: it must be treated as exposed
  | "not_a_private_key"
  | "unsupported_algorithm"
  | "key_type_mismatch"
  | "encrypted_private_key" // needs its passphrase: use decryptPrivateKey
  | "bad_passphrase"
  | "invalid_argument";

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
