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

const pemHeaders = (token: string) => ({
  authorization: `Bearer ${token}`,
  "content-type": "application/x-pem-file",
});

test("a compliant CSR made with OpenSSL is registered: 201 with its facts, one audit record", async ({
  request,
}) => {
  const before = await auditTotal(request, admin);
  const response = await request.post(`/api/v1/environments/${env.ppr}/csrs`, {
    headers: pemHeaders(operator),
    data: fx.rsa4096,
  });
  expect(response.status()).toBe(201);
  const body = await response.json();
  expect(body).toMatchObject({
    keyType: "RSA",
    keySize: 4096,
    status: "generated",
    subject: { CN: "TLSMA-RSA/MGW_000001/PPR", C: "FR", O: "Example Payments, SAS" },
  });
  expect(body.publicKeySha256).toMatch(/^[0-9a-f]{64}$/);
  expect(body).not.toHaveProperty("curve");
  expect(await auditTotal(request, admin)).toBe(before + 1);

  const ec = await request.post(`/api/v1/environments/${env.ppr}/csrs`, {
    headers: { authorization: `Bearer ${operator}`, "content-type": "application/json" },
    data: { pem: fx.ecP256 },
  });
  expect(ec.status()).toBe(201);
  expect(await ec.json()).toMatchObject({ keyType: "ECDSA", curve: "P-256" });

  const list = await (
    await request.get(`/api/v1/environments/${env.ppr}/csrs`, {
      headers: { authorization: `Bearer ${viewer}` },
    })
  ).json();
  expect(list.csrs.map((c: { id: string }) => c.id)).toContain(body.id);
});

test("every kind of bad CSR gets 422 with the right violation code, and nothing is stored", async ({
  request,
}) => {
  const before = await auditTotal(request, admin);
  const countBefore = (
    await (
      await request.get(`/api/v1/environments/${env.ppr}/csrs`, {
        headers: { authorization: `Bearer ${viewer}` },
      })
    ).json()
  ).csrs.length;
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
    const response = await request.post(`/api/v1/environments/${env.ppr}/csrs`, {
      headers: pemHeaders(operator),
      data,
    });
    expect(response.status(), what).toBe(422);
    const body = await response.json();
    expect(
      body.violations.map((v: { code: string }) => v.code),
      what,
    ).toContain(code);
    for (const v of body.violations) expect(v.message.length, what).toBeGreaterThan(20);
  }
  const csrsAfter = (
    await (
      await request.get(`/api/v1/environments/${env.ppr}/csrs`, {
        headers: { authorization: `Bearer ${viewer}` },
      })
    ).json()
  ).csrs.length;
  expect(csrsAfter).toBe(countBefore);
  expect(await auditTotal(request, admin)).toBe(before);
});

test("a private key pasted by mistake is refused with the exposure warning", async ({
  request,
}) => {
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

test("the same public key twice is refused with 409; roles and sizes are enforced", async ({
  request,
}) => {
  const again = await request.post(`/api/v1/environments/${env.ppr}/csrs`, {
    headers: pemHeaders(operator),
    data: fx.ecP256,
  });
  expect(again.status()).toBe(409);
  expect((await again.json()).violations[0].code).toBe("csr.duplicate_key");

  expect(
    (
      await request.post(`/api/v1/environments/${env.ppr}/csrs`, {
        headers: pemHeaders(viewer),
        data: fx.rsa4096,
      })
    ).status(),
  ).toBe(403);
  const huge = await request.post(`/api/v1/environments/${env.ppr}/csrs`, {
    headers: pemHeaders(operator),
    data: Buffer.alloc(10 * 1024 * 1024, 65),
  });
  expect(huge.status()).toBe(413);
  expect(
    (
      await request.post(`/api/v1/environments/nope/csrs`, {
        headers: pemHeaders(operator),
        data: fx.rsa4096,
      })
    ).status(),
  ).toBe(404);
});

/** Issue 14: an openssl-made CSR with this -subj and extra `openssl req` arguments, on a key of `keyFile`. */
function req(keyFile: string, subject: string, extra: string[] = []): string {
  return fx.ssl.run(["req", "-new", "-key", keyFile, "-subj", subject, ...extra]);
}
const RSA_SUBJ =
  "/C=FR/ST=Ile-de-France/L=Paris/O=Example Payments, SAS/OU=Payments Ops/CN=TLSMA-RSA\\/MGW_000001\\/PPR";
const newEcKey = (name: string) => {
  fx.ssl.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name]);
  return name;
};

