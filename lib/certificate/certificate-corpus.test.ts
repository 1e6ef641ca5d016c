// Issue 14, items 5–6: an openssl-made corpus through the server's import path, on both
// databases, each verdict checked against what `openssl verify` says with the environment's store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import type { Actor } from "@/lib/auth/actor";
import { createGateway } from "@/lib/gateway/mutations";
import { registerCsr } from "@/lib/csr/mutations";
import { addTrustEntries, parseForStore, removeTrustEntry } from "@/lib/trust-store/mutations";
import { evaluateChecklist } from "@/lib/checklist/evaluate";
import { checklistProgress } from "@/lib/checklist/progress";
import { importCertificate, type CertificateOutcome } from "./import";
import { rejudgeLegacyVerdicts } from "./reevaluate";
import { makeCorpus, type Corpus } from "./test-support/corpus";

const admin: Actor = { type: "user", id: "u1", label: "admin@example.com", role: "admin" };
const operator: Actor = { type: "user", id: "u2", label: "ops@example.com", role: "operator" };
let corpus: Corpus;
beforeAll(() => {
  corpus = makeCorpus();
}, 300_000);
afterAll(() => corpus?.ssl.cleanup());

describe("the corpus itself", () => {
  it("holds at least 15 certificates, each with an expected verdict and an openssl verdict that agrees", () => {
    const certificates = corpus.cases.reduce(
      (n, c) => n + c.files.join("").split("BEGIN CERTIFICATE").length - 1,
      0,
    );
    expect(corpus.cases.map((c) => c.name)).toEqual(CASE_NAMES);
    expect(corpus.cases.length).toBeGreaterThanOrEqual(15);
    expect(certificates).toBeGreaterThanOrEqual(20);
    for (const c of corpus.cases) {
      // openssl prints "<file>: OK" on success, "error N at D depth lookup: <reason>" otherwise.
      if (c.openssl === "OK") expect(c.opensslOutput, c.name).toMatch(/: OK$/);
      else expect(c.opensslOutput, c.name).toContain(c.openssl);
      if (c.opensslClient === "OK") expect(c.opensslClientOutput, c.name).toMatch(/: OK$/);
      else if (c.opensslClient) expect(c.opensslClientOutput, c.name).toContain(c.opensslClient);
    }
  });
});

