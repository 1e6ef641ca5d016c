import { X509Certificate } from "node:crypto";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCertificate } from "./certificate";
import { parseCsr } from "./csr";
import { PkiInputError } from "./errors";
import { toPem } from "./pem";
import { makeCaFixtures, type CaFixtures } from "./test-support/ca";
import { ECDSA_CN, ORG } from "./test-support/openssl";

let fx: CaFixtures;
beforeAll(() => {
  fx = makeCaFixtures();
});
afterAll(() => fx?.ssl.cleanup());

async function expectCode(input: string | Uint8Array, code: string) {
  const error = await parseCertificate(input).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PkiInputError);
  expect((error as PkiInputError).code).toBe(code);
  expect((error as PkiInputError).message.length).toBeGreaterThan(10);
}

const opensslField = (file: string, ...flags: string[]) =>
  fx.ssl.run(["x509", "-in", file, "-noout", ...flags]).trim();

describe("parseCertificate on OpenSSL-made certificates", () => {
  it("reads the good client certificate exactly as OpenSSL does", async () => {
    const cert = await parseCertificate(fx.good);
    expect(cert.subject).toMatchObject({ ...ORG, CN: ECDSA_CN, other: [] });
    expect(cert.subjectDn).toBe(
      "C=FR, ST=Ile-de-France, L=Paris, O=Example Payments\\, SAS, OU=Payments Ops, CN=TLSMA-ECDSA/MGW_000001/PPR",
    );
    expect(cert.issuerDn).toBe("C=FR, O=Thales Test, CN=Thales Test Issuing CA");
    expect(cert.issuer.CN).toBe("Thales Test Issuing CA");
    expect(`serial=${cert.serialNumber}`).toBe(opensslField("good.pem", "-serial"));
    expect(`sha256 Fingerprint=${cert.sha256.toUpperCase().match(/../g)!.join(":")}`).toBe(
      opensslField("good.pem", "-fingerprint", "-sha256"),
    );
    expect(cert).toMatchObject({
      version: 3,
      keyType: "ECDSA",
      curve: "P-256",
      isCa: false,
      selfIssued: false,
      keyUsage: ["digitalSignature"],
      extendedKeyUsage: ["clientAuth"],
      subjectAltNames: [],
      signatureAlgorithm: {
        name: "sha256WithRSAEncryption",
        hash: "SHA-256",
        oid: "1.2.840.113549.1.1.11",
      },
    });
    expect(cert.criticalExtensions.sort()).toEqual(["2.5.29.15", "2.5.29.19"]);
    expect(cert.keySize).toBeUndefined();
    expect(cert.pathLength).toBeUndefined();
    const dates = opensslField("good.pem", "-dates");
    expect(dates).toContain(`notAfter=${new X509Certificate(fx.good).validTo}`);
    expect(cert.notAfter.getTime()).toBe(new Date(new X509Certificate(fx.good).validTo).getTime());
    expect(cert.notAfter.getTime() - cert.notBefore.getTime()).toBe(1826 * 86_400_000);
    expect(cert.pem).toBe(fx.good);
  });

  it("publicKeySha256 equals the CSR's, so certificates can be matched to CSRs", async () => {
    const [cert, csr] = await Promise.all([parseCertificate(fx.good), parseCsr(fx.clientCsr)]);
    expect(cert.publicKeySha256).toBe(csr.publicKeySha256);
    expect(cert.spki).toEqual(csr.spki);
    const rsa = await parseCertificate(fx.rsa2048);
    expect(rsa.publicKeySha256).toBe((await parseCsr(fx.rsa2048Csr)).publicKeySha256);
    expect(rsa.publicKeySha256).not.toBe(cert.publicKeySha256);
  });

  it("links key identifiers: the leaf's AKI is the issuing CA's SKI", async () => {
    const [leaf, issuing, root] = await Promise.all([
      parseCertificate(fx.good),
      parseCertificate(fx.issuing),
      parseCertificate(fx.root),
    ]);
    expect(leaf.authorityKeyIdentifier).toMatch(/^[0-9a-f]{40}$/);
    expect(leaf.authorityKeyIdentifier).toBe(issuing.subjectKeyIdentifier);
    expect(issuing.authorityKeyIdentifier).toBe(root.subjectKeyIdentifier);
    const ski = fx.ssl
      .run(["x509", "-in", "issuing.pem", "-noout", "-ext", "subjectKeyIdentifier"])
      .split("\n")[1]!
      .trim();
    expect(issuing.subjectKeyIdentifier).toBe(ski.replace(/:/g, "").toLowerCase());
  });

  it("describes CAs: basic constraints, path length, key usage, self-issued root", async () => {
    const [issuing, root] = await Promise.all([
      parseCertificate(fx.issuing),
      parseCertificate(fx.root),
    ]);
    expect(issuing).toMatchObject({
      isCa: true,
      pathLength: 0,
      keyType: "RSA",
      keySize: 2048,
      selfIssued: false,
    });
    expect(issuing.keyUsage).toEqual(["keyCertSign", "cRLSign"]);
    expect(issuing.signatureAlgorithm).toMatchObject({
      name: "ecdsa-with-SHA256",
      hash: "SHA-256",
    });
    expect(root).toMatchObject({ isCa: true, selfIssued: true, keyType: "ECDSA", curve: "P-384" });
    expect(root.pathLength).toBeUndefined();
    expect(root.issuer).toEqual(root.subject);
  });

  it("still parses the certificates the policy rejects, and reads SANs, PSS and EKUs", async () => {
    expect((await parseCertificate(fx.sha1)).signatureAlgorithm).toMatchObject({
      name: "sha1WithRSAEncryption",
      hash: "SHA-1",
    });
    expect((await parseCertificate(fx.serverAuthOnly)).extendedKeyUsage).toEqual(["serverAuth"]);
    expect((await parseCertificate(fx.noEku)).extendedKeyUsage).toEqual([]);
    expect((await parseCertificate(fx.pss)).signatureAlgorithm).toMatchObject({
      name: "RSASSA-PSS",
      hash: "SHA-256",
    });
    const server = await parseCertificate(fx.amazonLeaf);
    expect(server.subjectAltNames).toEqual([
      "DNS:d1.example.test",
      "DNS:*.d1.example.test",
      "IP:192.0.2.10",
    ]);
    expect(server.keyUsage).toEqual(["digitalSignature", "keyEncipherment"]);
    expect(await parseCertificate(fx.selfSignedLeaf)).toMatchObject({
      selfIssued: true,
      isCa: false,
    });
  });

  it("accepts DER bytes, PEM uploaded as bytes, CRLF, text around, headerless base64 and a one-certificate PKCS#7", async () => {
    const { sha256, der } = await parseCertificate(fx.good);
    const body = fx.good.replace(/-----[A-Z ]+-----/g, "");
    fx.ssl.run(["crl2pkcs7", "-nocrl", "-certfile", "good.pem", "-out", "one.p7b"]);
    for (const input of [
      der,
      new TextEncoder().encode(fx.good),
      fx.good.replace(/\n/g, "\r\n"),
      `Subject: whatever\n${fx.good}\nthanks\n`,
      body,
      fx.ssl.read("one.p7b"),
    ]) {
      expect((await parseCertificate(input)).sha256).toBe(sha256);
    }
  });

  it("agrees with node:crypto on every Mozilla root bundled with Node", async () => {
    for (const pem of tls.rootCertificates) {
      const ours = await parseCertificate(pem);
      const native = new X509Certificate(pem);
      expect(ours.sha256).toBe(native.fingerprint256.replace(/:/g, "").toLowerCase());
      // Node prints serial 0 as "0", OpenSSL's CLI as "00"; compare without leading zeros.
      expect(ours.serialNumber.replace(/^0+(?=.)/, "")).toBe(
        native.serialNumber.toUpperCase().replace(/^0+(?=.)/, ""),
      );
      expect(ours.isCa).toBe(native.ca);
      expect(ours.notBefore.getTime()).toBe(new Date(native.validFrom).getTime());
      expect(ours.notAfter.getTime()).toBe(new Date(native.validTo).getTime());
      expect(ours.publicKeySha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe("parseCertificate rejects what is not one certificate, with a typed error", () => {
  it("CSR → not_a_certificate", () => expectCode(fx.clientCsr, "not_a_certificate"));
  it("CSR as DER → not_a_certificate", async () =>
    expectCode((await parseCsr(fx.clientCsr)).der, "not_a_certificate"));
  it("private key → private_key", () => expectCode(fx.clientKey, "private_key"));
  it("certificate pasted with its key → private_key", () =>
    expectCode(fx.good + fx.clientKey, "private_key"));
  it("a PKCS#12 file → private_key", () => {
    fx.ssl.run([
      "pkcs12",
      "-export",
      "-in",
      "good.pem",
      "-inkey",
      "client.key",
      "-passout",
      "pass:x",
      "-out",
      "x.p12",
    ]);
    return expectCode(fx.ssl.readBytes("x.p12"), "private_key");
  });
  it("a chain → multiple_certificates", () => expectCode(fx.chainPem, "multiple_certificates"));
  it("a PKCS#7 chain → multiple_certificates", () =>
    expectCode(fx.p7bDer, "multiple_certificates"));
  it("garbage → undecodable", () => expectCode(fx.garbage, "undecodable"));
  it("text → undecodable", () => expectCode("not a certificate at all", "undecodable"));
  it("empty → empty", () => expectCode(" \n", "empty"));
  it("10 MB → too_large", () => expectCode(fx.huge, "too_large"));
  it("truncated DER → undecodable", async () => {
    const { der } = await parseCertificate(fx.good);
    await expectCode(der.subarray(0, der.length - 10), "undecodable");
  });
  it("a CERTIFICATE block whose body is another structure → undecodable", () =>
    expectCode(
      toPem("CERTIFICATE", new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])),
      "undecodable",
    ));
});
