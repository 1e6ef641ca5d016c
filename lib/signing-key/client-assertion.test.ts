// The client assertion's helpers. Every signature verdict here comes from Node's crypto.verify
// (an implementation independent of the WebCrypto code under test), keys from the openssl CLI.
import { createPublicKey, verify } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { OpenSslDir } from "@/lib/pki/test-support/openssl";
import { encryptPrivateKey } from "@/lib/pki/pkcs8-encrypt";
import { importPlainPrivateKey } from "@/lib/pki/keys";
import { parseSigningPublicKey } from "./jwk";
import {
  assertionClaims,
  curlCommand,
  decodeJwt,
  MAX_ASSERTION_MINUTES,
  newJti,
  openSigningKey,
  signAssertion,
  verifyAssertion,
} from "./client-assertion";
import {
  defaultTokenEndpoint,
  effectiveTokenEndpoint,
  tokenEndpointSchema,
} from "./token-endpoint";

const ssl = new OpenSslDir();
afterAll(() => ssl.cleanup());
ssl.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "a.key"]);
ssl.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "b.key"]);
ssl.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "p384.key"]);
ssl.run([
  "pkcs8",
  "-topk8",
  "-in",
  "a.key",
  "-v2",
  "aes-256-cbc",
  "-passout",
  "pass:right passphrase",
  "-out",
  "a.enc.key",
]);
const A_PUB = ssl.run(["pkey", "-in", "a.key", "-pubout"]);
const A_PLAIN = ssl.read("a.key");
const A_ENC = ssl.read("a.enc.key");

async function thumbprintOf(pem: string) {
  const parsed = await parseSigningPublicKey(pem);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return parsed.key.thumbprint;
}

/** Node's verdict on a compact JWS: ES256 is P-256 ECDSA over SHA-256 with the raw r||s signature. */
function nodeVerifies(jwt: string, publicKeyPem: string) {
  const [h, p, s] = jwt.split(".") as [string, string, string];
  return verify(
    "sha256",
    Buffer.from(`${h}.${p}`),
    { key: createPublicKey(publicKeyPem), dsaEncoding: "ieee-p1363" },
    Buffer.from(s, "base64url"),
  );
}

describe("opening the key file", () => {
  it("opens openssl's encrypted PKCS#8 with its passphrase, and the wizard's own format too", async () => {
    const kid = await thumbprintOf(A_PUB);
    const opened = await openSigningKey(A_ENC, "right passphrase", kid);
    expect(opened).toMatchObject({ ok: true, thumbprint: kid });
    if (!opened.ok) return;
    expect(opened.privateKey.extractable).toBe(false);
    expect(opened.privateKey.usages).toEqual(["sign"]);

    const wizardFile = await encryptPrivateKey(
      await importPlainPrivateKey(A_PLAIN, "auto", { extractable: true }),
      "wizard passphrase",
      { iterations: 1000 },
    );
    expect(await openSigningKey(wizardFile, "wizard passphrase", kid)).toMatchObject({
      ok: true,
      thumbprint: kid,
    });
    expect(await openSigningKey(A_PLAIN, "", kid)).toMatchObject({ ok: true, thumbprint: kid });
  });

  it("says so for a wrong passphrase, another key, another curve, or no key", async () => {
    const kid = await thumbprintOf(A_PUB);
    expect(await openSigningKey(A_ENC, "wrong passphrase", kid)).toMatchObject({
      ok: false,
      code: "bad_passphrase",
      message: expect.stringMatching(/passphrase does not open this key file/),
    });
    const other = await openSigningKey(ssl.read("b.key"), "", kid);
    expect(other).toMatchObject({ ok: false, code: "mismatch" });
    const bKid = await thumbprintOf(ssl.run(["pkey", "-in", "b.key", "-pubout"]));
    expect(!other.ok && other.message).toBe(
      `This private key does not match the onboarded public key of this page: its thumbprint is ${bKid}, the page's key is ${kid}. Pick the file saved when this key was generated.`,
    );
    expect(await openSigningKey(ssl.read("p384.key"), "", kid)).toMatchObject({
      ok: false,
      code: "not_es256",
      message: expect.stringMatching(/EC P-384 key/),
    });
    expect(await openSigningKey(A_PUB, "", kid)).toMatchObject({ ok: false, code: "unreadable" });
  });
});