describe.each(DATABASE_KINDS)("certificate corpus through the import on %s", (kind) => {
  let t: TestDatabase;
  const envs = { PPR: "", PRD: "" };
  const results = new Map<string, Awaited<ReturnType<typeof importCertificate>>>();

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const gateway = await createGateway(t.prisma, admin, {
      merchantGatewayId: "MGW_000001",
      name: "Corpus",
    });
    if (!gateway.ok) throw new Error("no gateway");
    for (const e of gateway.value.environments) envs[e.code as "PPR" | "PRD"] = e.id;
    const parsed = await parseForStore(corpus.root + corpus.issuing);
    if (!parsed.ok) throw new Error(parsed.message);
    await addTrustEntries(
      t.prisma,
      admin,
      envs.PPR,
      "client-cert-issuers",
      parsed.certificates,
      "test",
    );
    // In order: a CSR registered by one case is on record for the cases after it.
    for (const c of corpus.cases) {
      if (c.csrBefore) {
        const csr = await registerCsr(t.prisma, operator, {
          environmentId: envs[c.env],
          pem: c.csrBefore,
          origin: "registered",
        });
        if (!csr.ok) throw new Error(`${c.name}: CSR refused: ${JSON.stringify(csr.violations)}`);
      }
      results.set(
        c.name,
        await importCertificate(
          t.prisma,
          operator,
          envs[c.env],
          c.files.length === 1 ? c.files[0]! : c.files,
        ),
      );
    }
  }, 300_000);
  afterAll(() => t?.drop());

  it.each(corpusNames())("%s", (name) => {
    const c = corpus.cases.find((x) => x.name === name)!;
    const result = results.get(name)!;
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    const chain = result.checks.find((k) => k.code === "cert.chain_verifies")!;
    const got = {
      verdict: result.verdict,
      adopted: result.adopted,
      chain: chain.reason,
      failed: result.failures.map((f) => f.code).sort(),
    };
    expect(got).toEqual({
      verdict: c.expected.verdict,
      adopted: c.expected.adopted,
      chain: c.expected.chain,
      failed: [...c.expected.failed].sort(),
    });
    expect(result.compliant).toBe(c.expected.verdict === "compliant");
    for (const reason of c.expected.reasons ?? [])
      expect(result.checks.map((k) => k.reason)).toContain(reason);
    if (c.expected.each) {
      expect(result.certificates.map(outcomeOf)).toEqual(c.expected.each);
    } else {
      expect(result.certificates).toHaveLength(1);
    }
    // The independent tool: our chain passes exactly when openssl verify accepts the chain to the
    // environment's store (an expired leaf aside: its dates are the valid_now check's).
    const opensslTrusts =
      /: OK$/.test(c.opensslOutput!) || c.opensslOutput!.includes("certificate has expired");
    expect(chain.status === "pass", `${name}: openssl said ${c.opensslOutput}`).toBe(opensslTrusts);
    // Compliant never where openssl refuses it as a TLS client certificate.
    if (result.verdict === "compliant" && c.opensslClientOutput)
      expect(c.opensslClientOutput).toMatch(/: OK$/);
  });

  it("stores exactly the certificates said to be stored, with their verdicts", async () => {
    const stored = [...results.values()].flatMap((r) =>
      r.ok ? r.certificates.filter((o) => o.stored) : [],
    );
    expect(await t.prisma.certificate.count()).toBe(stored.length);
    for (const o of stored) {
      if (!o.stored) continue;
      const row = await t.prisma.certificate.findUniqueOrThrow({ where: { id: o.id } });
      expect([row.compliant, row.csrId]).toEqual([o.verdict === "compliant", o.matchedCsrId]);
      if (o.adopted) expect(row.csrId).toBeNull();
    }
  });

  it.each([
    ["a private key", () => corpus.privateKey, 422, "private_key_exposed"],
    ["a CA certificate alone", () => corpus.issuing, 422, "input.not_a_client_certificate"],
    ["only CA certificates", () => corpus.issuing + corpus.root, 422, "input.no_leaf"],
    ["a certificate already stored", () => corpus.cases[0]!.files[0]!, 409, "duplicate"],
  ])(
    "refuses %s, stores nothing, leaves the audit trail unchanged",
    async (_what, input, status, code) => {
      const before = [
        await t.prisma.certificate.count(),
        await t.prisma.auditEvent.count(),
        await t.prisma.trustStoreEntry.count(),
      ];
      expect(await importCertificate(t.prisma, admin, envs.PPR, input())).toMatchObject({
        ok: false,
        status,
        code,
      });
      expect([
        await t.prisma.certificate.count(),
        await t.prisma.auditEvent.count(),
        await t.prisma.trustStoreEntry.count(),
      ]).toEqual(before);
    },
  );

  it("an operator may not trust the upload's CAs; an unknown CA is refused; neither stores anything", async () => {
    const c = corpus.cases.find((x) => x.name.startsWith("CA only inside the upload"))!;
    const before = [
      await t.prisma.certificate.count(),
      await t.prisma.auditEvent.count(),
      await t.prisma.trustStoreEntry.count(),
    ];
    expect(
      await importCertificate(t.prisma, operator, envs.PRD, c.files[0]!, { addIssuers: "all" }),
    ).toMatchObject({ ok: false, status: 403, code: "import.add_issuers_admin_only" });
    expect(
      await importCertificate(t.prisma, admin, envs.PRD, c.files[0]!, {
        addIssuers: ["00".repeat(32)],
      }),
    ).toMatchObject({ ok: false, status: 422, code: "import.issuer_not_in_upload" });
    expect([
      await t.prisma.certificate.count(),
      await t.prisma.auditEvent.count(),
      await t.prisma.trustStoreEntry.count(),
    ]).toEqual(before);
  });
});

