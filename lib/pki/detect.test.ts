import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyInput } from "./detect";
import { makeCsrFixtures, type CsrFixtures } from "./test-support/openssl";

let fx: CsrFixtures;
const files: Record<string, string> = {};
beforeAll(() => {
  fx = makeCsrFixtures();
  const run = (...args: string[]) => fx.ssl.run(args);
  run("req", "-in", "rsa4096.csr", "-outform", "DER", "-out", "csr.der");
  run("x509", "-in", "cert.pem", "-outform", "DER", "-out", "cert.der");
  run(
    "req",
    "-x509",
    "-new",
    "-key",
    "ec256.key",
    "-subj",
    "/CN=second",
    "-days",
    "1",
    "-out",
    "cert2.pem",
  );
  run(
    "crl2pkcs7",
    "-nocrl",
    "-certfile",
    "cert.pem",
    "-certfile",
    "cert2.pem",
    "-out",
    "chain.p7b",
  );
  run("crl2pkcs7", "-nocrl", "-certfile", "cert.pem", "-outform", "DER", "-out", "chain.p7b.der");
  run("pkey", "-in", "ec256.key", "-outform", "DER", "-out", "key.der");
  run("pkey", "-in", "ec256.key", "-pubout", "-out", "pub.pem");
  run("pkey", "-in", "ec256.key", "-pubout", "-outform", "DER", "-out", "pub.der");
  run("rsa", "-in", "rsa2048.key", "-traditional", "-out", "pkcs1.pem");
  run("ec", "-in", "ec256.key", "-out", "sec1.pem");
  run(
    "rsa",
    "-in",
    "rsa2048.key",
    "-traditional",
    "-aes256",
    "-passout",
    "pass:x",
    "-out",
    "legacy-enc.pem",
  );
  run("pkcs8", "-topk8", "-in", "ec256.key", "-passout", "pass:x", "-out", "enc.pem");
  for (const name of [
    "cert2.pem",
    "chain.p7b",
    "pub.pem",
    "pkcs1.pem",
    "sec1.pem",
    "legacy-enc.pem",
    "enc.pem",
  ]) {
    files[name] = fx.ssl.read(name);
  }
});
afterAll(() => fx?.ssl.cleanup());

describe("classifyInput recognises each kind", () => {
  const cases: [string, () => string | Uint8Array, string, boolean?][] = [
    ["CSR (PEM)", () => fx.rsa4096, "csr"],
    ["CSR (DER)", () => fx.ssl.readBytes("csr.der"), "csr"],
    ["CSR (headerless base64)", () => fx.rsa4096.replace(/-----[A-Z ]+-----/g, ""), "csr"],
    [
      "NEW CERTIFICATE REQUEST",
      () => fx.rsa4096.replace(/CERTIFICATE REQUEST/g, "NEW CERTIFICATE REQUEST"),
      "csr",
    ],
    ["certificate (PEM)", () => fx.certificate, "certificate"],
    ["certificate (DER)", () => fx.ssl.readBytes("cert.der"), "certificate"],
    ["two certificates", () => fx.certificate + files["cert2.pem"], "certificates"],
    ["PKCS7 (PEM)", () => files["chain.p7b"]!, "pkcs7"],
    ["PKCS7 (DER)", () => fx.ssl.readBytes("chain.p7b.der"), "pkcs7"],
    ["public key (PEM)", () => files["pub.pem"]!, "public-key"],
    ["public key (DER)", () => fx.ssl.readBytes("pub.der"), "public-key"],
    ["PKCS#8 private key (PEM)", () => fx.privateKey, "private-key", true],
    ["PKCS#8 private key (DER)", () => fx.ssl.readBytes("key.der"), "private-key", true],
    [
      "PEM file uploaded as bytes",
      () => new TextEncoder().encode(fx.privateKey),
      "private-key",
      true,
    ],
    ["RSA PRIVATE KEY", () => files["pkcs1.pem"]!, "private-key", true],
    ["EC PRIVATE KEY", () => files["sec1.pem"]!, "private-key", true],
    ["ENCRYPTED PRIVATE KEY", () => files["enc.pem"]!, "encrypted-private-key", false],
    [
      "legacy encrypted RSA PRIVATE KEY",
      () => files["legacy-enc.pem"]!,
      "encrypted-private-key",
      false,
    ],
  ];
  it.each(cases)("%s", (_name, input, kind, unencryptedKey) => {
    const result = classifyInput(input());
    expect(result.kind).toBe(kind);
    expect(result.der).toBeInstanceOf(Uint8Array);
    expect(result.containsPrivateKey).toBe(unencryptedKey !== undefined);
    expect(result.containsUnencryptedPrivateKey).toBe(unencryptedKey === true);
  });

  it("gives every certificate of a chain in `objects`", () => {
    const result = classifyInput(`intro text\n${fx.certificate}\n${files["cert2.pem"]}`);
    expect(result.objects.map((o) => o.kind)).toEqual(["certificate", "certificate"]);
  });
});