describe("claims", () => {
  it("names the merchant gateway as iss and sub, the token endpoint as aud, and lives at most 15 minutes", () => {
    const now = new Date("2027-01-02T03:04:05.678Z");
    const claims = assertionClaims({
      merchantGatewayId: "MGW_1",
      audience: "https://x.example/oauth2/token",
      lifetimeMinutes: 15,
      now,
    });
    expect(claims).toMatchObject({
      iss: "MGW_1",
      sub: "MGW_1",
      aud: "https://x.example/oauth2/token",
      iat: 1798859045,
      exp: 1798859045 + 900,
    });
    expect(claims.jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
    for (const bad of [0, 16, 2.5, Number.NaN])
      expect(() =>
        assertionClaims({ merchantGatewayId: "M", audience: "a", lifetimeMinutes: bad }),
      ).toThrow(RangeError);
    expect(MAX_ASSERTION_MINUTES).toBe(15);
    expect(new Set(Array.from({ length: 200 }, newJti)).size).toBe(200);
  });
});

describe("signing", () => {
  it("makes a JWS that Node's crypto verifies with the public key, and our page check agrees", async () => {
    const kid = await thumbprintOf(A_PUB);
    const opened = await openSigningKey(A_ENC, "right passphrase", kid);
    if (!opened.ok) throw new Error(opened.message);
    const claims = assertionClaims({
      merchantGatewayId: "MGW_1",
      audience: defaultTokenEndpoint("PPR"),
      lifetimeMinutes: 5,
    });
    const jwt = await signAssertion(opened.privateKey, kid, claims);
    expect(nodeVerifies(jwt, A_PUB)).toBe(true);
    expect(await verifyAssertion(jwt, A_PUB)).toBe(true);
    const decoded = decodeJwt(jwt);
    expect(decoded.header).toEqual({ alg: "ES256", typ: "JWT", kid });
    expect(decoded.claims).toEqual(claims);
    expect(decoded.signature).toHaveLength(64);

    // A changed claim or another public key: neither Node nor the page accepts it.
    const [h, , s] = jwt.split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, iss: "MGW_2" })).toString("base64url")}.${s}`;
    expect(nodeVerifies(forged, A_PUB)).toBe(false);
    expect(await verifyAssertion(forged, A_PUB)).toBe(false);
    const bPub = ssl.run(["pkey", "-in", "b.key", "-pubout"]);
    expect(nodeVerifies(jwt, bPub)).toBe(false);
    expect(await verifyAssertion(jwt, bPub)).toBe(false);
  });

  it("writes the token request as curl with placeholder mTLS files", () => {
    const curl = curlCommand("https://api.d1-stg.thalescloud.io/authz/v1/oauth2/token", "h.p.s");
    expect(curl).toContain("--cert ./d1-client-cert.pem --key ./d1-client-key.pem");
    expect(curl).toContain("-X POST 'https://api.d1-stg.thalescloud.io/authz/v1/oauth2/token'");
    expect(curl).toContain(
      "--data 'grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=h.p.s'",
    );
  });
});

describe("token endpoint setting", () => {
  it("defaults to the partner's Production server for PRD and Staging for PPR", () => {
    expect(defaultTokenEndpoint("PRD")).toBe("https://api.d1.thalescloud.io/authz/v1/oauth2/token");
    expect(defaultTokenEndpoint("PPR")).toBe(
      "https://api.d1-stg.thalescloud.io/authz/v1/oauth2/token",
    );
    expect(effectiveTokenEndpoint({ code: "PPR", oauthTokenEndpoint: null })).toMatchObject({
      url: defaultTokenEndpoint("PPR"),
      custom: false,
      partnerServer: "Staging",
    });
    expect(
      effectiveTokenEndpoint({ code: "PRD", oauthTokenEndpoint: "https://idp.example/token" }),
    ).toMatchObject({ url: "https://idp.example/token", custom: true });
  });

  it("takes a https URL (trimmed), or blank/null for the default, and says what is wrong otherwise", () => {
    expect(
      tokenEndpointSchema.parse({
        oauthTokenEndpoint: "  https://idp.example:8443/authz/v1/oauth2/token ",
      }),
    ).toEqual({ oauthTokenEndpoint: "https://idp.example:8443/authz/v1/oauth2/token" });
    expect(tokenEndpointSchema.parse({ oauthTokenEndpoint: "" })).toEqual({
      oauthTokenEndpoint: null,
    });
    expect(tokenEndpointSchema.parse({ oauthTokenEndpoint: null })).toEqual({
      oauthTokenEndpoint: null,
    });
    const message = (v: unknown) =>
      tokenEndpointSchema.safeParse({ oauthTokenEndpoint: v }).error?.issues[0]?.message;
    expect(message("http://idp.example/token")).toMatch(/must use https/);
    expect(message("idp.example/token")).toMatch(/Enter a full URL/);
    expect(message("https://user:pw@idp.example/token")).toMatch(/user name or password/);
    expect(message("https://idp.example/token#x")).toMatch(/no #fragment/);
    expect(message("https://idp.example/to ken")).toMatch(/spaces/);
    expect(message(`https://idp.example/${"a".repeat(2100)}`)).toMatch(/at most 2048/);
    expect(message(42)).toBeDefined();
    expect(message(undefined)).toBeDefined();
  });
});