function corpusNames(): string[] {
  // it.each needs the names at collection time, before beforeAll made the corpus.
  return CASE_NAMES;
}

function outcomeOf(o: CertificateOutcome): string {
  return o.stored ? o.verdict : o.code;
}

const CASE_NAMES = [
  "signed by the store's issuing CA, no CSR: compliant, adopted",
  "RSA 4096 adopted, chain through the upload's intermediate",
  "intermediate chain: issued by a sub-CA that came in the upload",
  "intermediate missing from the upload: another CA as far as the store knows",
  "matched CSR: compliant, not adopted",
  "store empty: unverified",
  "CA only inside the upload (store empty): unverified",
  "self-signed RSA 4096, 5 years, clientAuth: never compliant",
  "wrong CA (not in the store, not uploaded)",
  "wrong CA that came in the upload: unverified until an admin trusts it",
  "expired",
  "no clientAuth (serverAuth only)",
  "RSA 2048",
  "ECDSA P-384",
  "RSA-PSS key (rsassaPss SPKI)",
  "RSA-PSS signature by the CA",
  "wrong CN for the environment (PRD's CN in PPR)",
  "wrong CN for the key type (RSA CN on an ECDSA key)",
  "two leaves in one PEM bundle: each judged and stored on its own",
  "two files, one already stored: one stored, one refused as a duplicate",
  "key mismatch with the CSR waiting for this CN",
];

