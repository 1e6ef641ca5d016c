import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BUNDLE_CERTIFICATES, parseCertificateBundle } from "./bundle";
import { parseCertificate } from "./certificate";
import { PkiInputError } from "./errors";
import { makeCaFixtures, type CaFixtures } from "./test-support/ca";

let fx: CaFixtures;
beforeAll(() => {
  fx = makeCaFixtures();
});
afterAll(() => fx?.ssl.cleanup());

async function expectCode(input: string | Uint8Array, code: string) {
  const error = await parseCertificateBundle(input).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PkiInputError);
  expect((error as PkiInputError).code).toBe(code);
  expect((error as PkiInputError).message.length).toBeGreaterThan(10);
}

const cn = (c: { subject: { CN?: string } } | null) => c?.subject.CN;

describe("parseCertificateBundle", () => {
  it("PEM bundle with text around: finds the leaf and orders the chain upwards", async () => {
    const text = `Hello, here is your certificate:\n\n${fx.root}\nIntermediate:\n${fx.issuing}\n${fx.good}\nRegards,\nThe PKI team\n`;
    const bundle = await parseCertificateBundle(text);
    expect(bundle.format).toBe("pem");
    expect(bundle.certificates.map(cn)).toEqual([
      "Thales Test Root CA",
      "Thales Test Issuing CA",
      "TLSMA-ECDSA/MGW_000001/PPR",
    ]);
    expect(cn(bundle.leaf)).toBe("TLSMA-ECDSA/MGW_000001/PPR");
    expect(bundle.chain.map(cn)).toEqual(["Thales Test Issuing CA", "Thales Test Root CA"]);
  });

  it("PKCS#7 as PEM and as DER (openssl crl2pkcs7) gives the same certificates", async () => {
    const pem = await parseCertificateBundle(fx.p7bPem);
    const der = await parseCertificateBundle(fx.p7bDer);
    expect(pem.format).toBe("pkcs7");
    expect(der.format).toBe("pkcs7");
    const expected = await Promise.all(
      [fx.good, fx.issuing, fx.root].map(async (p) => (await parseCertificate(p)).sha256),
    );
    expect(pem.certificates.map((c) => c.sha256)).toEqual(expected);
    expect(der.certificates.map((c) => c.sha256)).toEqual(expected);
    expect(cn(der.leaf)).toBe("TLSMA-ECDSA/MGW_000001/PPR");
    // A PKCS#7 mislabelled "CERTIFICATE" (some portals do this) is read by content.
    const relabelled = await parseCertificateBundle(fx.p7bPem.replace(/PKCS7/g, "CERTIFICATE"));
    expect(relabelled.certificates).toHaveLength(3);
  });

  it("a single DER certificate → format der, leaf = it, empty chain", async () => {
    const { der } = await parseCertificate(fx.good);
    const bundle = await parseCertificateBundle(der);
    expect(bundle).toMatchObject({ format: "der", chain: [] });
    expect(bundle.leaf?.der).toEqual(der);
  });

  it("Amazon-like server chain", async () => {
    const bundle = await parseCertificateBundle(
      fx.amazonLeaf + fx.amazonIntermediate + fx.amazonRoot,
    );
    expect(cn(bundle.leaf)).toBe("d1.example.test");
    expect(bundle.chain.map(cn)).toEqual(["Amazon Test RSA 2048 M01", "Amazon Test Root CA 1"]);
  });

  it("removes duplicates (by SHA-256), keeping the first occurrence", async () => {
    const bundle = await parseCertificateBundle(
      fx.good + fx.issuing + fx.good + fx.issuing + fx.issuing,
    );
    expect(bundle.certificates.map(cn)).toEqual([
      "TLSMA-ECDSA/MGW_000001/PPR",
      "Thales Test Issuing CA",
    ]);
    expect(cn(bundle.leaf)).toBe("TLSMA-ECDSA/MGW_000001/PPR");
  });

  it("leaf is null when there are only CAs, or several end-entity certificates", async () => {
    const cas = await parseCertificateBundle(fx.issuing + fx.root);
    expect(cas.leaf).toBeNull();
    expect(cas.chain).toHaveLength(2);
    const two = await parseCertificateBundle(fx.good + fx.amazonLeaf + fx.issuing);
    expect(two.leaf).toBeNull();
    expect(two.chain).toHaveLength(3);
  });

  it("a self-signed leaf is its own leaf", async () => {
    const bundle = await parseCertificateBundle(fx.selfSignedLeaf);
    expect(bundle.leaf?.selfIssued).toBe(true);
  });

  it("a CSR next to the certificates is ignored", async () => {
    const bundle = await parseCertificateBundle(fx.clientCsr + fx.good);
    expect(bundle.certificates).toHaveLength(1);
  });
});

describe("parseCertificateBundle rejects with a typed error", () => {
  it("private key anywhere → private_key", async () => {
    await expectCode(fx.chainPem + fx.clientKey, "private_key");
    await expectCode(new TextEncoder().encode(fx.clientKey + fx.good), "private_key");
    fx.ssl.run(["pkey", "-in", "client.key", "-outform", "DER", "-out", "client.key.der"]);
    await expectCode(fx.ssl.readBytes("client.key.der"), "private_key");
    fx.ssl.run(["pkcs8", "-topk8", "-in", "client.key", "-passout", "pass:x", "-out", "enc.key"]);
    await expectCode(fx.good + fx.ssl.read("enc.key"), "private_key");
  });

  it("a PKCS#12 file → private_key (it holds one)", async () => {
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
    await expectCode(fx.ssl.readBytes("x.p12"), "private_key");
  });

  it("a CSR → not_a_certificate", async () => {
    await expectCode(fx.clientCsr, "not_a_certificate");
    fx.ssl.run(["req", "-in", "client.csr", "-outform", "DER", "-out", "client.csr.der"]);
    await expectCode(fx.ssl.readBytes("client.csr.der"), "not_a_certificate");
  });

  it("garbage → undecodable", async () => {
    await expectCode(fx.garbage, "undecodable");
    await expectCode("nothing to see here", "undecodable");
    await expectCode(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), "undecodable");
  });

  it("a damaged block in a chain → undecodable, not silently dropped", async () => {
    const damaged = fx.issuing.replace(/\n[A-Za-z0-9+/]{64}\n/, "\n!!!!\n");
    await expectCode(fx.good + damaged + fx.root, "undecodable");
  });

  it("empty → empty; over 4 MB → too_large", async () => {
    await expectCode("", "empty");
    await expectCode(fx.huge, "too_large");
  });

  it(`more than ${MAX_BUNDLE_CERTIFICATES} certificates → too_many_certificates`, async () => {
    await expectCode(fx.root.repeat(MAX_BUNDLE_CERTIFICATES + 1), "too_many_certificates");
    // Exactly the limit is fine (and duplicates collapse).
    expect(
      (await parseCertificateBundle(fx.root.repeat(MAX_BUNDLE_CERTIFICATES))).certificates,
    ).toHaveLength(1);
  });
});
