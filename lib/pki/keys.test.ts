import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsr } from "./csr";
import type { PkiInputError } from "./errors";
import {
  exportPrivateKeyPlain,
  importPkcs8,
  importPlainPrivateKey,
  publicKeyMatches,
} from "./keys";
import { decodePemBlocks } from "./pem";
import { makeCsrFixtures, type CsrFixtures } from "./test-support/openssl";

let fx: CsrFixtures;
beforeAll(() => {
  fx = makeCsrFixtures();
  fx.ssl.run(["rsa", "-in", "rsa2048.key", "-traditional", "-out", "pkcs1.pem"]);
  fx.ssl.run(["ec", "-in", "ec256.key", "-out", "sec1.pem"]);
  fx.ssl.run(["pkey", "-in", "ec256.key", "-pubout", "-out", "ec256.pub"]);
});
afterAll(() => fx?.ssl.cleanup());

describe("importPlainPrivateKey", () => {
  it("imports PKCS#8 RSA and EC keys with the right WebCrypto algorithm", async () => {
    const rsa = await importPlainPrivateKey(fx.privateKey);
    expect(rsa.algorithm).toMatchObject({ name: "RSASSA-PKCS1-v1_5", modulusLength: 4096 });
    const ec = await importPlainPrivateKey(fx.ssl.read("ec256.key"), "ECDSA");
    expect(ec.algorithm).toMatchObject({ name: "ECDSA", namedCurve: "P-256" });
  });

  it("imports legacy PKCS#1 and SEC1 keys", async () => {
    const pkcs1 = await importPlainPrivateKey(fx.ssl.read("pkcs1.pem"));
    expect(await publicKeyMatches(pkcs1, fx.rsa2048)).toBe(true);
    const sec1 = await importPlainPrivateKey(fx.ssl.read("sec1.pem"));
    expect(await publicKeyMatches(sec1, fx.ecP256)).toBe(true);
  });

  it("explains misuse with typed errors", async () => {
    const code = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e: PkiInputError) => e.code,
      );
    expect(await code(importPlainPrivateKey(fx.rsa4096))).toBe("not_a_private_key");
    expect(await code(importPlainPrivateKey(fx.privateKey, "ECDSA"))).toBe("key_type_mismatch");
    fx.ssl.run(["pkcs8", "-topk8", "-in", "ec256.key", "-passout", "pass:x", "-out", "enc.pem"]);
    expect(await code(importPlainPrivateKey(fx.ssl.read("enc.pem")))).toBe("encrypted_private_key");
    fx.ssl.run(["genpkey", "-algorithm", "ED25519", "-out", "ed.key"]);
    expect(await code(importPlainPrivateKey(fx.ssl.read("ed.key")))).toBe("unsupported_algorithm");
  });

  it("exportPrivateKeyPlain writes PKCS#8 that OpenSSL reads", async () => {
    const key = await importPlainPrivateKey(fx.ssl.read("ec256.key"));
    fx.ssl.write("exported.pem", await exportPrivateKeyPlain(key));
    expect(fx.ssl.run(["pkey", "-in", "exported.pem", "-pubout"])).toBe(fx.ssl.read("ec256.pub"));
  });
});

describe("publicKeyMatches", () => {
  it("matches the key's own CSR, certificate-less public key, and SPKI hash; not another key's", async () => {
    const rsa = await importPlainPrivateKey(fx.privateKey);
    const ec = await importPlainPrivateKey(fx.ssl.read("ec256.key"));
    expect(await publicKeyMatches(rsa, fx.rsa4096)).toBe(true);
    expect(await publicKeyMatches(rsa, fx.rsa2048)).toBe(false);
    expect(await publicKeyMatches(rsa, fx.ecP256)).toBe(false);
    expect(await publicKeyMatches(ec, fx.ssl.read("ec256.pub"))).toBe(true);
    expect(await publicKeyMatches(ec, fx.ecP384)).toBe(false);
    const hash = (await parseCsr(fx.rsa4096)).publicKeySha256;
    expect(await publicKeyMatches(rsa, hash)).toBe(true);
    expect(await publicKeyMatches(rsa, hash.toUpperCase().replace(/(..)(?!$)/g, "$1:"))).toBe(true);
    expect(await publicKeyMatches(ec, hash)).toBe(false);
  });

  it("proves possession by signing when the private key is not extractable", async () => {
    const der = decodePemBlocks(fx.ssl.read("ec256.key"))[0]!.der;
    const locked = await importPkcs8(der, "auto", { extractable: false });
    expect(await publicKeyMatches(locked, fx.ecP256)).toBe(true);
    expect(await publicKeyMatches(locked, fx.ecP384)).toBe(false);
    const lockedRsa = await importPkcs8(decodePemBlocks(fx.privateKey)[0]!.der, "RSA", {
      extractable: false,
    });
    expect(await publicKeyMatches(lockedRsa, fx.rsa4096)).toBe(true);
    expect(await publicKeyMatches(lockedRsa, fx.rsa2048)).toBe(false);
  });

  it("certificate input works; input without a public key is an error", async () => {
    const rsa2048 = await importPlainPrivateKey(fx.ssl.read("rsa2048.key"));
    expect(await publicKeyMatches(rsa2048, fx.certificate)).toBe(true);
    await expect(publicKeyMatches(rsa2048, "nonsense")).rejects.toMatchObject({
      code: "invalid_argument",
    });
  });
});
