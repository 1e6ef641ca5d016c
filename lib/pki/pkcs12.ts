// PKCS#12 (.p12/.pfx) export of a browser-held key with its certificate and chain, for servers and
// tools that want one password-protected file (Java keystores, Windows, many HSM importers).
// Modern algorithms only, as OpenSSL 3 writes by default: PBES2 (PBKDF2-HMAC-SHA256 +
// AES-256-CBC) for the key and the certificates, and an HMAC-SHA-256 MAC over the whole file.
// Windows before 10 (1709) / Server 2016 cannot open these; that is the price of not using
// the broken RC2/3DES-SHA1 legacy schemes.
import { AsnConvert } from "@peculiar/asn1-schema";
import { Attribute } from "@peculiar/asn1-x509";
import * as pkijs from "pkijs";
import { subtle, utf8Encode } from "./bytes";
import type { ParsedCertificate } from "./certificate";
import { encodeTlv } from "./der-reader";
import { PkiInputError } from "./errors";
import { digest, sha256Hex } from "./fingerprint";
import { derivePublicKeySpki } from "./keys";
import { DEFAULT_PBKDF2_ITERATIONS } from "./pkcs8-encrypt";

export interface CreatePkcs12Options {
  /** Must be extractable (keys made by generateCsr/importPkcs8/decryptPrivateKey are). */
  privateKey: CryptoKey;
  certificate: ParsedCertificate;
  /** Issuing CA(s), leaf's issuer first; the root may be included. */
  chain: ParsedCertificate[];
  password: string;
  /** Shown by importers as the entry's alias; defaults to the certificate's CN. */
  friendlyName?: string;
  /** PBKDF2 / MAC iteration count; default 600 000 like encryptPrivateKey. */
  iterations?: number;
}

export const DEFAULT_PKCS12_ITERATIONS = DEFAULT_PBKDF2_ITERATIONS;
const MAX_ITERATIONS = 10_000_000;

const OIDS = {
  pkcs8ShroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  friendlyName: "1.2.840.113549.1.9.20",
  localKeyId: "1.2.840.113549.1.9.21",
};

export async function createPkcs12(options: CreatePkcs12Options): Promise<Uint8Array> {
  const { privateKey, certificate, chain, password } = options;
  const iterations = options.iterations ?? DEFAULT_PKCS12_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
    throw new PkiInputError("invalid_argument", "The iteration count is out of range.");
  }
  if (typeof password !== "string" || password.length === 0) {
    throw new PkiInputError("invalid_argument", "The PKCS#12 password must not be empty.");
  }
  if (!privateKey.extractable) {
    throw new PkiInputError(
      "invalid_argument",
      "This private key cannot be exported (it was created non-extractable).",
    );
  }
  // A .p12 whose key does not match its certificate imports fine and fails at the first handshake.
  if ((await sha256Hex(await derivePublicKeySpki(privateKey))) !== certificate.publicKeySha256) {
    throw new PkiInputError(
      "key_type_mismatch",
      "The private key does not belong to this certificate.",
    );
  }

  // An explicit engine rather than pkijs' global one: works the same in Node 20+ and browsers,
  // and no other code calling pkijs.setEngine can change what we encrypt with.
  const engine = new pkijs.CryptoEngine({ name: "webcrypto", crypto: globalThis.crypto });
  const passwordBytes = utf8Encode(password).buffer;
  const encryption = {
    password: passwordBytes,
    // pkijs draws a fresh random IV itself; its type still asks for one, hence the cast.
    contentEncryptionAlgorithm: {
      name: "AES-CBC",
      length: 256,
    } as pkijs.ContentEncryptionAlgorithm,
    hmacHashAlgorithm: "SHA-256",
    iterationCount: iterations,
  };
  // localKeyId links the key to its certificate; OpenSSL uses the certificate's SHA-1, so do we.
  const keyAttributes = [
    attribute(
      OIDS.friendlyName,
      encodeTlv(0x1e, bmpString(options.friendlyName ?? certificate.subject.CN ?? "certificate")),
    ),
    attribute(OIDS.localKeyId, encodeTlv(0x04, await digest(certificate.der, "SHA-1"))),
  ];

  const pkcs8 = new Uint8Array(await subtle().exportKey("pkcs8", privateKey));
  const keyBag = new pkijs.PKCS8ShroudedKeyBag({
    parsedValue: pkijs.PrivateKeyInfo.fromBER(pkcs8),
  });
  pkcs8.fill(0); // best effort: don't leave the plain key lying around
  await keyBag.makeInternalValues(encryption, engine);

  const seen = new Set<string>();
  const certificateBags = [certificate, ...chain]
    .filter((c) => {
      if (seen.has(c.sha256)) return false;
      seen.add(c.sha256);
      return true;
    })
    .map(
      (c) =>
        new pkijs.SafeBag({
          bagId: OIDS.certBag,
          bagValue: new pkijs.CertBag({ parsedValue: pkijs.Certificate.fromBER(c.der) }),
          ...(c === certificate ? { bagAttributes: keyAttributes } : {}),
        }),
    );

  // Same layout as `openssl pkcs12 -export`: certificates in an encrypted SafeContents, the
  // (already shrouded) key in a plain one.
  const authenticatedSafe = new pkijs.AuthenticatedSafe({
    parsedValue: {
      safeContents: [
        { privacyMode: 1, value: new pkijs.SafeContents({ safeBags: certificateBags }) },
        {
          privacyMode: 0,
          value: new pkijs.SafeContents({
            safeBags: [
              new pkijs.SafeBag({
                bagId: OIDS.pkcs8ShroudedKeyBag,
                bagValue: keyBag,
                bagAttributes: keyAttributes,
              }),
            ],
          }),
        },
      ],
    },
  });
  await authenticatedSafe.makeInternalValues({ safeContents: [{ ...encryption }, {}] }, engine);

  const pfx = new pkijs.PFX({ parsedValue: { integrityMode: 0, authenticatedSafe } });
  await pfx.makeInternalValues(
    {
      password: passwordBytes,
      iterations,
      pbkdf2HashAlgorithm: { name: "SHA-256" },
      hmacHashAlgorithm: "SHA-256",
    },
    engine,
  );
  return new Uint8Array(pfx.toSchema().toBER(false));
}

/** Attribute ::= SEQUENCE { type OID, values SET OF ANY }, handed to pkijs as DER it parses itself. */
function attribute(type: string, value: Uint8Array<ArrayBuffer>): pkijs.Attribute {
  const der = AsnConvert.serialize(new Attribute({ type, values: [value.buffer] }));
  return pkijs.Attribute.fromBER(der);
}

/** BMPString content (UTF-16BE), as PKCS#9 friendlyName requires. */
function bmpString(text: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    out[i * 2] = text.charCodeAt(i) >> 8;
    out[i * 2 + 1] = text.charCodeAt(i) & 0xff;
  }
  return out;
}
