// The policy on real CSRs made by the openssl CLI and by our own generator, end to end.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsr } from "../pki/csr";
import { generateCsr } from "../pki/generate";
import { makeCsrFixtures, ORG, type CsrFixtures } from "../pki/test-support/openssl";
import { renderCommonName } from "./common-name";
import { checkCsr } from "./csr-policy";
import { D1_ECOM_PROFILE } from "./profile";

let fx: CsrFixtures;
beforeAll(() => {
  fx = makeCsrFixtures();
});
afterAll(() => fx?.ssl.cleanup());

const CTX = { merchantGatewayId: "MGW_000001", env: "PPR" as const };

describe("checkCsr on OpenSSL-made CSRs", () => {
  it.each([
    ["RSA 4096 SHA-256, CN with slashes", "rsa4096", []],
    ["ECDSA P-256", "ecP256", []],
    ["RSA 2048", "rsa2048", ["key.rsa_size"]],
    ["SHA-1 signature", "sha1", ["signature.hash_not_sha256"]],
    ["ECDSA P-384", "ecP384", ["key.ec_curve"]],
    ["wrong CN", "wrongCn", ["subject.cn_mismatch"]],
    ["tampered signature", "tampered", ["signature.invalid"]],
  ] as const)("%s → %j", async (_name, fixture, codes) => {
    const csr = await parseCsr(fx[fixture]);
    expect(checkCsr(csr, CTX).map((v) => v.code)).toEqual(codes);
  });

  it("the RSA 2048 message tells the user what to do", async () => {
    const [v] = checkCsr(await parseCsr(fx.rsa2048), CTX);
    expect(v?.message).toBe(
      "This request uses an RSA 2048-bit key, but Thales refuses RSA 2048 and only accepts RSA 4096, so generate a new RSA 4096 key pair.",
    );
  });

  it("the same RSA CSR fails for the other environment", async () => {
    const [v] = checkCsr(await parseCsr(fx.rsa4096), { ...CTX, env: "PRD" });
    expect(v).toMatchObject({
      code: "subject.cn_mismatch",
      params: { found: "TLSMA-RSA/MGW_000001/PPR", expected: "TLSMA-RSA/MGW_000001/PRD" },
    });
  });
});

describe("CSRs from generateCsr comply by construction", () => {
  it.each(["RSA", "ECDSA"] as const)("%s", async (keyType) => {
    const CN = renderCommonName(D1_ECOM_PROFILE.defaultCnTemplate, { ...CTX, keyType, env: "PRD" });
    const { csrPem } = await generateCsr({ keyType, subject: { ...ORG, CN } });
    expect(checkCsr(await parseCsr(csrPem), { ...CTX, env: "PRD" })).toEqual([]);
  });
});
