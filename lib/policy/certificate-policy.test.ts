import { describe, expect, it } from "vitest";
import type { ChainResult } from "../pki/chain";
import {
  CERTIFICATE_CHECK_CODES,
  certificateVerdict,
  checkCertificate,
  type CertificateFacts,
} from "./certificate-policy";

const DAY = 86_400_000;
const NOW = new Date("2026-06-01T00:00:00Z");
const SUBJECT = {
  C: "FR",
  ST: "Ile-de-France",
  L: "Paris",
  O: "Example Payments, SAS",
  OU: "Payments Ops",
  CN: "TLSMA-ECDSA/MGW_000001/PPR",
};
const KEY = "ab".repeat(32);

function facts(over: Partial<CertificateFacts> = {}): CertificateFacts {
  const notBefore = new Date(NOW.getTime() - 10 * DAY);
  return {
    subject: { ...SUBJECT, other: [] },
    subjectDn: "C=FR, ...",
    publicKeySha256: KEY,
    keyType: "ECDSA",
    curve: "P-256",
    signatureAlgorithm: {
      name: "sha256WithRSAEncryption",
      hash: "SHA-256",
      oid: "1.2.840.113549.1.1.11",
    },
    notBefore,
    notAfter: new Date(notBefore.getTime() + 1826 * DAY),
    extendedKeyUsage: ["clientAuth"],
    ...over,
  };
}

const anchor = {
  subject: { CN: "Thales Issuing CA", other: [] },
  subjectDn: "CN=Thales Issuing CA",
} as unknown as ChainResult["anchor"];
const OK_CHAIN: ChainResult = { ok: true, path: [], anchor, problems: [] };
const CSR = { subjectDn: "C=FR, ...", subject: SUBJECT, publicKeySha256: KEY };

function statusOf(
  cert: CertificateFacts,
  ctx: Partial<Parameters<typeof checkCertificate>[1]> = {},
) {
  const checks = checkCertificate(cert, { csr: CSR, chainResult: OK_CHAIN, now: NOW, ...ctx });
  return Object.fromEntries(checks.map((c) => [c.code, c.status]));
}

