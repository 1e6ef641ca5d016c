import { test, expect } from "@playwright/test";
import { makeCsrFixtures, type CsrFixtures } from "../lib/pki/test-support/openssl";
import { auditTotal, createToken, ensureGateway } from "./support/app";

let fx: CsrFixtures;
let admin = "";
let operator = "";
let viewer = "";
let env = { id: "", ppr: "", prd: "" };

test.beforeAll(async ({ browser }) => {
  fx = makeCsrFixtures();
  const page = await browser.newPage({ storageState: "e2e/.artifacts/admin.json" });
  admin = await createToken(page, "csr-admin", "admin");
  operator = await createToken(page, "csr-operator", "operator");
  viewer = await createToken(page, "csr-viewer", "viewer");
  env = await ensureGateway(page.request, admin);
  await page.close();
});
test.afterAll(() => fx.ssl.cleanup());

const pemHeaders = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/x-pem-file" });

test("a compliant CSR made with OpenSSL is registered: 201 with its facts, one audit record", async ({ request }) => {
  const before = await auditTotal(request, admin);
  const response = await request.post(`/api/v1/environments/${env.ppr}/csrs`, { headers: pemHeaders(operator), data: fx.rsa4096 });
  expect(response.status()).toBe(201);
  const body = await response.json();
  expect(body).toMatchObject({ keyType: "RSA", keySize: 4096, status: "generated", subject: { CN: "TLSMA-RSA/MGW_000001/PPR", C: "FR", O: "Example Payments, SAS" } });
  expect(body.publicKeySha256).toMatch(/^[0-9a-f]{64}$/);
  expect(body).not.toHaveProperty("curve");
  expect(await auditTotal(request, admin)).toBe(before + 1);

  const ec = await request.post(`/api/v1/environments/${env.ppr}/csrs`, {
    headers: { authorization: `Bearer ${operator}`, "content-type": "application/json" },
    data: { pem: fx.ecP256 },
  });
  expect(ec.status()).toBe(201);
  expect(await ec.json()).toMatchObject({ keyType: "ECDSA", curve: "P-256" });

  const list = await (await request.get(`/api/v1/environments/${env.ppr}/csrs`, { headers: { authorization: `Bearer ${viewer}` } })).json();
  expect(list.csrs.map((c: { id: string }) => c.id)).toContain(body.id);
});

test("every kind of bad CSR gets 422 with the right violation code, and nothing is stored", async ({ request }) => {
  const before = await auditTotal(request, admin);
  const countBefore = (await (await request.get(`/api/v1/environments/${env.ppr}/csrs`, { headers: { authorization: `Bearer ${viewer}` } })).json()).csrs.length;
  const cases: [string, string | Buffer, string][] = [
    ["wrong CN", fx.wrongCn, "subject.cn_mismatch"],
    ["RSA 2048", fx.rsa2048, "key.rsa_size"],
    ["SHA-1", fx.sha1, "signature.hash_not_sha256"],
    ["ECDSA P-384", fx.ecP384, "key.ec_curve"],
    ["bad self-signature", fx.tampered, "signature.invalid"],
    ["a certificate", fx.certificate, "input.not_a_csr"],
    ["garbage", Buffer.from(fx.garbage), "input.undecodable"],
  ];
  for (const [what, data, code] of cases) {
    const response = await request.post(`/api/v1/environments/${env.ppr}/csrs`, { headers: pemHeaders(operator), data });
    expect(response.status(), what).toBe(422);
    const body = await response.json();
    expect(body.violations.map((v: { code: string }) => v.code), what).toContain(code);
    for (const v of body.violations) expect(v.message.length, what).toBeGreaterThan(20);
  }
  const csrsAfter = (await (await request.get(`/api/v1/environments/${env.ppr}/csrs`, { headers: { authorization: `Bearer ${viewer}` } })).json()).csrs.length;
  expect(csrsAfter).toBe(countBefore);
  expect(await auditTotal(request, admin)).toBe(before);
});

test("a private key pasted by mistake is refused with the exposure warning", async ({ request }) => {
  const response = await request.post(`/api/v1/environments/${env.ppr}/csrs`, {
    headers: { authorization: `Bearer ${operator}`, "content-type": "application/json" },
    data: { pem: `${fx.rsa4096}\n${fx.privateKey}` },
  });
  expect(response.status()).toBe(422);
  const body = await response.json();
  expect(body.error.code).toBe("private_key_exposed");
  expect(body.warning).toMatch(/Treat that key as exposed/);
  expect(body.violations[0].code).toBe("input.private_key");
});

test("the same public key twice is refused with 409; roles and sizes are enforced", async ({ request }) => {
  const again = await request.post(`/api/v1/environments/${env.ppr}/csrs`, { headers: pemHeaders(operator), data: fx.ecP256 });
  expect(again.status()).toBe(409);
  expect((await again.json()).violations[0].code).toBe("csr.duplicate_key");

  expect((await request.post(`/api/v1/environments/${env.ppr}/csrs`, { headers: pemHeaders(viewer), data: fx.rsa4096 })).status()).toBe(403);
  const huge = await request.post(`/api/v1/environments/${env.ppr}/csrs`, { headers: pemHeaders(operator), data: Buffer.alloc(10 * 1024 * 1024, 65) });
  expect(huge.status()).toBe(413);
  expect((await request.post(`/api/v1/environments/nope/csrs`, { headers: pemHeaders(operator), data: fx.rsa4096 })).status()).toBe(404);
});
