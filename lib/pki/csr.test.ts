import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsr } from "./csr";
import { PkiInputError } from "./errors";
import { ECDSA_CN, makeCsrFixtures, ORG, RSA_CN, type CsrFixtures } from "./test-support/openssl";

let fx: CsrFixtures;
beforeAll(() => {
  fx = makeCsrFixtures();
});
afterAll(() => fx?.ssl.cleanup());

async function expectCode(input: string | Uint8Array, code: string) {
  const error = await parseCsr(input).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PkiInputError);
  expect((error as PkiInputError).code).toBe(code);
}

describe("parseCsr on OpenSSL-made CSRs", () => {
  it("reads a compliant RSA-4096 SHA-256 CSR, keeping slashes in the CN and the comma in O", async () => {
    const csr = await parseCsr(fx.rsa4096);
    expect(csr.subject).toMatchObject({ ...ORG, CN: RSA_CN, other: [] });
    expect(csr.subjectDn).toBe(
      "C=FR, ST=Ile-de-France, L=Paris, O=Example Payments\\, SAS, OU=Payments Ops, CN=TLSMA-RSA/MGW_000001/PPR",
    );
    expect(csr).toMatchObject({ keyType: "RSA", keySize: 4096, signatureValid: true });
    expect(csr.curve).toBeUndefined();
    expect(csr.signatureAlgorithm).toMatchObject({
      name: "sha256WithRSAEncryption",
      hash: "SHA-256",
    });
    expect(csr.pem).toBe(fx.rsa4096.replace(/\r\n/g, "\n"));
  });

  it("publicKeySha256 is the SHA-256 of the DER SubjectPublicKeyInfo, as OpenSSL computes it", async () => {
    const csr = await parseCsr(fx.rsa4096);
    fx.ssl.run(["req", "-in", "rsa4096.csr", "-pubkey", "-noout", "-out", "pub.pem"]);
    fx.ssl.run(["pkey", "-pubin", "-in", "pub.pem", "-outform", "DER", "-out", "pub.der"]);
    const digest = fx.ssl.run(["dgst", "-sha256", "-r", "pub.der"]).split(" ")[0];
    expect(csr.publicKeySha256).toBe(digest);
    expect(csr.publicKeySha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("still parses the CSRs the policy will reject (RSA 2048, SHA-1, P-384, wrong CN)", async () => {
    expect(await parseCsr(fx.rsa2048)).toMatchObject({
      keyType: "RSA",
      keySize: 2048,
      signatureValid: true,
    });
    expect(await parseCsr(fx.sha1)).toMatchObject({
      signatureAlgorithm: { name: "sha1WithRSAEncryption", hash: "SHA-1" },
      signatureValid: true,
    });
    expect(await parseCsr(fx.ecP384)).toMatchObject({
      keyType: "ECDSA",
      curve: "P-384",
      signatureValid: true,
    });
    expect((await parseCsr(fx.wrongCn)).subject.CN).toBe("www.example.com");
  });

  it("reads an ECDSA P-256 CSR", async () => {
    const csr = await parseCsr(fx.ecP256);
    expect(csr).toMatchObject({ keyType: "ECDSA", curve: "P-256", signatureValid: true });
    expect(csr.signatureAlgorithm).toMatchObject({ name: "ecdsa-with-SHA256", hash: "SHA-256" });
    expect(csr.subject.CN).toBe(ECDSA_CN);
    expect(csr.keySize).toBeUndefined();
  });

  it("flags a CSR whose signature was altered", async () => {
    const csr = await parseCsr(fx.tampered);
    expect(csr.signatureValid).toBe(false);
    expect(csr.subject.CN).toBe(RSA_CN);
  });

  it("accepts DER bytes and the NEW CERTIFICATE REQUEST label", async () => {
    const der = (await parseCsr(fx.rsa4096)).der;
    expect((await parseCsr(der)).subject.CN).toBe(RSA_CN);
    const legacy = fx.rsa4096.replace(/CERTIFICATE REQUEST/g, "NEW CERTIFICATE REQUEST");
    expect((await parseCsr(legacy)).subject.CN).toBe(RSA_CN);
  });

  it("lists CSR attributes such as an extension request, and hides a challenge password", async () => {
    fx.ssl.write(
      "attrs.cnf",
      [
        "[req]",
        "distinguished_name=dn",
        "attributes=attrs",
        "req_extensions=ext",
        "prompt=no",
        "[dn]",
        "CN=x",
        "[attrs]",
        "challengePassword=s3cret-value",
        "[ext]",
        "subjectAltName=DNS:example.com",
      ].join("\n"),
    );
    fx.ssl.run(["req", "-new", "-key", "ec256.key", "-config", "attrs.cnf", "-out", "attrs.csr"]);
    const csr = await parseCsr(fx.ssl.read("attrs.csr"));
    expect(csr.attributes).toEqual(
      expect.arrayContaining([
        { oid: "1.2.840.113549.1.9.14", name: "extensionRequest", value: "subjectAltName" },
        { oid: "1.2.840.113549.1.9.7", name: "challengePassword", value: "(hidden)" },
      ]),
    );
    expect(JSON.stringify(csr)).not.toContain("s3cret-value");
  });

  it("puts extra and repeated subject attributes in `other`", async () => {
    fx.ssl.run([
      "req",
      "-new",
      "-key",
      "ec256.key",
      "-subj",
      "/CN=a/OU=one/OU=two/emailAddress=ops@example.com",
      "-out",
      "extra.csr",
    ]);
    const csr = await parseCsr(fx.ssl.read("extra.csr"));
    expect(csr.subject.OU).toBe("one");
    expect(csr.subject.other).toEqual([
      { oid: "2.5.4.11", name: "OU", value: "two" },
      { oid: "1.2.840.113549.1.9.1", name: "emailAddress", value: "ops@example.com" },
    ]);
  });
});

describe("parseCsr rejects what is not a CSR with a typed error", () => {
  it("certificate → not_a_csr", () => expectCode(fx.certificate, "not_a_csr"));
  it("private key → private_key", () => expectCode(fx.privateKey, "private_key"));
  it("CSR pasted together with its private key → private_key", () =>
    expectCode(`${fx.rsa4096}\n${fx.privateKey}`, "private_key"));
  it("garbage bytes → undecodable", () => expectCode(fx.garbage, "undecodable"));
  it("random text → undecodable", () => expectCode("hello, this is not a CSR", "undecodable"));
  it("empty → empty", () => expectCode("  \n", "empty"));
  it("truncated PEM body → undecodable", () =>
    expectCode(fx.rsa4096.replace(/\n[A-Za-z0-9+/]{64}\n/, "\n"), "undecodable"));
});
