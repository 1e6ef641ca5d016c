// Passphrase protection of private keys as PKCS#8 EncryptedPrivateKeyInfo with PBES2
// (PBKDF2-HMAC-SHA256 + AES-256-CBC): the format `openssl pkcs8 -topk8 -v2 aes-256-cbc`
// writes and every TLS server reads. All crypto is WebCrypto, so it runs in the browser.
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { AlgorithmIdentifier } from "@peculiar/asn1-x509";
import { EncryptedData, EncryptedPrivateKeyInfo, PrivateKeyInfo } from "@peculiar/asn1-pkcs8";
import { randomBytes, subtle, toBytes, utf8Encode } from "./bytes";
import { parseAs } from "./der";
import { PkiInputError } from "./errors";
import { importPkcs8, type ImportKeyOptions, type KeyAlgorithmChoice } from "./keys";
import { OID } from "./oids";
import { decodePemBlocks, toPem } from "./pem";
import { Pbes2Params, Pbkdf2Params } from "./pbes2-asn1";

/** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
export const DEFAULT_PBKDF2_ITERATIONS = 600_000;
// Refuse absurd counts in files we decrypt: they would freeze the browser tab.
const MAX_PBKDF2_ITERATIONS = 10_000_000;

const PRF_HASHES: Record<string, string> = {
  [OID.hmacWithSha1]: "SHA-1", // the RFC 8018 default when prf is absent
  [OID.hmacWithSha256]: "SHA-256",
  [OID.hmacWithSha384]: "SHA-384",
  [OID.hmacWithSha512]: "SHA-512",
};
const AES_CBC_KEY_BYTES: Record<string, number> = {
  [OID.aes128Cbc]: 16,
  [OID.aes192Cbc]: 24,
  [OID.aes256Cbc]: 32,
};
const ASN_NULL = new Uint8Array([0x05, 0x00]).buffer;

export async function encryptPrivateKey(
  privateKey: CryptoKey,
  passphrase: string,
  opts: { iterations?: number } = {},
): Promise<string> {
  const iterations = opts.iterations ?? DEFAULT_PBKDF2_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
    throw new PkiInputError("invalid_argument", "The PBKDF2 iteration count is out of range.");
  }
  if (passphrase.length === 0)
    throw new PkiInputError("invalid_argument", "The passphrase must not be empty.");
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const pkcs8 = new Uint8Array(await subtle().exportKey("pkcs8", privateKey));
  const aesKey = await deriveAesKey(passphrase, salt, iterations, "SHA-256", 32, "encrypt");
  const ciphertext = await subtle().encrypt({ name: "AES-CBC", iv }, aesKey, pkcs8);
  pkcs8.fill(0); // best effort: don't leave the plain key lying in memory longer than needed

  const kdf = new Pbkdf2Params({
    salt: new OctetString(salt),
    iterationCount: iterations,
    prf: new AlgorithmIdentifier({ algorithm: OID.hmacWithSha256, parameters: ASN_NULL }),
  });
  const pbes2 = new Pbes2Params({
    keyDerivationFunc: new AlgorithmIdentifier({
      algorithm: OID.pbkdf2,
      parameters: AsnConvert.serialize(kdf),
    }),
    encryptionScheme: new AlgorithmIdentifier({
      algorithm: OID.aes256Cbc,
      parameters: AsnConvert.serialize(new OctetString(iv)),
    }),
  });
  const info = new EncryptedPrivateKeyInfo({
    encryptionAlgorithm: new AlgorithmIdentifier({
      algorithm: OID.pbes2,
      parameters: AsnConvert.serialize(pbes2),
    }),
    encryptedData: new EncryptedData(ciphertext),
  });
  return toPem("ENCRYPTED PRIVATE KEY", new Uint8Array(AsnConvert.serialize(info)));
}

/** Decrypts "ENCRYPTED PRIVATE KEY" (PEM, or DER bytes). Wrong passphrase → code "bad_passphrase". */
export async function decryptPrivateKey(
  pem: string | Uint8Array,
  passphrase: string,
  algorithm: KeyAlgorithmChoice = "auto",
  opts: ImportKeyOptions = {},
): Promise<CryptoKey> {
  const info = readEncryptedKey(pem);
  const { hash, salt, iterations, keyBytes, iv } = readPbes2(info.encryptionAlgorithm);
  const aesKey = await deriveAesKey(passphrase, salt, iterations, hash, keyBytes, "decrypt");
  let pkcs8: Uint8Array;
  try {
    pkcs8 = new Uint8Array(
      await subtle().decrypt({ name: "AES-CBC", iv }, aesKey, toBytes(info.encryptedData.buffer)),
    );
  } catch (e) {
    throw new PkiInputError("bad_passphrase", "The passphrase is wrong.", { cause: e });
  }
  // ~1 wrong passphrase in 256 still yields valid padding; the garbage then fails to parse.
  if (!parseAs(pkcs8, PrivateKeyInfo))
    throw new PkiInputError("bad_passphrase", "The passphrase is wrong.");
  return importPkcs8(pkcs8, algorithm, opts);
}