describe("checkCertificate", () => {
  it("reports every check, in catalogue order, each with a sentence; all pass for a compliant certificate", () => {
    const checks = checkCertificate(facts(), { csr: CSR, chainResult: OK_CHAIN, now: NOW });
    expect(checks.map((c) => c.code)).toEqual(
      Object.keys(CERTIFICATE_CHECK_CODES).filter((c) => c !== "cert.subject_policy"),
    );
    expect(certificateVerdict(checks)).toBe("compliant");
    expect(checks.every((c) => c.status === "pass")).toBe(true);
    for (const c of checks) expect(c.message).toMatch(/^[A-Z].+\.$/);
  });

  it("no CSR: adopted — matches_csr is a note, the subject is checked against the CN template in force", () => {
    const cn = { template: null, merchantGatewayId: "MGW_000001", env: "PPR" as const };
    const checks = checkCertificate(facts(), { csr: null, chainResult: OK_CHAIN, now: NOW, cn });
    expect(checks[0]).toMatchObject({
      code: "cert.matches_csr",
      status: "note",
      reason: "csr.adopted",
    });
    expect(checks[0]!.message).toMatch(/^Adopted: no CSR on record has this public key/);
    expect(checks[1]).toMatchObject({ code: "cert.subject_policy", status: "pass" });
    expect(certificateVerdict(checks)).toBe("compliant");
    const prd = checkCertificate(facts(), {
      csr: null,
      chainResult: OK_CHAIN,
      now: NOW,
      cn: { ...cn, env: "PRD" },
    });
    expect(prd[1]).toMatchObject({
      code: "cert.subject_policy",
      status: "fail",
      reason: "subject.cn_template",
    });
    expect(prd[1]!.message).toContain('must be exactly "TLSMA-ECDSA/MGW_000001/PRD"');
    const rsa = checkCertificate(facts({ keyType: "RSA", keySize: 4096, curve: undefined }), {
      csr: null,
      chainResult: OK_CHAIN,
      now: NOW,
      cn,
    });
    expect(rsa[1]).toMatchObject({ status: "fail", reason: "subject.cn_template" });
    const noOu = checkCertificate(facts({ subject: { ...SUBJECT, OU: undefined, other: [] } }), {
      csr: null,
      chainResult: OK_CHAIN,
      now: NOW,
      cn,
    });
    expect(noOu[1]).toMatchObject({ status: "fail", reason: "subject.missing_field" });
  });

  it("a CSR with another key → fail", () => {
    const checks = checkCertificate(facts(), {
      csr: { ...CSR, publicKeySha256: "cd".repeat(32) },
      chainResult: OK_CHAIN,
      now: NOW,
    });
    expect(checks[0]).toMatchObject({
      code: "cert.matches_csr",
      status: "fail",
      reason: "csr.key_mismatch",
    });
  });

  it("subject differences are named field by field", () => {
    const checks = checkCertificate(
      facts({ subject: { ...SUBJECT, OU: "Other", ST: undefined, other: [] } }),
      { csr: CSR, now: NOW },
    );
    const subject = checks.find((c) => c.code === "cert.subject_matches_csr")!;
    expect(subject.status).toBe("fail");
    expect(subject.message).toContain(
      'the Organizational unit (OU) is "Other" instead of "Payments Ops"',
    );
    expect(subject.message).toContain('the State or province (ST) "Ile-de-France" is missing');
  });

  it.each([
    [{ keyType: "RSA" as const, keySize: 4096, curve: undefined }, "pass"],
    [{ keyType: "RSA" as const, keySize: 2048, curve: undefined }, "fail"],
    [{ keyType: "ECDSA" as const, curve: "P-384" }, "fail"],
    [{ keyType: "OTHER" as const, curve: undefined }, "fail"],
  ])("key %o → %s", (over, status) => {
    expect(statusOf(facts(over))["cert.key_allowed"]).toBe(status);
  });

  it("SHA-1 or PSS-with-SHA-384 signatures fail the SHA-256 rule", () => {
    expect(
      statusOf(
        facts({ signatureAlgorithm: { name: "sha1WithRSAEncryption", hash: "SHA-1", oid: "x" } }),
      )["cert.signature_sha256"],
    ).toBe("fail");
    // RSASSA-PSS is not "sha256WithRSAEncryption", whatever its hash.
    expect(
      statusOf(facts({ signatureAlgorithm: { name: "RSASSA-PSS", hash: "SHA-256", oid: "x" } }))[
        "cert.signature_sha256"
      ],
    ).toBe("fail");
    const pssKey = checkCertificate(facts({ keyType: "RSA", keySize: 4096, curve: undefined }), {
      csr: CSR,
      chainResult: OK_CHAIN,
      now: NOW,
      keyAlgorithmOid: "1.2.840.113549.1.1.10",
    });
    expect(pssKey.find((c) => c.code === "cert.key_allowed")).toMatchObject({
      status: "fail",
      reason: "key.rsa_pss",
    });
  });

  it("chain: unverified without issuers, fail with problems, and the leaf's own dates are left to valid_now", () => {
    const all = checkCertificate(facts(), { csr: CSR, chainResult: null, now: NOW });
    const none = all.find((c) => c.code === "cert.chain_verifies")!;
    expect(none).toMatchObject({ status: "unverified", reason: "issuers.store_empty" });
    expect(none.message).toContain(
      "add the Thales CA you received at onboarding".replace(/^a/, "A"),
    );
    expect(certificateVerdict(all)).toBe("unverified");
    const broken: ChainResult = {
      ok: false,
      path: [],
      problems: [{ code: "chain.no_path", message: "The issuer of X is missing." }],
    };
    const fail = checkCertificate(facts(), { csr: CSR, chainResult: broken, now: NOW }).find(
      (c) => c.code === "cert.chain_verifies",
    )!;
    expect(fail).toMatchObject({ status: "fail", reason: "issuers.not_in_store" });
    expect(fail.message).toContain("The issuer of X is missing.");
    const expiredOnly: ChainResult = {
      ok: false,
      path: [],
      anchor,
      problems: [{ code: "chain.expired", message: "expired" }],
    };
    expect(statusOf(facts(), { chainResult: expiredOnly })["cert.chain_verifies"]).toBe("pass");
  });

  it.each([
    [1826, "pass"],
    [1826 + 30, "pass"],
    [1826 - 30, "pass"],
    [1826 + 32, "warn"],
    [1826 - 40, "warn"],
    [4 * 365, "warn"],
    [6 * 365, "warn"],
    [4 * 365 - 30, "warn"],
    [4 * 365 - 33, "fail"],
    [3 * 365, "fail"],
    [365, "fail"],
    [7 * 365 + 10, "fail"],
  ])("validity of %i days → %s", (days, status) => {
    const notBefore = new Date(NOW.getTime() - DAY);
    const cert = facts({ notBefore, notAfter: new Date(notBefore.getTime() + days * DAY) });
    expect(statusOf(cert)["cert.validity_about_5_years"]).toBe(status);
  });

  it("valid_now: expired and not-yet-valid fail, with the date", () => {
    const expired = facts({
      notBefore: new Date("2020-01-01T00:00:00Z"),
      notAfter: new Date("2025-01-01T00:00:00Z"),
    });
    const check = checkCertificate(expired, { csr: CSR, now: NOW }).find(
      (c) => c.code === "cert.valid_now",
    )!;
    expect(check).toMatchObject({ status: "fail" });
    expect(check.message).toContain("expired on 2025-01-01");
    const future = facts({
      notBefore: new Date("2026-07-01T00:00:00Z"),
      notAfter: new Date("2031-07-01T00:00:00Z"),
    });
    expect(statusOf(future)["cert.valid_now"]).toBe("fail");
  });

  it.each([
    [["clientAuth", "serverAuth"], "pass"],
    [["serverAuth"], "fail"],
    [["1.2.3.4"], "fail"],
    [[], "warn"],
    [["anyExtendedKeyUsage"], "warn"],
  ])("EKU %o → %s", (eku, status) => {
    expect(statusOf(facts({ extendedKeyUsage: eku }))["cert.eku_client_auth"]).toBe(status);
  });
});
