import { createHash, createPublicKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calculateJwkThumbprint } from "jose";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import type { Actor } from "@/lib/auth/actor";
import { createGateway, updateGatewaySettings } from "@/lib/gateway/mutations";
import { gatewaySettingsSchema } from "@/lib/gateway/schema";
import { OpenSslDir, opensslSubj, ORG, ECDSA_CN } from "@/lib/pki/test-support/openssl";
import { toPem } from "@/lib/pki/pem";
import { openApiDocument } from "@/lib/openapi/document";
import {
  describeSigningKey,
  generateSigningKeyPair,
  jwkThumbprint,
  parseSigningPublicKey,
  SIGNING_KEY_MAX_BYTES,
  type SigningKeyProblemCode,
} from "./jwk";
import {
  currentSigningKey,
  rotateBy,
  rotationCountdown,
  rotationState,
  signingKeyStatus,
} from "./rotation";
import { onboardSigningKeySchema, registerSigningKeySchema } from "./schema";
import { markSigningKeyOnboarded, registerSigningKey, retireSigningKey } from "./mutations";
import { signingKeyOverview } from "./data";
import { toSigningKeyDto } from "./dto";

const operator: Actor = { type: "user", id: "u2", label: "operator@example.com", role: "operator" };
const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString("base64url");

// ---------------------------------------------------------------------------------------------
// Fixtures, all made by the openssl CLI (an implementation independent of ours)
// ---------------------------------------------------------------------------------------------
const ssl = new OpenSslDir();
const pubOf = (keyFile: string, extra: string[] = []) =>
  ssl.run(["pkey", "-in", keyFile, "-pubout", ...extra]);
ssl.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "p256.key"]);
ssl.run([
  "genpkey",
  "-algorithm",
  "EC",
  "-pkeyopt",
  "ec_paramgen_curve:P-256",
  "-out",
  "p256b.key",
]);
ssl.run(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "p384.key"]);
ssl.run([
  "genpkey",
  "-algorithm",
  "EC",
  "-pkeyopt",
  "ec_paramgen_curve:secp256k1",
  "-out",
  "k256.key",
]);
ssl.run(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.key"]);
ssl.run(["genpkey", "-algorithm", "ED25519", "-out", "ed.key"]);
ssl.run([
  "req",
  "-x509",
  "-new",
  "-key",
  "p256.key",
  "-subj",
  "/CN=signing key as a certificate",
  "-days",
  "1",
  "-out",
  "p256.crt",
]);
ssl.run([
  "req",
  "-new",
  "-key",
  "p256.key",
  "-sha256",
  "-subj",
  opensslSubj({ ...ORG, CN: ECDSA_CN }),
  "-out",
  "p256.csr",
]);
ssl.run([
  "pkcs8",
  "-topk8",
  "-in",
  "p256.key",
  "-v2",
  "aes-256-cbc",
  "-passout",
  "pass:secret passphrase",
  "-out",
  "p256.enc.key",
]);
ssl.run(["ec", "-in", "p256.key", "-out", "p256.sec1.key"]);

const P256_PUB = pubOf("p256.key");
const P256B_PUB = pubOf("p256b.key");
const P256_PRIV = ssl.read("p256.key");
ssl.run(["pkey", "-in", "p256.key", "-pubout", "-outform", "DER", "-out", "p256.pub.der"]);
const p256DerBytes = ssl.readBytes("p256.pub.der");

/** x and y as openssl prints them (the uncompressed point 04||x||y), independent of our DER code. */
function opensslCoordinates(keyFile: string) {
  const text = ssl.run(["ec", "-in", keyFile, "-pubout", "-text", "-noout"]);
  const hex = /pub:\s*([0-9a-f:\s]+?)\s*ASN1 OID/.exec(text)![1]!.replace(/[\s:]/g, "");
  const point = Buffer.from(hex, "hex");
  expect(point[0]).toBe(0x04);
  return { x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33, 65)) };
}