function readEncryptedKey(input: string | Uint8Array): EncryptedPrivateKeyInfo {
  let der: Uint8Array | undefined;
  if (typeof input === "string") {
    const block = decodePemBlocks(input).find((b) => b.label.endsWith("PRIVATE KEY"));
    if (block?.label === "PRIVATE KEY") {
      throw new PkiInputError(
        "invalid_argument",
        "This key is not encrypted: no passphrase is needed.",
      );
    }
    if (block && block.label !== "ENCRYPTED PRIVATE KEY") {
      throw new PkiInputError(
        "unsupported_algorithm",
        "This is a legacy OpenSSL key format; convert it with `openssl pkcs8 -topk8 -v2 aes-256-cbc`.",
      );
    }
    der = block?.der;
  } else {
    der = input;
  }
  const info = der ? parseAs(der, EncryptedPrivateKeyInfo) : null;
  if (!info)
    throw new PkiInputError(
      "not_a_private_key",
      "No encrypted private key (ENCRYPTED PRIVATE KEY) was found.",
    );
  return info;
}

function readPbes2(alg: AlgorithmIdentifier) {
  const unsupported = (what: string) =>
    new PkiInputError(
      "unsupported_algorithm",
      `${what} is not supported; re-encrypt the key with \`openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256\`.`,
    );
  if (alg.algorithm !== OID.pbes2 || !alg.parameters)
    throw unsupported(`Encryption scheme ${alg.algorithm}`);
  const pbes2 = parseAs(new Uint8Array(alg.parameters), Pbes2Params);
  const kdfParams = pbes2?.keyDerivationFunc.parameters;
  if (!pbes2 || pbes2.keyDerivationFunc.algorithm !== OID.pbkdf2 || !kdfParams)
    throw unsupported("This key derivation");
  const kdf = parseAs(new Uint8Array(kdfParams), Pbkdf2Params);
  const hash = PRF_HASHES[kdf?.prf?.algorithm ?? OID.hmacWithSha1];
  const keyBytes = AES_CBC_KEY_BYTES[pbes2.encryptionScheme.algorithm];
  const ivParams = pbes2.encryptionScheme.parameters;
  const iv = ivParams ? parseAs(new Uint8Array(ivParams), OctetString) : null;
  if (!kdf || !hash) throw unsupported("This PBKDF2 variant");
  if (!keyBytes || !iv || iv.byteLength !== 16)
    throw unsupported(`Cipher ${pbes2.encryptionScheme.algorithm}`);
  if (kdf.keyLength !== undefined && kdf.keyLength !== keyBytes)
    throw unsupported("A mismatched key length");
  if (kdf.iterationCount < 1 || kdf.iterationCount > MAX_PBKDF2_ITERATIONS)
    throw unsupported("This iteration count");
  return {
    hash,
    salt: toBytes(kdf.salt.buffer),
    iterations: kdf.iterationCount,
    keyBytes,
    iv: toBytes(iv.buffer),
  };
}

async function deriveAesKey(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
  hash: string,
  keyBytes: number,
  usage: "encrypt" | "decrypt",
): Promise<CryptoKey> {
  // PKCS#5 leaves the password encoding open; OpenSSL uses the raw bytes, i.e. UTF-8 in practice.
  const base = await subtle().importKey("raw", utf8Encode(passphrase), "PBKDF2", false, [
    "deriveKey",
  ]);
  return subtle().deriveKey(
    { name: "PBKDF2", salt, iterations, hash },
    base,
    { name: "AES-CBC", length: keyBytes * 8 },
    false,
    [usage],
  );
}
