// The certificate policy end to end: OpenSSL-made certificates → parseCertificate → verifyChain
// → checkCertificate, as the import flow runs them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCertificate } from "../pki/certificate";
import { verifyChain } from "../pki/chain";
import { parseCsr, type ParsedCsr } from "../pki/csr";
import { makeCaFixtures, type CaFixtures } from "../pki/test-support/ca";
import { checkCertificate } from "./certificate-policy";

let fx: CaFixtures;
let csrs: ParsedCsr[];
beforeAll(async () => {
  fx = makeCaFixtures();
  csrs = await Promise.all([fx.clientCsr, fx.rsa2048Csr].map((p) => parseCsr(p)));
});
afterAll(() => fx?.ssl.cleanup());

/** Runs the checks like the import flow: CSR found by public key, chain against the Thales CAs. */
async function verdict(
  name: keyof CaFixtures,
  anchors: (keyof CaFixtures)[] = ["issuing", "root"],
) {
  const cert = await parseCertificate(fx[name] as string);
  const trusted = await Promise.all(anchors.map((a) => parseCertificate(fx[a] as string)));
  const csr = csrs.find((c) => c.publicKeySha256 === cert.publicKeySha256) ?? null;
  const now = new Date();
  const chainResult = trusted.length > 0 ? await verifyChain(cert, [], trusted, now) : null;
  const checks = checkCertificate(cert, { csr, chainResult, now });
  return {
    failed: checks.filter((c) => c.status === "fail").map((c) => c.code),
    warned: checks.filter((c) => c.status === "warn").map((c) => c.code),
  };
}

describe("checkCertificate on OpenSSL-made certificates", () => {
  it("the good client certificate passes everything", async () => {
    expect(await verdict("good")).toEqual({ failed: [], warned: [] });
  });

  it.each([
    ["rsa2048", ["cert.key_allowed"], []],
    ["sha1", ["cert.signature_sha256"], []],
    ["oneYear", ["cert.validity_about_5_years"], []],
    ["expired", ["cert.valid_now"], []],
    ["notYetValid", ["cert.valid_now"], []],
    ["serverAuthOnly", ["cert.eku_client_auth"], []],
    ["noEku", [], ["cert.eku_client_auth"]],
    ["pss", ["cert.signature_sha256"], []],
    ["unrelated", ["cert.chain_verifies"], []],
  ] as const)("%s → fails %o, warns %o", async (name, failed, warned) => {
    expect(await verdict(name)).toEqual({ failed, warned });
  });

  it("no issuing CA configured → the chain check is unverified, not a pass", async () => {
    expect(await verdict("good", [])).toEqual({ failed: [], warned: [] });
  });

  it("a certificate for a key with no CSR here (the Amazon-like server leaf) fails what it should", async () => {
    const { failed } = await verdict("amazonLeaf");
    expect(failed).toEqual(
      expect.arrayContaining([
        "cert.chain_verifies",
        "cert.eku_client_auth",
        "cert.validity_about_5_years",
      ]),
    );
  });
});
