import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PkiInputError } from "./errors";
import { generateCsr } from "./generate";
import { exportPrivateKeyPlain, publicKeyMatches } from "./keys";
import { decryptPrivateKey, encryptPrivateKey } from "./pkcs8-encrypt";
import { ORG, OpenSslDir } from "./test-support/openssl";

const ssl = new OpenSslDir();
const PASS = "correct horse battery staple – ünïcode";
let rsa: Awaited<ReturnType<typeof generateCsr>>;
let ec: Awaited<ReturnType<typeof generateCsr>>;

beforeAll(async () => {
  [rsa, ec] = await Promise.all([
    generateCsr({ keyType: "RSA", subject: { ...ORG, CN: "TLSMA-RSA/MGW_000001/PPR" } }),
    generateCsr({ keyType: "ECDSA", subject: { ...ORG, CN: "TLSMA-ECDSA/MGW_000001/PPR" } }),
  ]);
});
afterAll(() => ssl.cleanup());

async function errorCode(promise: Promise<unknown>): Promise<string | undefined> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  return e instanceof PkiInputError ? e.code : `not a PkiInputError: ${String(e)}`;
}

describe("encryptPrivateKey → openssl", () => {
  it.each(["RSA", "ECDSA"] as const)(
    "%s: openssl decrypts it and the key matches the CSR",
    async (type) => {
      const { keys, csrPem } = type === "RSA" ? rsa : ec;
      const pem = await encryptPrivateKey(keys.privateKey, PASS, { iterations: 1000 });
      expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
      ssl.write(`${type}.enc.pem`, pem);
      ssl.write(`${type}.csr`, csrPem);
      ssl.write("pass.txt", PASS);
      ssl.run([
        "pkcs8",
        "-in",
        `${type}.enc.pem`,
        "-passin",
        "file:pass.txt",
        "-out",
        `${type}.plain.pem`,
      ]);
      const fromKey = ssl.run(["pkey", "-in", `${type}.plain.pem`, "-pubout"]);
      const fromCsr = ssl.run(["req", "-in", `${type}.csr`, "-pubkey", "-noout"]);
      expect(fromKey).toBe(fromCsr);
    },
  );

  it("uses PBES2 / PBKDF2 / hmacWithSHA256 / aes-256-cbc with a 16-byte salt and IV", async () => {
    ssl.write("asn1.pem", await encryptPrivateKey(ec.keys.privateKey, PASS, { iterations: 1234 }));
    const asn1 = ssl.run(["asn1parse", "-in", "asn1.pem"]);
    for (const name of ["PBES2", "PBKDF2", "hmacWithSHA256", "aes-256-cbc"])
      expect(asn1).toContain(`:${name}`);
    expect(asn1).toMatch(/INTEGER\s+:04D2/); // 1234 iterations
    expect(asn1.match(/prim: OCTET STRING\s+\[HEX DUMP\]:[0-9A-F]{32}\n/g)).toHaveLength(2); // salt + IV
  });

  it("defaults to 600000 iterations and our own decrypt reads it back", async () => {
    const pem = await encryptPrivateKey(ec.keys.privateKey, PASS);
    ssl.write("default.pem", pem);
    expect(ssl.run(["asn1parse", "-in", "default.pem"])).toMatch(/INTEGER\s+:0927C0/); // 600000
    const key = await decryptPrivateKey(pem, PASS, "ECDSA");
    expect(await publicKeyMatches(key, ec.publicKeySha256)).toBe(true);
  });

  it("never produces the same ciphertext twice (random salt and IV)", async () => {
    const a = await encryptPrivateKey(ec.keys.privateKey, PASS, { iterations: 10 });
    const b = await encryptPrivateKey(ec.keys.privateKey, PASS, { iterations: 10 });
    expect(a).not.toBe(b);
  });

  it("refuses an empty passphrase and a silly iteration count", async () => {
    expect(await errorCode(encryptPrivateKey(ec.keys.privateKey, ""))).toBe("invalid_argument");
    expect(await errorCode(encryptPrivateKey(ec.keys.privateKey, PASS, { iterations: 0 }))).toBe(
      "invalid_argument",
    );
  });
});

describe("decryptPrivateKey", () => {
  it("round-trips our own output for both key types, with auto-detection", async () => {
    for (const g of [rsa, ec]) {
      const pem = await encryptPrivateKey(g.keys.privateKey, PASS, { iterations: 1000 });
      const key = await decryptPrivateKey(pem, PASS);
      expect(await publicKeyMatches(key, g.csrPem)).toBe(true);
    }
  });

  it("decrypts keys encrypted by `openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256`", async () => {
    ssl.write("rsa.plain.pem", await exportPrivateKeyPlain(rsa.keys.privateKey));
    ssl.run([
      "pkcs8",
      "-topk8",
      "-v2",
      "aes-256-cbc",
      "-v2prf",
      "hmacWithSHA256",
      "-iter",
      "2048",
      "-in",
      "rsa.plain.pem",
      "-passout",
      "pass:openssl-pass",
      "-out",
      "rsa.openssl.enc.pem",
    ]);
    const key = await decryptPrivateKey(ssl.read("rsa.openssl.enc.pem"), "openssl-pass", "RSA");
    expect(key.algorithm.name).toBe("RSASSA-PKCS1-v1_5");
    expect(await publicKeyMatches(key, rsa.csrPem)).toBe(true);
  });

  it("decrypts other PBES2 variants OpenSSL writes (aes-128-cbc, default PRF, DER input)", async () => {
    ssl.write("ec.plain.pem", await exportPrivateKeyPlain(ec.keys.privateKey));
    ssl.run([
      "pkcs8",
      "-topk8",
      "-v2",
      "aes-128-cbc",
      "-v2prf",
      "hmacWithSHA1",
      "-iter",
      "100",
      "-in",
      "ec.plain.pem",
      "-passout",
      "pass:pw",
      "-outform",
      "DER",
      "-out",
      "ec.enc.der",
    ]);
    const key = await decryptPrivateKey(ssl.readBytes("ec.enc.der"), "pw");
    expect(await publicKeyMatches(key, ec.csrPem)).toBe(true);
  });

  it("wrong passphrase → bad_passphrase (many tries, covering the 1/256 valid-padding case)", async () => {
    const pem = await encryptPrivateKey(ec.keys.privateKey, PASS, { iterations: 1 });
    for (let i = 0; i < 300; i++) {
      expect(await errorCode(decryptPrivateKey(pem, `wrong-${i}`))).toBe("bad_passphrase");
    }
  });

  it("explains other misuse with typed errors", async () => {
    const pem = await encryptPrivateKey(ec.keys.privateKey, PASS, { iterations: 10 });
    expect(await errorCode(decryptPrivateKey(pem, PASS, "RSA"))).toBe("key_type_mismatch");
    expect(
      await errorCode(decryptPrivateKey(await exportPrivateKeyPlain(ec.keys.privateKey), PASS)),
    ).toBe("invalid_argument");
    expect(await errorCode(decryptPrivateKey(rsa.csrPem, PASS))).toBe("not_a_private_key");
    ssl.write("ec.plain.pem", await exportPrivateKeyPlain(ec.keys.privateKey));
    ssl.run([
      "pkcs8",
      "-topk8",
      "-v1",
      "PBE-SHA1-3DES",
      "-in",
      "ec.plain.pem",
      "-passout",
      "pass:pw",
      "-out",
      "pbes1.pem",
    ]);
    expect(await errorCode(decryptPrivateKey(ssl.read("pbes1.pem"), "pw"))).toBe(
      "unsupported_algorithm",
    );
  });
});
