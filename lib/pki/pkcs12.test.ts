import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCertificate, type ParsedCertificate } from "./certificate";
import { PkiInputError } from "./errors";
import { importPlainPrivateKey } from "./keys";
import { pemBundle } from "./pem-bundle";
import { createPkcs12 } from "./pkcs12";
import { makeCaFixtures, type CaFixtures } from "./test-support/ca";

let fx: CaFixtures;
let good: ParsedCertificate;
let issuing: ParsedCertificate;
let root: ParsedCertificate;
beforeAll(async () => {
  fx = makeCaFixtures();
  [good, issuing, root] = await Promise.all([
    parseCertificate(fx.good),
    parseCertificate(fx.issuing),
    parseCertificate(fx.root),
  ]);
});
afterAll(() => fx?.ssl.cleanup());

/** `openssl pkcs12 -info -nodes` output for the file, or throws with OpenSSL's error. */
function opensslInfo(p12: Uint8Array, password: string, name = "x.p12"): string {
  fx.ssl.write(name, p12);
  // -passin file: so that non-ASCII passwords reach OpenSSL byte for byte.
  fx.ssl.write("pass.txt", `${password}\n`);
  return fx.ssl.runAll(["pkcs12", "-info", "-in", name, "-passin", "file:pass.txt", "-nodes"]);
}

function pubkeyOf(pem: string, kind: "key" | "cert"): string {
  fx.ssl.write("probe.pem", pem);
  return kind === "key"
    ? fx.ssl.run(["pkey", "-in", "probe.pem", "-pubout"])
    : fx.ssl.run(["x509", "-in", "probe.pem", "-pubkey", "-noout"]);
}

describe("createPkcs12", () => {
  it("OpenSSL 3 opens it: the key matches the certificate and the whole chain is inside", async () => {
    const privateKey = await importPlainPrivateKey(fx.clientKey, "auto", { extractable: true });
    const p12 = await createPkcs12({
      privateKey,
      certificate: good,
      chain: [issuing, root],
      password: "correct horse",
      iterations: 10_000,
    });
    const info = opensslInfo(p12, "correct horse");
    expect(info).toMatch(/MAC: sha256, Iteration 10000/);
    expect(info).toMatch(/PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256/);
    expect(info.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(3);
    expect(info.match(/-----BEGIN PRIVATE KEY-----/g)).toHaveLength(1);
    expect(info).toContain("friendlyName: TLSMA-ECDSA/MGW_000001/PPR");
    for (const cert of [good, issuing, root]) expect(info).toContain(cert.pem.trim());
    const keyPem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(info)![0];
    expect(pubkeyOf(keyPem, "key")).toBe(pubkeyOf(fx.good, "cert"));
    // The key bag and the leaf's bag share a localKeyID (how importers pair them).
    const ids = info.match(/localKeyID: ([0-9A-F ]+)/g)!;
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it("works with RSA keys, a non-ASCII password and a custom friendly name, at the default iteration count", async () => {
    const privateKey = await importPlainPrivateKey(fx.ssl.read("rsa2048.key"), "auto", {
      extractable: true,
    });
    const rsa = await parseCertificate(fx.rsa2048);
    const started = performance.now();
    const p12 = await createPkcs12({
      privateKey,
      certificate: rsa,
      chain: [issuing],
      password: "pässwörd €",
      friendlyName: "ops key",
    });
    const took = performance.now() - started;
    const info = opensslInfo(p12, "pässwörd €");
    expect(info).toMatch(/MAC: sha256, Iteration 600000/);
    expect(info).toContain("friendlyName: ops key");
    expect(info.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);
    expect(took).toBeLessThan(20_000);
  });

  it("the wrong password does not open it", async () => {
    const privateKey = await importPlainPrivateKey(fx.clientKey, "auto", { extractable: true });
    const p12 = await createPkcs12({
      privateKey,
      certificate: good,
      chain: [],
      password: "right",
      iterations: 2048,
    });
    expect(() => opensslInfo(p12, "wrong")).toThrow(/mac verify failure|invalid password/i);
  });

  it("refuses a key that does not belong to the certificate, empty passwords, and non-extractable keys", async () => {
    const other = await importPlainPrivateKey(fx.ssl.read("rsa2048.key"), "auto", {
      extractable: true,
    });
    const mine = await importPlainPrivateKey(fx.clientKey, "auto", { extractable: true });
    const locked = await importPlainPrivateKey(fx.clientKey, "auto", { extractable: false });
    const cases: [CryptoKey, string, string][] = [
      [other, "pw", "key_type_mismatch"],
      [mine, "", "invalid_argument"],
      [locked, "pw", "invalid_argument"],
    ];
    for (const [privateKey, password, code] of cases) {
      const error = await createPkcs12({
        privateKey,
        certificate: good,
        chain: [],
        password,
        iterations: 1000,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PkiInputError);
      expect((error as PkiInputError).code).toBe(code);
    }
  });
});

describe("pemBundle", () => {
  it("certificate, then chain, then the key; OpenSSL reads it back", () => {
    const text = pemBundle(good, [issuing, good, root], `some comment\n${fx.clientKey}`);
    expect(text.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(3);
    expect(text.indexOf(good.pem)).toBe(0);
    expect(text.indexOf(issuing.pem)).toBeLessThan(text.indexOf(root.pem));
    expect(text).not.toContain("some comment");
    expect(text.endsWith("-----END PRIVATE KEY-----\n")).toBe(true);
    fx.ssl.write("bundle.pem", text);
    expect(fx.ssl.run(["pkey", "-in", "bundle.pem", "-pubout"])).toBe(pubkeyOf(fx.good, "cert"));
    fx.ssl.write("roots.pem", fx.root);
    expect(
      fx.ssl.run(["verify", "-CAfile", "roots.pem", "-untrusted", "bundle.pem", "bundle.pem"]),
    ).toContain("OK");
  });

  it("without a key it is just the chain; a non-key text is refused", () => {
    expect(pemBundle(good, [issuing])).toBe(good.pem + issuing.pem);
    expect(() => pemBundle(good, [], fx.good)).toThrow(PkiInputError);
  });
});
