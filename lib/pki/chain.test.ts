import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCertificate, parseCertificateDer, type ParsedCertificate } from "./certificate";
import { verifyChain } from "./chain";
import { makeCaFixtures, type CaFixtures } from "./test-support/ca";

let fx: CaFixtures;
const c: Record<string, ParsedCertificate> = {};
beforeAll(async () => {
  fx = makeCaFixtures();
  const names = [
    "root",
    "issuing",
    "good",
    "rsa2048",
    "sha1",
    "expired",
    "notYetValid",
    "pss",
    "unrelatedCa",
    "unrelated",
    "expiredIssuing",
    "underExpiredIssuing",
    "issuedByLeaf",
    "amazonRoot",
    "amazonIntermediate",
    "amazonLeaf",
    "selfSignedLeaf",
  ] as const;
  for (const name of names) c[name] = await parseCertificate(fx[name]);
});
afterAll(() => fx?.ssl.cleanup());

const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);
const cns = (path: ParsedCertificate[]) => path.map((p) => p.subject.CN);

describe("verifyChain", () => {
  it("good client certificate → issuing CA → root", async () => {
    const result = await verifyChain(c.good!, [c.issuing!], [c.root!]);
    expect(result).toMatchObject({ ok: true, problems: [] });
    expect(cns(result.path)).toEqual([
      "TLSMA-ECDSA/MGW_000001/PPR",
      "Thales Test Issuing CA",
      "Thales Test Root CA",
    ]);
    expect(result.anchor?.sha256).toBe(c.root!.sha256);
  });

  it("the issuing CA itself may be the anchor (a client-cert-issuers store holding only it)", async () => {
    const result = await verifyChain(c.good!, [], [c.issuing!]);
    expect(result.ok).toBe(true);
    expect(result.path).toHaveLength(2);
  });

  it("agrees with `openssl verify`", async () => {
    fx.ssl.write("root-only.pem", fx.root);
    fx.ssl.write("issuing-only.pem", fx.issuing);
    expect(
      fx.ssl.run([
        "verify",
        "-CAfile",
        "root-only.pem",
        "-untrusted",
        "issuing-only.pem",
        "good.pem",
      ]),
    ).toContain("OK");
  });

  it("verifies RSA PKCS#1, RSA-PSS, ECDSA P-256 and P-384 signatures and SHA-1 (which the policy flags separately)", async () => {
    for (const leaf of [c.good!, c.pss!, c.sha1!, c.rsa2048!]) {
      expect((await verifyChain(leaf, [c.issuing!], [c.root!])).ok).toBe(true);
    }
    expect((await verifyChain(c.amazonLeaf!, [c.amazonIntermediate!], [c.amazonRoot!])).ok).toBe(
      true,
    );
  });

  it("no issuer among intermediates and anchors → chain.no_path", async () => {
    const result = await verifyChain(c.good!, [], [c.amazonRoot!]);
    expect(result.ok).toBe(false);
    expect(codes(result)).toEqual(["chain.no_path"]);
    expect(result.problems[0]!.message).toContain("Thales Test Issuing CA");
    expect(result.anchor).toBeUndefined();
  });

  it("a CA with the same name but another key (AKI ≠ SKI) is not taken as the issuer", async () => {
    expect(c.unrelated!.issuerDn).toBe(c.issuing!.subjectDn);
    const result = await verifyChain(c.unrelated!, [c.issuing!], [c.root!]);
    expect(codes(result)).toEqual(["chain.no_path"]);
  });

  it("signed by an unrelated CA: verifies only against that CA", async () => {
    expect((await verifyChain(c.unrelated!, [], [c.unrelatedCa!])).ok).toBe(true);
  });

  it("a signature that was altered → chain.bad_signature", async () => {
    const der = c.good!.der.slice();
    der[der.length - 3]! ^= 0x01;
    const tampered = await parseCertificateDer(der);
    const result = await verifyChain(tampered, [c.issuing!], [c.root!]);
    expect(codes(result)).toEqual(["chain.bad_signature"]);
    expect(result.problems[0]!.message).toMatch(/does not verify/);
  });

  it("a chain through an expired issuing CA → chain.expired_issuer", async () => {
    const result = await verifyChain(c.underExpiredIssuing!, [c.expiredIssuing!], [c.root!]);
    expect(codes(result)).toEqual(["chain.expired_issuer"]);
    expect(cns(result.path)).toEqual([
      "TLSMA-ECDSA/MGW_000001/PPR",
      "Old Issuing CA",
      "Thales Test Root CA",
    ]);
    // ... but it was fine while that CA was valid.
    const back = new Date(c.expiredIssuing!.notAfter.getTime() - 86_400_000);
    expect(
      (await verifyChain(c.underExpiredIssuing!, [c.expiredIssuing!], [c.root!], back)).ok,
    ).toBe(true);
  });

  it("an issuer that is not a CA → chain.issuer_not_ca (and its key usage is wrong too)", async () => {
    const result = await verifyChain(c.issuedByLeaf!, [c.good!, c.issuing!], [c.root!]);
    expect(codes(result)).toEqual(
      expect.arrayContaining(["chain.issuer_not_ca", "chain.issuer_key_usage"]),
    );
    expect(result.ok).toBe(false);
    // pathlen:0 on the issuing CA forbids an extra CA level below it, too.
    expect(codes(result)).toContain("chain.path_length_exceeded");
  });

  it("an expired or not-yet-valid leaf → chain.expired / chain.not_yet_valid", async () => {
    expect(codes(await verifyChain(c.expired!, [c.issuing!], [c.root!]))).toEqual([
      "chain.expired",
    ]);
    expect(codes(await verifyChain(c.notYetValid!, [c.issuing!], [c.root!]))).toEqual([
      "chain.not_yet_valid",
    ]);
  });

  it("a self-signed leaf: untrusted unless it is itself an anchor", async () => {
    const untrusted = await verifyChain(c.selfSignedLeaf!, [], [c.root!]);
    expect(codes(untrusted)).toEqual(["chain.untrusted_root"]);
    const pinned = await verifyChain(c.selfSignedLeaf!, [], [c.selfSignedLeaf!]);
    expect(pinned).toMatchObject({ ok: true, problems: [] });
    expect(pinned.path).toHaveLength(1);
  });

  it("a root given only as an intermediate → chain.untrusted_root", async () => {
    const result = await verifyChain(c.good!, [c.issuing!, c.root!], [c.amazonRoot!]);
    expect(codes(result)).toEqual(["chain.untrusted_root"]);
    expect(result.path).toHaveLength(3);
  });

  it("many anchors (Mozilla-sized store) and duplicates are handled", async () => {
    const result = await verifyChain(
      c.amazonLeaf!,
      [c.amazonIntermediate!, c.amazonIntermediate!],
      [c.root!, c.amazonRoot!, c.amazonRoot!],
    );
    expect(result.ok).toBe(true);
    expect(result.path).toHaveLength(3);
  });
});