test("issue 14: the exact DN, key and extension refusals reach the API with their own codes; nothing is stored", async ({
  request,
}) => {
  fx.ssl.run([
    "genpkey",
    "-algorithm",
    "EC",
    "-pkeyopt",
    "ec_paramgen_curve:secp256k1",
    "-out",
    "k1.key",
  ]);
  const before = await auditTotal(request, admin);
  const cases: [string, string, string, RegExp][] = [
    [
      "emailAddress",
      req("rsa4096.key", `${RSA_SUBJ}/emailAddress=ops@example.com`),
      "subject.extra_attribute",
      /emailAddress=ops@example\.com.*-subj "\/C=FR\/ST=Ile-de-France\/L=Paris\/O=Example Payments, SAS\/OU=Payments Ops\/CN=TLSMA-RSA\\\/MGW_000001\\\/PPR"/,
    ],
    [
      "second CN first",
      req("rsa4096.key", `/CN=www.example.com${RSA_SUBJ}`),
      "subject.repeated_attribute",
      /2 CN attributes/,
    ],
    [
      "OU+CN",
      fx.ssl.run([
        "req",
        "-new",
        "-key",
        "rsa4096.key",
        "-multivalue-rdn",
        "-subj",
        RSA_SUBJ.replace("/CN=", "+CN="),
      ]),
      "subject.multi_valued_rdn",
      /OU and CN/,
    ],
    [
      "RSASSA-PSS",
      req("rsa4096.key", RSA_SUBJ, ["-sigopt", "rsa_padding_mode:pss"]),
      "signature.rsassa_pss",
      /RSASSA-PSS/,
    ],
    [
      "secp256k1",
      req("k1.key", RSA_SUBJ.replace("RSA", "ECDSA")),
      "key.ec_curve",
      /signature was not checked/,
    ],
    [
      "CA:TRUE",
      req("rsa4096.key", RSA_SUBJ, ["-addext", "basicConstraints=critical,CA:TRUE"]),
      "extension.ca_requested",
      /certificate authority/,
    ],
  ];
  for (const [what, pem, code, message] of cases) {
    const response = await request.post(`/api/v1/environments/${env.ppr}/csrs`, {
      headers: pemHeaders(operator),
      data: pem,
    });
    expect(response.status(), what).toBe(422);
    const body = await response.json();
    expect(body.error.code, what).toBe("policy_violation");
    expect(
      body.violations.map((v: { code: string }) => v.code),
      what,
    ).toEqual([code]);
    expect(body.violations[0].message, what).toMatch(message);
  }
  expect(await auditTotal(request, admin)).toBe(before);

  // Every refusal and warning code is in the OpenAPI document.
  const doc = await (
    await request.get("/api/v1/openapi.json", { headers: { authorization: `Bearer ${viewer}` } })
  ).json();
  const text = JSON.stringify(doc.paths["/api/v1/environments/{envId}/csrs"]);
  for (const code of [
    "subject.extra_attribute",
    "subject.repeated_attribute",
    "subject.multi_valued_rdn",
    "key.rsa_pss",
    "signature.rsassa_pss",
    "extension.ca_requested",
    "csr.cn_override_forbidden",
    "csr.cn_override_reason_required",
    "subject.order",
    "key.rsa_exponent",
    "extension.requested",
  ]) {
    expect(text, code).toContain(`"${code}"`);
  }
});

test("issue 14: a CSR in another field order or with requested extensions is stored with its warnings", async ({
  request,
}) => {
  const pem = req(
    newEcKey("warn.key"),
    "/CN=TLSMA-ECDSA\\/MGW_000001\\/PRD/C=FR/ST=Ile-de-France/L=Paris/O=Example Payments/OU=Payments Ops",
    ["-addext", "extendedKeyUsage=serverAuth"],
  );
  const response = await request.post(`/api/v1/environments/${env.prd}/csrs`, {
    headers: pemHeaders(operator),
    data: pem,
  });
  expect(response.status()).toBe(201);
  const body = await response.json();
  expect(body.warnings.map((w: { code: string }) => w.code)).toEqual([
    "subject.order",
    "extension.requested",
  ]);
  expect(body.warnings[1].message).toMatch(
    /extendedKeyUsage \(serverAuth\)\. Thales decides what the certificate carries/,
  );
});

test("issue 14: a CN override is an admin's act with a reason; operators get 403", async ({
  request,
}) => {
  const pem = req(
    newEcKey("override.key"),
    "/C=FR/ST=Ile-de-France/L=Paris/O=Example Payments/OU=Payments Ops/CN=D1-MGW_000001-PPR",
  );
  const json = (token: string) => ({
    authorization: `Bearer ${token}`,
    "content-type": "application/json",
  });
  const before = await auditTotal(request, admin);
  const byOperator = await request.post(`/api/v1/environments/${env.ppr}/csrs`, {
    headers: json(operator),
    data: { pem, cnOverrideReason: "Thales asked" },
  });
  expect(byOperator.status()).toBe(403);
  expect((await byOperator.json()).violations[0].code).toBe("csr.cn_override_forbidden");
  const noReason = await request.post(`/api/v1/environments/${env.ppr}/csrs`, {
    headers: json(admin),
    data: { pem, cnOverrideReason: " " },
  });
  expect(noReason.status()).toBe(422);
  expect((await noReason.json()).violations[0].code).toBe("csr.cn_override_reason_required");
  expect(await auditTotal(request, admin)).toBe(before);

  const byAdmin = await request.post(`/api/v1/environments/${env.ppr}/csrs`, {
    headers: json(admin),
    data: { pem, cnOverrideReason: "Thales ticket 4711" },
  });
  expect(byAdmin.status()).toBe(201);
  expect(await byAdmin.json()).toMatchObject({
    commonName: "D1-MGW_000001-PPR",
    cnOverridden: true,
    cnOverrideReason: "Thales ticket 4711",
  });
  expect(await auditTotal(request, admin)).toBe(before + 1);
});

test("issue 14: a gateway's CN template must contain {merchantGatewayId}, {env} and {keyType}", async ({
  request,
}) => {
  const response = await request.post("/api/v1/gateways", {
    headers: { authorization: `Bearer ${admin}` },
    data: {
      merchantGatewayId: "MGW_000014",
      name: "Template test",
      cnTemplate: "TLSMA-{keyType}/{merchantGatewayId}",
    },
  });
  expect(response.status()).toBe(422);
  expect((await response.json()).error.fields.cnTemplate).toMatch(/lacks \{env\}/);
});