describe.each(DATABASE_KINDS)("verdicts follow client-cert-issuers on %s", (kind) => {
  let t: TestDatabase;
  let prd = "";
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const gateway = await createGateway(t.prisma, admin, {
      merchantGatewayId: "MGW_000001",
      name: "Re-evaluation",
    });
    if (!gateway.ok) throw new Error("no gateway");
    prd = gateway.value.environments.find((e) => e.code === "PRD")!.id;
  });
  afterAll(() => t?.drop());

  const ticked = async () => {
    const list = await evaluateChecklist(t.prisma, prd);
    const progress = (await checklistProgress(t.prisma, [prd])).get(prd)!;
    return {
      item: list.rows.find((r) => r.id === "inbound.certificate-received")!.done,
      done: list.done,
      progressDone: progress.done,
    };
  };
  const lastAudit = (n: number) =>
    t.prisma.auditEvent
      .findMany({ orderBy: { seq: "desc" }, take: n })
      .then((rows) => rows.reverse());

  it("store empty → unverified; add the CA → compliant, ticked; remove it → unverified, unticked; each change audited with the store change", async () => {
    const c = corpus.cases.find((x) => x.name === "store empty: unverified")!;
    const selfSigned = corpus.cases.find((x) => x.name.startsWith("self-signed"))!;
    const imported = await importCertificate(t.prisma, operator, prd, c.files[0]!);
    const other = await importCertificate(t.prisma, operator, prd, selfSigned.files[0]!);
    if (!imported.ok || !other.ok) throw new Error("import failed");
    expect([imported.verdict, other.verdict]).toEqual(["unverified", "non_compliant"]);
    expect(await ticked()).toMatchObject({ item: false });
    const before = await ticked();

    const parsed = await parseForStore(corpus.issuing);
    if (!parsed.ok) throw new Error(parsed.message);
    const added = await addTrustEntries(
      t.prisma,
      admin,
      prd,
      "client-cert-issuers",
      parsed.certificates,
      "ui",
    );
    if (!added.ok) throw new Error(added.message);
    expect(added.report.reevaluated).toEqual([
      {
        certificateId: imported.id,
        commonName: "TLSMA-ECDSA/MGW_000001/PRD",
        from: "unverified",
        to: "compliant",
      },
    ]);
    const row = await t.prisma.certificate.findUniqueOrThrow({ where: { id: imported.id } });
    expect(row.compliant).toBe(true);
    expect(
      (row.checks as { code: string; reason?: string }[]).find(
        (k) => k.code === "cert.chain_verifies",
      )?.reason,
    ).toBe("issuers.verified");
    // The self-signed certificate stays non-compliant whatever the store holds.
    expect(
      (await t.prisma.certificate.findUniqueOrThrow({ where: { id: other.id } })).compliant,
    ).toBe(false);
    expect(await ticked()).toEqual({
      item: true,
      done: before.done + 1,
      progressDone: before.progressDone + 1,
    });
    const [storeAdd, reevaluate] = await lastAudit(2);
    expect([storeAdd!.action, reevaluate!.action]).toEqual([
      "trust_store.add",
      "certificate.reevaluate",
    ]);
    expect(reevaluate!.summary).toMatchObject({
      from: "unverified",
      to: "compliant",
      chain: "issuers.verified",
    });

    const entry = await t.prisma.trustStoreEntry.findFirstOrThrow({
      where: { environmentId: prd, kind: "client_cert_issuers" },
    });
    const removed = await removeTrustEntry(t.prisma, admin, entry.id);
    expect(removed).toMatchObject({
      ok: true,
      reevaluated: [{ certificateId: imported.id, from: "compliant", to: "unverified" }],
    });
    const after = await t.prisma.certificate.findUniqueOrThrow({ where: { id: imported.id } });
    expect(after.compliant).toBe(false);
    expect(
      (after.checks as { code: string; reason?: string }[]).find(
        (k) => k.code === "cert.chain_verifies",
      ),
    ).toMatchObject({ status: "unverified", reason: "issuers.store_empty" });
    expect(await ticked()).toEqual(before);
    const [storeRemove, back] = await lastAudit(2);
    expect([storeRemove!.action, back!.action]).toEqual([
      "trust_store.remove",
      "certificate.reevaluate",
    ]);
    expect(back!.summary).toMatchObject({
      from: "compliant",
      to: "unverified",
      chain: "issuers.store_empty",
    });
  });

  it("an admin trusts the upload's CA in the same import, explicitly: compliant at once, audited", async () => {
    const c = corpus.cases.find((x) => x.name.startsWith("CA only inside the upload"))!;
    const issuingSha = (await parseForStore(corpus.issuing)) as {
      ok: true;
      certificates: { sha256: string }[];
    };
    const result = await importCertificate(t.prisma, admin, prd, c.files[0]!, {
      addIssuers: [issuingSha.certificates[0]!.sha256],
    });
    expect(result).toMatchObject({ ok: true, verdict: "compliant", issuersAdded: 1 });
    expect(
      await t.prisma.trustStoreEntry.count({
        where: { environmentId: prd, kind: "client_cert_issuers" },
      }),
    ).toBe(1);
    const audit = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: "trust_store.add" },
      orderBy: { seq: "desc" },
    });
    expect(audit.summary).toMatchObject({
      source: "certificate import (admin, explicit)",
      added: [{ sha256: issuingSha.certificates[0]!.sha256 }],
    });
  });

  it("a verdict stored before issue 14 (self-signed, stored compliant, chain only warned) is judged again once at start-up", async () => {
    // The self-signed certificate imported above, made to look as the old code stored it.
    const row = await t.prisma.certificate.findFirstOrThrow({
      where: { environmentId: prd, subjectDn: { contains: "TLSMA-RSA" } },
    });
    const legacy = [
      { code: "cert.matches_csr", status: "pass", message: "Matched." },
      {
        code: "cert.chain_verifies",
        status: "warn",
        message: "Not checked: there is no issuing CA in client-cert-issuers.",
      },
    ];
    await t.prisma.certificate.update({
      where: { id: row.id },
      data: { compliant: true, checks: legacy },
    });
    const before = await t.prisma.auditEvent.count();
    expect(await rejudgeLegacyVerdicts(t.prisma)).toBe(1);
    const after = await t.prisma.certificate.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.compliant).toBe(false);
    expect(
      (after.checks as { code: string; reason?: string }[]).find(
        (k) => k.code === "cert.chain_verifies",
      )?.reason,
    ).toBe("issuers.self_signed");
    expect(await t.prisma.auditEvent.count()).toBe(before + 1);
    expect(await rejudgeLegacyVerdicts(t.prisma)).toBe(0);
  });
});