describe("classifyInput spots private keys mixed with other material", () => {
  it("CSR + key: the CSR is primary but the key is reported", () => {
    const result = classifyInput(`${fx.rsa4096}\n${fx.privateKey}`);
    expect(result).toMatchObject({
      kind: "csr",
      containsPrivateKey: true,
      containsUnencryptedPrivateKey: true,
    });
    expect(result.objects.map((o) => o.kind)).toEqual(["csr", "private-key"]);
  });

  it("a key whose body is damaged still counts as a key", () => {
    const damaged = fx.privateKey.replace(/\n[A-Za-z0-9+/]{10}/, "\n!!!");
    const result = classifyInput(`${fx.rsa4096}${damaged}`);
    expect(result).toMatchObject({
      kind: "csr",
      containsPrivateKey: true,
      containsUnencryptedPrivateKey: true,
    });
  });

  it("an OpenSSH private key is a key too", () => {
    const text =
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
    expect(classifyInput(text)).toMatchObject({
      kind: "private-key",
      containsUnencryptedPrivateKey: true,
    });
  });
});

describe("classifyInput never throws on garbage", () => {
  it.each([
    ["empty string", ""],
    ["plain text", "hello world"],
    ["BEGIN without END", "-----BEGIN CERTIFICATE-----\nMIIB"],
    ["bad base64 body", "-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----"],
    ["valid base64, not DER", "-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----"],
    ["unsupported label", "-----BEGIN X509 CRL-----\naGVsbG8=\n-----END X509 CRL-----"],
  ])("%s → unknown with a reason", (_name, input) => {
    const result = classifyInput(input);
    expect(result.kind).toBe("unknown");
    expect(result.reason).toBeTruthy();
  });

  it("fixed garbage bytes → unknown", () => {
    expect(classifyInput(fx.garbage)).toMatchObject({ kind: "unknown", format: "der" });
    expect(classifyInput(new Uint8Array())).toMatchObject({ kind: "unknown" });
  });

  it("2000 random byte arrays and strings: no throw, fast", () => {
    const started = performance.now();
    const alphabet =
      "ABCabc012+/=-\n \t:-----BEGIN CERTIFICATE REQUEST PRIVATE KEY END\u00e9\u0000";
    for (let i = 0; i < 2000; i++) {
      const length = Math.floor(Math.random() * 600);
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      // Half the byte inputs look like a DER SEQUENCE so the ASN.1 parsers really run.
      if (i % 2 === 0 && length > 4)
        bytes.set([0x30, 0x82, (length - 4) >> 8, (length - 4) & 0xff]);
      const text = Array.from(
        { length },
        () => alphabet[Math.floor(Math.random() * alphabet.length)],
      ).join("");
      for (const input of [bytes, text]) {
        const result = classifyInput(input);
        expect(typeof result.kind).toBe("string");
      }
    }
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("a flipped byte anywhere in a real CSR never crashes", () => {
    const der = fx.ssl.readBytes("csr.der");
    for (let i = 0; i < der.length; i += 7) {
      const copy = der.slice();
      copy[i] = copy[i]! ^ 0xff;
      expect(() => classifyInput(copy)).not.toThrow();
    }
  });
});
