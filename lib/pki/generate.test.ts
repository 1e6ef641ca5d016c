import { afterAll, describe, expect, it } from "vitest";
import { parseCsr } from "./csr";
import { PkiInputError } from "./errors";
import { generateCsr } from "./generate";
import { publicKeyMatches } from "./keys";
import { ORG, OpenSslDir } from "./test-support/openssl";

const ssl = new OpenSslDir();
afterAll(() => ssl.cleanup());

describe.each([
  { keyType: "RSA" as const, cn: "TLSMA-RSA/MGW_000001/PPR", sigAlg: "sha256WithRSAEncryption" },
  { keyType: "ECDSA" as const, cn: "TLSMA-ECDSA/MGW_000001/PRD", sigAlg: "ecdsa-with-SHA256" },
])("generateCsr($keyType)", ({ keyType, cn, sigAlg }) => {
  const generated = generateCsr({ keyType, subject: { ...ORG, CN: cn } });
  const file = `${keyType}.csr`;

  it("is accepted by `openssl req -verify` with the CN (slashes) and O (comma) intact", async () => {
    ssl.write(file, (await generated).csrPem);
    ssl.run(["req", "-in", file, "-verify", "-noout"]); // throws if the signature does not verify
    const subject = ssl
      .run(["req", "-in", file, "-subject", "-noout", "-nameopt", "RFC2253"])
      .trim();
    expect(subject).toBe(
      `subject=CN=${cn},OU=Payments Ops,O=Example Payments\\, SAS,L=Paris,ST=Ile-de-France,C=FR`,
    );
    const text = ssl.run(["req", "-in", file, "-text", "-noout"]);
    expect(text).toContain(`Signature Algorithm: ${sigAlg}`);
    expect(text).toContain(keyType === "RSA" ? "Public-Key: (4096 bit)" : "NIST CURVE: P-256");
  });

  it("encodes Country as PrintableString and the other fields as UTF8String, like OpenSSL", async () => {
    ssl.write(file, (await generated).csrPem);
    const asn1 = ssl.run(["asn1parse", "-in", file]);
    expect(asn1).toMatch(/PRINTABLESTRING\s+:FR/);
    expect(asn1).toMatch(new RegExp(`UTF8STRING\\s+:${cn.replace(/\//g, "\\/")}`));
  });

  it("round-trips through parseCsr with the same public key hash, and the key pair matches", async () => {
    const { csrPem, keys, publicKeySha256 } = await generated;
    const parsed = await parseCsr(csrPem);
    expect(parsed).toMatchObject({ keyType, signatureValid: true, publicKeySha256 });
    expect(parsed.subject).toMatchObject({ ...ORG, CN: cn });
    expect(keys.privateKey.extractable).toBe(true);
    expect(await publicKeyMatches(keys.privateKey, csrPem)).toBe(true);
    expect(csrPem).toMatch(
      /^-----BEGIN CERTIFICATE REQUEST-----\n[\s\S]+\n-----END CERTIFICATE REQUEST-----\n$/,
    );
  });
});

describe("generateCsr input checks", () => {
  it("refuses an empty field and a non-PrintableString country", async () => {
    const bad = [
      { ...ORG, CN: "" },
      { ...ORG, C: "FŘ", CN: "x" },
    ];
    for (const subject of bad) {
      await expect(generateCsr({ keyType: "ECDSA", subject })).rejects.toBeInstanceOf(
        PkiInputError,
      );
    }
  });

  it("keeps characters a DN string parser would mangle (quotes, backslashes, plus, leading #)", async () => {
    const subject = { ...ORG, O: '#1 "Best" + Co\\Ltd', CN: "a=b, c/d" };
    const { csrPem } = await generateCsr({ keyType: "ECDSA", subject });
    expect((await parseCsr(csrPem)).subject).toMatchObject(subject);
  });
});
