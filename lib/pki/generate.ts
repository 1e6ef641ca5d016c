// New key pair + CSR, entirely in WebCrypto, so the private key is born where it will be
// encrypted and downloaded (the browser) and never travels to a server.
import { subtle } from "./bytes";
import { PkiInputError } from "./errors";
import { sha256Hex } from "./fingerprint";
import { buildSubjectName, SUBJECT_FIELDS, type SubjectInput } from "./name";
import { x509 } from "./x509";

export interface GenerateCsrOptions {
  keyType: "RSA" | "ECDSA";
  subject: SubjectInput;
}

export interface GeneratedCsr {
  csrPem: string;
  /** Private key is extractable so it can be exported encrypted (encryptPrivateKey). */
  keys: CryptoKeyPair;
  /** Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo, as in ParsedCsr. */
  publicKeySha256: string;
}

// The only key shapes the D1 profile accepts: RSA 4096 (not 2048) or ECDSA P-256, both SHA-256.
const RSA_PARAMS: RsaHashedKeyGenParams = {
  name: "RSASSA-PKCS1-v1_5",
  modulusLength: 4096,
  publicExponent: new Uint8Array([0x01, 0x00, 0x01]),
  hash: "SHA-256",
};
const ECDSA_PARAMS: EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };

export async function generateCsr(options: GenerateCsrOptions): Promise<GeneratedCsr> {
  if (options.keyType !== "RSA" && options.keyType !== "ECDSA") {
    throw new PkiInputError("invalid_argument", `Unknown key type ${String(options.keyType)}.`);
  }
  checkSubjectShape(options.subject);
  const keyParams = options.keyType === "RSA" ? RSA_PARAMS : ECDSA_PARAMS;
  const keys = (await subtle().generateKey(keyParams, true, ["sign", "verify"])) as CryptoKeyPair;
  const signingAlgorithm =
    options.keyType === "RSA" ? RSA_PARAMS : { name: "ECDSA", hash: "SHA-256" };
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    { name: buildSubjectName(options.subject), keys, signingAlgorithm },
    globalThis.crypto,
  );
  return {
    csrPem: `${csr.toString("pem").trimEnd()}\n`,
    keys,
    publicKeySha256: await sha256Hex(new Uint8Array(csr.publicKey.rawData)),
  };
}

// Only what would make an unusable CSR is refused here; the partner's rules (character set,
// CN template, ...) are lib/policy's job and are checked by the form before calling us.
function checkSubjectShape(subject: SubjectInput): void {
  for (const field of SUBJECT_FIELDS) {
    if (typeof subject?.[field] !== "string" || subject[field].length === 0) {
      throw new PkiInputError("invalid_argument", `The subject field ${field} is empty.`);
    }
  }
  // PrintableString (mandatory for Country) cannot carry anything but this set.
  if (!/^[A-Za-z0-9 '()+,\-./:=?]+$/.test(subject.C)) {
    throw new PkiInputError(
      "invalid_argument",
      "The country (C) must be a two-letter code such as FR.",
    );
  }
}