/** RFC 7638 by hand: the canonical JSON string hashed by `openssl dgst`, never by our code. */
function opensslThumbprint(coords: { x: string; y: string }) {
  const canonical = `{"crv":"P-256","kty":"EC","x":"${coords.x}","y":"${coords.y}"}`;
  ssl.write("canonical.json", canonical);
  ssl.run(["dgst", "-sha256", "-binary", "-out", "canonical.sha256", "canonical.json"]);
  return b64url(ssl.readBytes("canonical.sha256"));
}

afterAll(() => ssl.cleanup());

describe("JWK thumbprint (RFC 7638)", () => {
  it("matches the RFC's own example (§3.1, an RSA key)", async () => {
    const rfcKey = {
      kty: "RSA",
      n: "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
      e: "AQAB",
      alg: "RS256",
      kid: "2011-04-29",
    };
    expect(await jwkThumbprint(rfcKey)).toBe("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  });

  it("matches RFC 7517's example EC key as hashed by node:crypto and by jose, whatever the member order", async () => {
    const ec = {
      y: "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM",
      use: "enc",
      kid: "1",
      x: "MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
      crv: "P-256",
      kty: "EC",
    };
    const byHand = createHash("sha256")
      .update(`{"crv":"P-256","kty":"EC","x":"${ec.x}","y":"${ec.y}"}`)
      .digest("base64url");
    expect(await jwkThumbprint(ec)).toBe(byHand);
    expect(await jwkThumbprint(ec)).toBe(await calculateJwkThumbprint(ec, "sha256"));
    // …and the same key given as a PEM (built by node:crypto) gets that thumbprint and coordinates.
    const pem = createPublicKey({
      key: { kty: "EC", crv: "P-256", x: ec.x, y: ec.y },
      format: "jwk",
    })
      .export({ type: "spki", format: "pem" })
      .toString();
    const parsed = await parseSigningPublicKey(pem);
    expect(parsed.ok && parsed.key).toMatchObject({
      thumbprint: byHand,
      jwk: { kty: "EC", crv: "P-256", x: ec.x, y: ec.y, alg: "ES256", use: "sig", kid: byHand },
    });
  });

  it("derives from an openssl key the coordinates openssl prints and the thumbprint `openssl dgst` computes", async () => {
    const coords = opensslCoordinates("p256.key");
    const parsed = await parseSigningPublicKey(P256_PUB);
    if (!parsed.ok) throw new Error(parsed.problem.message);
    expect(parsed.key.jwk).toEqual({
      kty: "EC",
      crv: "P-256",
      ...coords,
      alg: "ES256",
      use: "sig",
      kid: parsed.key.thumbprint,
    });
    expect(parsed.key.thumbprint).toBe(opensslThumbprint(coords));
    expect(parsed.key.thumbprint).toBe(
      await calculateJwkThumbprint({ kty: "EC", crv: "P-256", ...coords }, "sha256"),
    );
    expect(parsed.key.thumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The stored PEM is the key itself, in OpenSSL's spelling.
    expect(parsed.key.publicKeyPem).toBe(P256_PUB);
  });

  it("stores one spelling of a key, however it was pasted (CRLF, indentation, compressed point, bare base64 DER)", async () => {
    const reference = await parseSigningPublicKey(P256_PUB);
    const compressed = ssl.run(["ec", "-in", "p256.key", "-pubout", "-conv_form", "compressed"]);
    expect(compressed).not.toBe(P256_PUB);
    const variants = [
      P256_PUB.replace(/\n/g, "\r\n"),
      `  Here is our key:\n${P256_PUB.split("\n")
        .map((l) => `    ${l}`)
        .join("\n")}`,
      compressed,
      Buffer.from(p256DerBytes).toString("base64"),
    ];
    for (const variant of variants) expect(await parseSigningPublicKey(variant)).toEqual(reference);
  });

  it("describes a key pair made by WebCrypto the same way the server reads its PEM", async () => {
    const pair = await generateSigningKeyPair();
    expect(pair.privateKey.extractable).toBe(true);
    const local = await describeSigningKey(pair.publicKey);
    const fromPrivate = await describeSigningKey(pair.privateKey); // the private part is never exported
    expect(fromPrivate).toEqual(local);
    expect(JSON.stringify(fromPrivate)).not.toContain('"d"');
    const server = await parseSigningPublicKey(local.publicKeyPem);
    expect(server).toEqual({ ok: true, key: local });
    // openssl reads the PEM as a P-256 key and prints the same coordinates.
    ssl.write("webcrypto.pub", local.publicKeyPem);
    expect(ssl.run(["pkey", "-pubin", "-in", "webcrypto.pub", "-text", "-noout"])).toContain(
      "NIST CURVE: P-256",
    );
  });
});

// ---------------------------------------------------------------------------------------------
// What is refused, and why
// ---------------------------------------------------------------------------------------------
function notOnCurve(): string {
  const der = new Uint8Array(p256DerBytes);
  der[der.length - 1]! ^= 0x01; // y changes by one: the point leaves the curve
  return toPem("PUBLIC KEY", der);
}

const BAD_INPUTS: [string, () => string, SigningKeyProblemCode, RegExp][] = [
  ["nothing", () => "", "signing_key.empty", /Paste the public key/],
  ["blanks", () => "  \n\t ", "signing_key.empty", /Paste the public key/],
  [
    "an oversized paste",
    () => `${P256_PUB}\n${"A".repeat(SIGNING_KEY_MAX_BYTES)}`,
    "signing_key.too_large",
    /larger than 16 KB/,
  ],
  [
    "an RSA public key",
    () => pubOf("rsa.key"),
    "signing_key.rsa",
    /RSA 2048 public key.*ES256.*P-256/,
  ],
  [
    "an RSA PKCS#1 public key",
    () => ssl.run(["rsa", "-in", "rsa.key", "-RSAPublicKey_out"]),
    "signing_key.rsa",
    /RSA public key/,
  ],
  [
    "a P-384 key",
    () => pubOf("p384.key"),
    "signing_key.wrong_curve",
    /curve P-384.*needs curve P-256/,
  ],
  ["a secp256k1 key", () => pubOf("k256.key"), "signing_key.wrong_curve", /curve secp256k1/],
  ["an Ed25519 key", () => pubOf("ed.key"), "signing_key.not_ec", /not EC/],
  [
    "a certificate",
    () => ssl.read("p256.crt"),
    "signing_key.certificate",
    /certificate, not a public key/,
  ],
  ["a CSR", () => ssl.read("p256.csr"), "signing_key.csr", /signing request, not a public key/],
  [
    "the private key (PKCS#8)",
    () => P256_PRIV,
    "signing_key.private_key",
    /PRIVATE KEY.*must|Only the public key may be uploaded/,
  ],
  ["the private key (SEC1)", () => ssl.read("p256.sec1.key"), "signing_key.private_key", /exposed/],
  [
    "the encrypted private key",
    () => ssl.read("p256.enc.key"),
    "signing_key.private_key",
    /exposed/,
  ],
  [
    "public and private key together",
    () => `${P256_PUB}${P256_PRIV}`,
    "signing_key.private_key",
    /exposed/,
  ],
  [
    "a private JWK",
    () => JSON.stringify({ kty: "EC", crv: "P-256", x: "a", y: "b", d: "c" }),
    "signing_key.private_key",
    /exposed/,
  ],
  [
    "two public keys",
    () => `${P256_PUB}${P256B_PUB}`,
    "signing_key.multiple",
    /exactly one PUBLIC KEY/,
  ],
  [
    "garbage",
    () => "hello, this is not a key",
    "signing_key.undecodable",
    /not a readable public key/,
  ],
  [
    "a damaged PUBLIC KEY block",
    () => P256_PUB.replace(/\n[A-Za-z0-9+/]{10}/, "\n"),
    "signing_key.undecodable",
    /not a readable public key|damaged/,
  ],
  ["a point that is not on the curve", notOnCurve, "signing_key.invalid_point", /not on the curve/],
];

describe("public key intake", () => {
  it.each(BAD_INPUTS)("refuses %s with its own reason", async (_what, input, code, message) => {
    const result = await parseSigningPublicKey(input());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe(code);
    expect(result.problem.message).toMatch(message);
    expect(Boolean(result.keyExposed)).toBe(code === "signing_key.private_key");
  });
});

describe("form input", () => {
  it("checks the onboarding date: a real day, not in the future", () => {
    expect(
      onboardSigningKeySchema.safeParse({ onboardedAt: "2026-02-30" }).error?.issues[0]?.message,
    ).toBe("Enter the date Thales confirmed the key (YYYY-MM-DD).");
    expect(
      onboardSigningKeySchema.safeParse({ onboardedAt: "next week" }).error?.issues[0]?.message,
    ).toBe("Enter the date Thales confirmed the key (YYYY-MM-DD).");
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    expect(
      onboardSigningKeySchema.safeParse({ onboardedAt: future }).error?.issues[0]?.message,
    ).toBe("The onboarding date cannot be in the future.");
    expect(
      onboardSigningKeySchema.safeParse({ onboardedAt: "1999-01-01" }).error?.issues[0]?.message,
    ).toMatch(/check the year/);
    const today = new Date().toISOString().slice(0, 10);
    expect(onboardSigningKeySchema.parse({ onboardedAt: today })).toEqual({ onboardedAt: today });
  });
  it("refuses an empty or oversized paste before parsing it", () => {
    expect(
      registerSigningKeySchema.safeParse({ publicKeyPem: " " }).error?.issues[0]?.message,
    ).toMatch(/Paste the public key/);
    expect(
      registerSigningKeySchema.safeParse({ publicKeyPem: "A".repeat(SIGNING_KEY_MAX_BYTES + 1) })
        .error?.issues[0]?.message,
    ).toMatch(/larger than 16 KB/);
  });
  it("bounds the gateway's rotation interval to 30–3650 days", () => {
    const base = {
      version: 1,
      name: "EU",
      cnTemplate: "TLSMA-{keyType}/{merchantGatewayId}/{env}",
      renewalLeadDays: 90,
    };
    const message = (keyRotationDays: unknown) =>
      gatewaySettingsSchema.safeParse({ ...base, keyRotationDays }).error?.issues[0]?.message;
    expect(message("29")).toBe("The signing-key rotation interval must be at least 30 days.");
    expect(message("")).toBe("The signing-key rotation interval must be at least 30 days.");
    expect(message("3651")).toBe(
      "The signing-key rotation interval must be at most 3650 days (10 years).",
    );
    expect(message("90.5")).toBe(
      "The signing-key rotation interval must be a whole number of days.",
    );
    expect(message("soon")).toBe("The signing-key rotation interval must be a number of days.");
    expect(gatewaySettingsSchema.parse({ ...base, keyRotationDays: "30" }).keyRotationDays).toBe(
      30,
    );
    expect(gatewaySettingsSchema.parse({ ...base, keyRotationDays: "3650" }).keyRotationDays).toBe(
      3650,
    );
    expect(gatewaySettingsSchema.parse(base).keyRotationDays).toBeUndefined(); // untouched when not sent
  });
});

describe("rotation", () => {
  const key = (
    createdAt: string,
    onboardedAt: string | null = null,
    retiredAt: string | null = null,
  ) => ({
    createdAt: new Date(createdAt),
    onboardedAt: onboardedAt ? new Date(onboardedAt) : null,
    retiredAt: retiredAt ? new Date(retiredAt) : null,
  });

  it("is due keyRotationDays after onboarding, or after creation while not onboarded", () => {
    const onboarded = key("2025-01-02T10:00:00Z", "2025-01-10T00:00:00Z");
    expect(rotateBy(onboarded, 365).toISOString()).toBe("2026-01-10T00:00:00.000Z");
    expect(rotationState(onboarded, 365, new Date("2026-01-09T23:59:59Z"))).toBe("ok");
    expect(rotationState(onboarded, 365, new Date("2026-01-10T00:00:00Z"))).toBe("rotation-due");
    const pending = key("2025-01-02T10:00:00Z");
    expect(rotateBy(pending, 30).toISOString()).toBe("2025-02-01T10:00:00.000Z");
    expect(rotationState(pending, 30, new Date("2025-02-01T10:00:00Z"))).toBe("rotation-due");
    expect(rotationState(null, 365)).toBe("none");
    expect(
      rotationState(
        key("2025-01-02T10:00:00Z", "2025-01-10T00:00:00Z", "2025-03-01T00:00:00Z"),
        365,
        new Date("2025-03-02T00:00:00Z"),
      ),
    ).toBe("none");
  });

  it("counts whole days left, then whole days overdue", () => {
    const onboarded = key("2025-01-02T10:00:00Z", "2025-01-10T00:00:00Z");
    expect(rotationCountdown(onboarded, 30, new Date("2025-01-15T09:00:00Z"))).toEqual({
      daysLeft: 24,
    });
    expect(rotationCountdown(onboarded, 30, new Date("2025-02-08T23:00:00Z"))).toEqual({
      daysLeft: 0,
    });
    expect(rotationCountdown(onboarded, 30, new Date("2025-02-09T05:00:00Z"))).toEqual({
      daysOverdue: 0,
    });
    expect(rotationCountdown(onboarded, 30, new Date("2025-02-19T05:00:00Z"))).toEqual({
      daysOverdue: 10,
    });
  });

  it("lets the onboarded key speak for the environment while a newer one waits", () => {
    const active = key("2025-01-02T00:00:00Z", "2025-01-10T00:00:00Z");
    const waiting = key("2025-06-01T00:00:00Z");
    const retired = key("2024-01-01T00:00:00Z", "2024-01-05T00:00:00Z", "2025-01-10T00:00:00Z");
    expect(currentSigningKey([waiting, active, retired])).toBe(active);
    expect(currentSigningKey([waiting, retired])).toBe(waiting);
    expect(currentSigningKey([retired])).toBeNull();
    expect([active, waiting, retired].map(signingKeyStatus)).toEqual([
      "active",
      "pending",
      "retired",
    ]);
  });
});

it("describes the signing-key endpoints in the OpenAPI document", () => {
  const doc = openApiDocument("http://localhost") as {
    paths: Record<string, Record<string, unknown>>;
  };
  expect(Object.keys(doc.paths["/api/v1/environments/{envId}/signing-keys"] ?? {}).sort()).toEqual([
    "get",
    "post",
  ]);
});

// ---------------------------------------------------------------------------------------------
// On both databases
// ---------------------------------------------------------------------------------------------
describe.each(DATABASE_KINDS)("signing keys on %s", (kind) => {
  let t: TestDatabase;
  let ppr = "";
  let prd = "";
  let gatewayId = "";
  const audit = () => t.prisma.auditEvent.count();
  const keys = () => t.prisma.signingKey.count();

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const created = await createGateway(
      t.prisma,
      { ...operator, role: "admin", label: "admin@example.com" },
      { merchantGatewayId: "MGW_000001", name: "EU" },
    );
    if (!created.ok) throw new Error(created.message);
    gatewayId = created.value.id;
    ppr = created.value.environments.find((e) => e.code === "PPR")!.id;
    prd = created.value.environments.find((e) => e.code === "PRD")!.id;
  });
  afterAll(() => t.drop());

  it("stores nothing and audits nothing for each refused input", async () => {
    const [auditBefore, keysBefore] = [await audit(), await keys()];
    for (const [what, input, code] of BAD_INPUTS) {
      const result = await registerSigningKey(t.prisma, operator, {
        environmentId: ppr,
        publicKeyPem: input(),
        origin: "registered",
      });
      expect(result.ok ? "stored" : `${result.status} ${result.code}`, what).toBe(`422 ${code}`);
      if (!result.ok && code === "signing_key.private_key") expect(result.keyExposed).toBe(true);
    }
    expect(await keys()).toBe(keysBefore);
    expect(await audit()).toBe(auditBefore);
    const missing = await registerSigningKey(t.prisma, operator, {
      environmentId: "no-such-env",
      publicKeyPem: P256_PUB,
      origin: "registered",
    });
    expect(missing).toMatchObject({ ok: false, status: 404 });
  });

  it("stores the public key with the JWK and thumbprint it derives itself, and one audit record", async () => {
    const auditBefore = await audit();
    const result = await registerSigningKey(t.prisma, operator, {
      environmentId: ppr,
      publicKeyPem: P256_PUB.replace(/\n/g, "\r\n"),
      origin: "browser",
    });
    if (!result.ok) throw new Error(result.message);
    const coords = opensslCoordinates("p256.key");
    const thumbprint = opensslThumbprint(coords);
    expect(result.key).toMatchObject({
      alg: "ES256",
      kid: thumbprint,
      thumbprint,
      status: "pending",
      publicKeyPem: P256_PUB,
      onboardedAt: null,
      createdBy: "operator@example.com",
      rotationState: "ok",
    });
    const row = await t.prisma.signingKey.findUniqueOrThrow({ where: { id: result.key.id } });
    expect(row).toMatchObject({
      environmentId: ppr,
      alg: "ES256",
      thumbprint,
      publicKeyPem: P256_PUB,
      onboardedAt: null,
      retiredAt: null,
      createdById: "u2",
    });
    expect(row.jwk).toEqual({
      kty: "EC",
      crv: "P-256",
      ...coords,
      alg: "ES256",
      use: "sig",
      kid: thumbprint,
    });
    expect(await audit()).toBe(auditBefore + 1);
    const last = await t.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(last).toMatchObject({
      action: "signing_key.create",
      objectId: row.id,
      gatewayId,
      environmentId: ppr,
      summary: { alg: "ES256", kid: thumbprint, origin: "browser" },
    });
  });

  it("refuses the same key again (409), here or in the other environment", async () => {
    const [auditBefore, keysBefore] = [await audit(), await keys()];
    const again = await registerSigningKey(t.prisma, operator, {
      environmentId: ppr,
      publicKeyPem: P256_PUB,
      origin: "registered",
    });
    expect(again).toMatchObject({
      ok: false,
      status: 409,
      code: "signing_key.duplicate",
      message: "This public key is already registered for this environment.",
    });
    const compressed = ssl.run(["ec", "-in", "p256.key", "-pubout", "-conv_form", "compressed"]);
    const inPrd = await registerSigningKey(t.prisma, operator, {
      environmentId: prd,
      publicKeyPem: compressed,
      origin: "registered",
    });
    expect(inPrd).toMatchObject({ ok: false, status: 409 });
    expect(!inPrd.ok && inPrd.message).toMatch(
      /already registered for MGW_000001 PPR\. PPR and PRD never share key material/,
    );
    expect([await audit(), await keys()]).toEqual([auditBefore, keysBefore]);
  });

  it("marks a key onboarded (audited); onboarding its successor retires it (audited)", async () => {
    const first = await t.prisma.signingKey.findFirstOrThrow({ where: { environmentId: ppr } });
    const refused = await markSigningKeyOnboarded(t.prisma, operator, "no-such-key", "2025-01-10");
    expect(refused).toEqual({ ok: false, message: "This signing key no longer exists." });

    expect(await markSigningKeyOnboarded(t.prisma, operator, first.id, "2025-01-10")).toEqual({
      ok: true,
      retired: [],
    });
    const onboarded = await t.prisma.signingKey.findUniqueOrThrow({ where: { id: first.id } });
    expect(onboarded.onboardedAt?.toISOString()).toBe("2025-01-10T00:00:00.000Z");
    expect(onboarded.onboardedBy).toBe("operator@example.com");
    expect(await t.prisma.auditEvent.findFirst({ orderBy: { seq: "desc" } })).toMatchObject({
      action: "signing_key.onboard",
      objectId: first.id,
      summary: { kid: first.thumbprint, onboardedAt: "2025-01-10" },
    });
    expect(await markSigningKeyOnboarded(t.prisma, operator, first.id, "2025-01-11")).toEqual({
      ok: false,
      message: "This key was already marked onboarded on 2025-01-10.",
    });

    // The overview: rotate by = onboarded + the gateway's interval; due once that day has come.
    const overview = await signingKeyOverview(t.prisma, ppr, 365, new Date("2025-06-01T00:00:00Z"));
    expect(overview).toMatchObject({ state: "ok", current: { id: first.id } });
    expect(overview.rotateBy?.toISOString()).toBe("2026-01-10T00:00:00.000Z");
    expect(
      (await signingKeyOverview(t.prisma, ppr, 365, new Date("2026-01-10T00:00:00Z"))).state,
    ).toBe("rotation-due");
    expect(toSigningKeyDto(onboarded, 365, new Date("2026-02-01T00:00:00Z"))).toMatchObject({
      status: "active",
      onboardedAt: "2025-01-10",
      rotateBy: "2026-01-10",
      rotationState: "rotation-due",
    });

    // Rotation: a new key waits while the old one stays active…
    const second = await registerSigningKey(t.prisma, operator, {
      environmentId: ppr,
      publicKeyPem: P256B_PUB,
      origin: "browser",
    });
    if (!second.ok) throw new Error(second.message);
    expect((await signingKeyOverview(t.prisma, ppr, 365)).current?.id).toBe(first.id);
    // …until it is onboarded: then the old one is retired, and both steps are in the audit trail.
    const auditBefore = await audit();
    expect(await markSigningKeyOnboarded(t.prisma, operator, second.key.id, "2025-12-20")).toEqual({
      ok: true,
      retired: [first.thumbprint],
    });
    const old = await t.prisma.signingKey.findUniqueOrThrow({ where: { id: first.id } });
    expect(old.retiredAt).not.toBeNull();
    expect(old.retiredBy).toBe("operator@example.com");
    const trail = await t.prisma.auditEvent.findMany({
      where: { seq: { gt: BigInt(auditBefore) } },
      orderBy: { seq: "asc" },
    });
    expect(trail.map((e) => [e.action, e.objectId])).toEqual([
      ["signing_key.retire", first.id],
      ["signing_key.onboard", second.key.id],
    ]);
    expect(trail[0]!.summary).toMatchObject({
      kid: first.thumbprint,
      reason: `Replaced by ${second.key.kid}, onboarded with Thales on 2025-12-20.`,
    });
    expect(trail[1]!.summary).toMatchObject({ retired: [first.thumbprint] });
    const now = await signingKeyOverview(t.prisma, ppr, 365, new Date("2026-01-15T00:00:00Z"));
    expect(now).toMatchObject({ state: "ok", current: { id: second.key.id } });
    expect(now.rotateBy?.toISOString()).toBe("2026-12-20T00:00:00.000Z");

    // A retired key stays retired, and cannot be onboarded again.
    expect(await markSigningKeyOnboarded(t.prisma, operator, first.id, "2025-12-21")).toEqual({
      ok: false,
      message: "This key is retired; it cannot be onboarded. Generate a new key.",
    });
  });

  it("retires a key by hand with a reason, once; the environment then has none", async () => {
    const active = (await signingKeyOverview(t.prisma, ppr, 365)).current!;
    const auditBefore = await audit();
    expect(
      await retireSigningKey(t.prisma, operator, active.id, "Thales removed it from the tenant"),
    ).toEqual({ ok: true });
    expect(await t.prisma.auditEvent.findFirst({ orderBy: { seq: "desc" } })).toMatchObject({
      action: "signing_key.retire",
      objectId: active.id,
      summary: { kid: active.thumbprint, reason: "Thales removed it from the tenant" },
    });
    expect(await retireSigningKey(t.prisma, operator, active.id, "again")).toEqual({
      ok: false,
      message: "This key is already retired.",
    });
    expect(await audit()).toBe(auditBefore + 1);
    expect(await signingKeyOverview(t.prisma, ppr, 365)).toMatchObject({
      state: "none",
      current: null,
      rotateBy: null,
    });
    // PRD was never touched.
    expect(await signingKeyOverview(t.prisma, prd, 365)).toMatchObject({ state: "none", keys: [] });
  });

  it("saves the gateway's rotation interval with its audit record", async () => {
    const gateway = await t.prisma.gateway.findUniqueOrThrow({ where: { id: gatewayId } });
    expect(gateway.keyRotationDays).toBe(365);
    const input = gatewaySettingsSchema.parse({
      version: gateway.version,
      name: gateway.name,
      cnTemplate: gateway.cnTemplate,
      renewalLeadDays: gateway.renewalLeadDays,
      keyRotationDays: "180",
    });
    expect(
      await updateGatewaySettings(t.prisma, { ...operator, role: "admin" }, gatewayId, input),
    ).toMatchObject({ ok: true });
    expect(
      (await t.prisma.gateway.findUniqueOrThrow({ where: { id: gatewayId } })).keyRotationDays,
    ).toBe(180);
    expect(
      (await t.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } })).summary,
    ).toMatchObject({ changed: { keyRotationDays: { from: 365, to: 180 } } });
  });
});
