import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { makeCaFixtures, type CaFixtures } from "@/lib/pki/test-support/ca";
import type { Actor } from "@/lib/auth/actor";
import { createGateway } from "@/lib/gateway/mutations";
import { parseCertificate } from "@/lib/pki";
import {
  addTrustEntries,
  parseForStore,
  SERVER_CHAIN_DIRECT_ADD_REFUSAL,
} from "@/lib/trust-store/mutations";
import { listTrustEntries } from "@/lib/trust-store/data";
import {
  cancelServerChainChange,
  markServerChainSwitched,
  planServerChainChange,
  recordServerChainAcknowledged,
  recordServerChainNotified,
  type ServerChainResult,
} from "./mutations";
import { listServerChainChanges, openServerChainChange, serverChainGivenToThales } from "./data";
import { nextServerChainStep } from "./dto";
import { makeServerChains, type ServerChains } from "./test-support";

const operator: Actor = { type: "user", id: "u-op", label: "ops@example.com", role: "operator" };
const admin: Actor = { type: "user", id: "u-admin", label: "admin@example.com", role: "admin" };
const DAY = 86_400_000;
const dayFrom = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
const TODAY = dayFrom(0);

let fx: CaFixtures;
let sx: ServerChains;

beforeAll(() => {
  fx = makeCaFixtures();
  sx = makeServerChains(fx);
}, 120_000);
afterAll(() => fx.ssl.cleanup());

function changed(result: ServerChainResult) {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.change;
}

describe.each(DATABASE_KINDS)("server chain changes on %s", (kind) => {
  let t: TestDatabase;
  let gatewaySeq = 0;
  const auditCount = () => t.prisma.auditEvent.count();
  const lastAudit = () => t.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
  const storeShas = async (environmentId: string) =>
    (await listTrustEntries(t.prisma, environmentId, "our-server-chain"))
      .map((e) => e.sha256)
      .sort();
  const shasOf = async (pem: string) => {
    const parsed = await parseForStore(pem);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.certificates.map((c) => c.sha256).sort();
  };
  /** A fresh gateway per test: its PPR environment id. */
  async function environment(): Promise<{ ppr: string; prd: string }> {
    gatewaySeq += 1;
    const created = await createGateway(t.prisma, admin, {
      merchantGatewayId: `MGW_SCC${String(gatewaySeq).padStart(3, "0")}`,
      name: `Chain ${gatewaySeq}`,
    });
    if (!created.ok) throw new Error("gateway");
    const [ppr, prd] = created.value.environments.map((e) => e.id) as [string, string];
    return { ppr, prd };
  }
  async function initialChain(environmentId: string, pem: string) {
    const parsed = await parseForStore(pem);
    if (!parsed.ok) throw new Error(parsed.message);
    const added = await addTrustEntries(
      t.prisma,
      operator,
      environmentId,
      "our-server-chain",
      parsed.certificates,
      "test",
    );
    expect(added.ok).toBe(true);
  }

  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t.drop());

  it("plans a change: the chain is parsed, our server certificate first, its summary and private-CA verdict stored, audited once", async () => {
    const { ppr } = await environment();
    const before = await auditCount();
    const change = changed(
      await planServerChainChange(t.prisma, operator, ppr, {
        chain: sx.chainB,
        plannedAt: dayFrom(30),
        notes: "New CA for 2027, CHG-42",
      }),
    );
    expect(change).toMatchObject({
      status: "planned",
      nextStep: "notify",
      plannedAt: dayFrom(30),
      notes: "New CA for 2027, CHG-42",
      version: 1,
      createdBy: "ops@example.com",
    });
    const leaf = await parseCertificate(sx.leafB);
    expect(change.certificates.map((c) => [c.subject, c.isCa])).toEqual([
      ["CN=api-b.example.test", false],
      ["C=US, O=Amazon Test, CN=Amazon Test RSA 2048 M01", true],
      ["C=US, O=Amazon Test, CN=Amazon Test Root CA 1", true],
    ]);
    expect(change.certificates[0]).toMatchObject({
      sha256: leaf.sha256,
      issuer: "C=US, O=Amazon Test, CN=Amazon Test RSA 2048 M01",
      notAfter: leaf.notAfter.toISOString(),
    });
    expect(change.verdict.status).toBe("private");
    expect(change.verdict.message).toMatch(/PEM trust store/);
    expect(change.chainPem.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    const row = await t.prisma.serverChainChange.findUniqueOrThrow({ where: { id: change.id } });
    expect(row.summary).toMatchObject({ leafSha256: leaf.sha256, verdict: { status: "private" } });
    expect(await auditCount()).toBe(before + 1);
    expect(await lastAudit()).toMatchObject({
      action: "server_chain_change.plan",
      objectId: change.id,
      environmentId: ppr,
      summary: expect.objectContaining({ plannedAt: dayFrom(30), verdict: "private" }),
    });
    // Planning touches no trust store.
    expect(await storeShas(ppr)).toEqual([]);
  });

  it("accepts the chain as DER PKCS#7 too, and a planned date in the past", async () => {
    const { ppr } = await environment();
    const change = changed(
      await planServerChainChange(t.prisma, operator, ppr, {
        chain: sx.chainBp7bDer,
        plannedAt: dayFrom(-3),
      }),
    );
    expect(change.certificates[0]!.subject).toBe("CN=api-b.example.test");
    expect(change.notes).toBe("");
  });

  it.each([
    [
      "only CA certificates",
      () => fx.amazonIntermediate + fx.amazonRoot,
      "server_chain.no_leaf",
      /only CA certificates: include our server \(leaf\) certificate/,
    ],
    [
      "two server certificates",
      () => fx.amazonLeaf + sx.leafB,
      "server_chain.several_leaves",
      /holds 2 end-entity certificates .*exactly one/,
    ],
    [
      "a client certificate",
      () => fx.good + fx.issuing + fx.root,
      "server_chain.not_server_certificate",
      /is not a TLS server certificate: its extended key usage is clientAuth/,
    ],
    [
      "an expired server certificate",
      () => sx.expiredChain,
      "server_chain.leaf_expired",
      /expired on .*would break D1's calls/,
    ],
    [
      "a private key",
      () => fx.clientKey + sx.chainB,
      "private_key_exposed",
      /PRIVATE KEY\. Nothing was stored/,
    ],
    ["garbage", () => "hello, this is not a chain", "input.no_certificate", /./],
  ])("refuses %s with a specific message, storing nothing", async (_what, input, code, message) => {
    const { ppr } = await environment();
    const before = [await t.prisma.serverChainChange.count(), await auditCount()];
    const result = await planServerChainChange(t.prisma, operator, ppr, {
      chain: input(),
      plannedAt: dayFrom(10),
    });
    expect(result).toMatchObject({ ok: false, status: 422 });
    if (result.ok) return;
    if (code !== "input.no_certificate") expect(result.code).toBe(code);
    else expect(result.code).toMatch(/^input\./);
    expect(result.message).toMatch(message);
    expect([await t.prisma.serverChainChange.count(), await auditCount()]).toEqual(before);
  });

  it("refuses a bad planned date or overlong notes, field by field", async () => {
    const { ppr } = await environment();
    const before = [await t.prisma.serverChainChange.count(), await auditCount()];
    expect(
      await planServerChainChange(t.prisma, operator, ppr, {
        chain: sx.chainB,
        plannedAt: "2026-02-30",
      }),
    ).toMatchObject({
      ok: false,
      status: 422,
      fields: { plannedAt: "Enter the planned switch date (YYYY-MM-DD)." },
    });
    expect(
      await planServerChainChange(t.prisma, operator, ppr, {
        chain: sx.chainB,
        plannedAt: undefined,
      }),
    ).toMatchObject({ ok: false, fields: { plannedAt: expect.any(String) } });
    expect(
      await planServerChainChange(t.prisma, operator, ppr, {
        chain: sx.chainB,
        plannedAt: "2012-01-01",
      }),
    ).toMatchObject({
      ok: false,
      fields: { plannedAt: expect.stringContaining("before D1 existed") },
    });
    expect(
      await planServerChainChange(t.prisma, operator, ppr, {
        chain: sx.chainB,
        plannedAt: dayFrom(5),
        notes: "x".repeat(2001),
      }),
    ).toMatchObject({
      ok: false,
      fields: { notes: "Notes must be at most 2000 characters." },
    });
    expect(
      await planServerChainChange(t.prisma, operator, "no-such-environment", {
        chain: sx.chainB,
        plannedAt: dayFrom(5),
      }),
    ).toMatchObject({ ok: false, status: 404 });
    expect([await t.prisma.serverChainChange.count(), await auditCount()]).toEqual(before);
  });

  it("walks the steps in order, each audited; out-of-order and future-dated steps are refused; the switch replaces our-server-chain", async () => {
    const { ppr, prd } = await environment();
    await initialChain(ppr, sx.chainA);
    await initialChain(prd, sx.chainA);
    let change = changed(
      await planServerChainChange(t.prisma, operator, ppr, {
        chain: sx.chainB,
        plannedAt: dayFrom(14),
      }),
    );
    const refusedWithout = async (
      result: Promise<ServerChainResult>,
      expected: Record<string, unknown>,
    ) => {
      const before = [
        await auditCount(),
        JSON.stringify(
          await t.prisma.serverChainChange.findUniqueOrThrow({ where: { id: change.id } }),
        ),
      ];
      expect(await result).toMatchObject({ ok: false, ...expected });
      expect([
        await auditCount(),
        JSON.stringify(
          await t.prisma.serverChainChange.findUniqueOrThrow({ where: { id: change.id } }),
        ),
      ]).toEqual(before);
    };

    await refusedWithout(
      recordServerChainAcknowledged(t.prisma, operator, change.id, {
        version: 1,
        acknowledgedAt: TODAY,
        reference: "TH-1",
      }),
      {
        status: 409,
        code: "server_chain.out_of_order",
        message:
          "Record when Thales was notified first: Thales can only acknowledge a change it was told about.",
      },
    );
    await refusedWithout(
      recordServerChainNotified(t.prisma, operator, change.id, {
        version: 1,
        notifiedAt: dayFrom(3),
      }),
      {
        status: 422,
        fields: {
          notifiedAt:
            "The date Thales was notified cannot be in the future: record it once it has happened.",
        },
      },
    );
    await refusedWithout(
      markServerChainSwitched(t.prisma, operator, change.id, { version: 1, switchedAt: TODAY }),
      { status: 409, code: "server_chain.not_notified" },
    );

    change = changed(
      await recordServerChainNotified(t.prisma, operator, change.id, {
        version: 1,
        notifiedAt: dayFrom(-2),
      }),
    );
    expect(change).toMatchObject({
      status: "notified",
      nextStep: "acknowledge",
      notifiedAt: dayFrom(-2),
      notifiedBy: "ops@example.com",
      version: 2,
    });
    await refusedWithout(
      recordServerChainNotified(t.prisma, operator, change.id, { version: 2, notifiedAt: TODAY }),
      {
        status: 409,
        code: "server_chain.out_of_order",
        message: `Thales' notification was already recorded: notified on ${dayFrom(-2)} by ops@example.com.`,
      },
    );
    await refusedWithout(
      recordServerChainAcknowledged(t.prisma, operator, change.id, {
        version: 2,
        acknowledgedAt: dayFrom(-3),
        reference: "TH-1",
      }),
      {
        status: 422,
        fields: {
          acknowledgedAt: `Thales cannot have acknowledged before it was notified (on ${dayFrom(-2)}): check the date.`,
        },
      },
    );
    await refusedWithout(
      recordServerChainAcknowledged(t.prisma, operator, change.id, {
        version: 2,
        acknowledgedAt: TODAY,
        reference: " ",
      }),
      {
        status: 422,
        fields: { reference: "Thales' reference is required." },
      },
    );
    await refusedWithout(
      recordServerChainAcknowledged(t.prisma, operator, change.id, {
        version: 2,
        acknowledgedAt: dayFrom(2),
        reference: "TH-1",
      }),
      {
        fields: {
          acknowledgedAt:
            "The date Thales acknowledged cannot be in the future: record it once it has happened.",
        },
      },
    );

    change = changed(
      await recordServerChainAcknowledged(t.prisma, operator, change.id, {
        version: 2,
        acknowledgedAt: dayFrom(-1),
        reference: "THALES-CASE-778",
      }),
    );
    expect(change).toMatchObject({
      status: "acknowledged",
      nextStep: "switch",
      acknowledgedAt: dayFrom(-1),
      acknowledgementRef: "THALES-CASE-778",
      version: 3,
    });
    expect((await serverChainGivenToThales(t.prisma, ppr))?.id).toBe(change.id);
    await refusedWithout(
      markServerChainSwitched(t.prisma, operator, change.id, {
        version: 3,
        switchedAt: dayFrom(2),
      }),
      {
        // dayFrom(1) is already "today" east of UTC after 10:00 UTC (latestToday)
        fields: {
          switchedAt: "The switch date cannot be in the future: record it once it has happened.",
        },
      },
    );

    const before = await auditCount();
    change = changed(
      await markServerChainSwitched(t.prisma, operator, change.id, {
        version: 3,
        switchedAt: TODAY,
      }),
    );
    expect(change).toMatchObject({
      status: "switched",
      nextStep: null,
      switchedAt: TODAY,
      switchedBy: "ops@example.com",
      overrideReason: null,
      version: 4,
    });
    // The store now holds exactly the change's chain; PRD's store is untouched.
    expect(await storeShas(ppr)).toEqual(await shasOf(sx.chainB));
    expect(await storeShas(prd)).toEqual(await shasOf(sx.chainA));
    // One audit record for the switch, saying what left and what came.
    expect(await auditCount()).toBe(before + 1);
    const audit = await lastAudit();
    expect(audit).toMatchObject({
      action: "server_chain_change.switch",
      objectId: change.id,
      summary: expect.objectContaining({
        from: "acknowledged",
        switchedAt: TODAY,
        store: "our-server-chain",
        override: null,
        acknowledgementRef: "THALES-CASE-778",
      }),
    });
    const summary = audit.summary as {
      removed: { sha256: string }[];
      added: { sha256: string; subject: string }[];
    };
    expect(summary.removed.map((r) => r.sha256).sort()).toEqual(await shasOf(sx.chainA));
    expect(summary.added.map((a) => a.sha256).sort()).toEqual(await shasOf(sx.chainB));
    expect(summary.added[0]!.subject).toBe("CN=api-b.example.test");

    await refusedWithout(
      cancelServerChainChange(t.prisma, operator, change.id, { version: 4, reason: "too late" }),
      {
        status: 409,
        code: "server_chain.closed",
        message: expect.stringContaining(`already switched on ${TODAY} by ops@example.com`),
      },
    );
    const actions = (
      await t.prisma.auditEvent.findMany({
        where: { objectType: "server_chain_change", objectId: change.id },
        orderBy: { seq: "asc" },
      })
    ).map((a) => a.action);
    expect(actions).toEqual([
      "server_chain_change.plan",
      "server_chain_change.notify",
      "server_chain_change.acknowledge",
      "server_chain_change.switch",
    ]);
  });

  it("refuses a stale form (an older version) with a clear message, storing nothing", async () => {
    const { ppr } = await environment();
    const planned = changed(
      await planServerChainChange(t.prisma, operator, ppr, {
        chain: sx.chainB,
        plannedAt: dayFrom(7),
      }),
    );
    changed(
      await recordServerChainNotified(t.prisma, admin, planned.id, {
        version: 1,
        notifiedAt: TODAY,
      }),
    );
    const before = [
      await auditCount(),
      JSON.stringify(
        await t.prisma.serverChainChange.findUniqueOrThrow({ where: { id: planned.id } }),
      ),
    ];
    for (const step of [
      () =>
        recordServerChainNotified(t.prisma, operator, planned.id, {
          version: 1,
          notifiedAt: TODAY,
        }),
      () =>
        recordServerChainAcknowledged(t.prisma, operator, planned.id, {
          version: 1,
          acknowledgedAt: TODAY,
          reference: "X",
        }),
      () =>
        markServerChainSwitched(t.prisma, operator, planned.id, { version: 1, switchedAt: TODAY }),
      () =>
        cancelServerChainChange(t.prisma, operator, planned.id, { version: 1, reason: "stale" }),
    ]) {
      expect(await step()).toMatchObject({
        ok: false,
        status: 409,
        code: "server_chain.stale",
        message:
          "This change was updated by someone else after this form was loaded (it is now notified, version 2; the form was for version 1). Nothing was saved: reload the page, check what changed, then try again.",
      });
    }
    expect(
      await recordServerChainNotified(t.prisma, operator, planned.id, { notifiedAt: TODAY }),
    ).toMatchObject({ ok: false, fields: { version: expect.stringContaining("reload the page") } });
    expect(
      await recordServerChainNotified(t.prisma, operator, "no-such-change", {
        version: 1,
        notifiedAt: TODAY,
      }),
    ).toMatchObject({ ok: false, status: 404 });
    expect([
      await auditCount(),
      JSON.stringify(
        await t.prisma.serverChainChange.findUniqueOrThrow({ where: { id: planned.id } }),
      ),
    ]).toEqual(before);
    expect(await storeShas(ppr)).toEqual([]);
  });

  it("refuses an operator's switch before Thales was notified; an admin may switch with a reason, stored and audited", async () => {
    const { ppr } = await environment();
    await initialChain(ppr, sx.chainA);
    const planned = changed(
      await planServerChainChange(t.prisma, operator, ppr, { chain: sx.chainB, plannedAt: TODAY }),
    );
    const before = [await auditCount(), await storeShas(ppr)];

    const byOperator = await markServerChainSwitched(t.prisma, operator, planned.id, {
      version: 1,
      switchedAt: TODAY,
      overrideReason: "I am sure",
    });
    expect(byOperator).toMatchObject({
      ok: false,
      status: 409,
      code: "server_chain.not_notified",
      message:
        "Thales has not been notified of this change. Thales must be notified before we change our server CA or chain: record the notification first. Only an admin can override this, with a reason.",
    });
    const noReason = await markServerChainSwitched(t.prisma, admin, planned.id, {
      version: 1,
      switchedAt: TODAY,
      overrideReason: "  ",
    });
    expect(noReason).toMatchObject({
      ok: false,
      status: 422,
      code: "server_chain.override_reason_required",
      fields: { overrideReason: expect.stringContaining("only with a reason") },
    });
    expect([await auditCount(), await storeShas(ppr)]).toEqual(before);
    expect(
      (await t.prisma.serverChainChange.findUniqueOrThrow({ where: { id: planned.id } })).status,
    ).toBe("planned");

    const reason =
      "The old CA was revoked overnight (incident INC-9); Thales informed by phone, email to follow.";
    const switched = changed(
      await markServerChainSwitched(t.prisma, admin, planned.id, {
        version: 1,
        switchedAt: TODAY,
        overrideReason: reason,
      }),
    );
    expect(switched).toMatchObject({
      status: "switched",
      overrideReason: reason,
      switchedBy: "admin@example.com",
      notifiedAt: null,
    });
    expect(await storeShas(ppr)).toEqual(await shasOf(sx.chainB));
    expect(await lastAudit()).toMatchObject({
      action: "server_chain_change.switch",
      actorLabel: "admin@example.com",
      summary: expect.objectContaining({ from: "planned", notifiedAt: null, override: { reason } }),
    });
  });

  it("counts a notification after the switch date as no notification; a switch needs no acknowledgement", async () => {
    const { ppr } = await environment();
    const planned = changed(
      await planServerChainChange(t.prisma, operator, ppr, { chain: sx.chainB, plannedAt: TODAY }),
    );
    const notified = changed(
      await recordServerChainNotified(t.prisma, operator, planned.id, {
        version: 1,
        notifiedAt: TODAY,
      }),
    );
    expect(
      await markServerChainSwitched(t.prisma, operator, notified.id, {
        version: 2,
        switchedAt: dayFrom(-1),
      }),
    ).toMatchObject({
      ok: false,
      code: "server_chain.not_notified",
      message: expect.stringMatching(
        new RegExp(
          `^Thales was notified on ${TODAY}, after the switch date ${dayFrom(-1)}\\. .*Only an admin can override this`,
        ),
      ),
    });
    // An override reason is only kept when it was needed.
    const switched = changed(
      await markServerChainSwitched(t.prisma, admin, notified.id, {
        version: 2,
        switchedAt: TODAY,
        overrideReason: "not needed",
      }),
    );
    expect(switched).toMatchObject({
      status: "switched",
      acknowledgedAt: null,
      overrideReason: null,
    });
    expect((await lastAudit()).summary).toMatchObject({
      from: "notified",
      acknowledgedAt: null,
      override: null,
      removed: [],
    });
    // The empty store of a new environment simply receives the chain.
    expect(await storeShas(ppr)).toEqual(await shasOf(sx.chainB));
    expect((await serverChainGivenToThales(t.prisma, ppr))?.id).toBe(switched.id);
  });

  it("keeps one open change per environment; cancelling needs a reason, keeps the record, touches no store, and frees the way", async () => {
    const { ppr } = await environment();
    await initialChain(ppr, sx.chainA);
    const first = changed(
      await planServerChainChange(t.prisma, operator, ppr, {
        chain: sx.chainB,
        plannedAt: dayFrom(20),
        notes: "first try",
      }),
    );
    const before = [await t.prisma.serverChainChange.count(), await auditCount()];
    expect(
      await planServerChainChange(t.prisma, operator, ppr, {
        chain: sx.chainC,
        plannedAt: dayFrom(21),
      }),
    ).toMatchObject({
      ok: false,
      status: 409,
      code: "server_chain.change_open",
      message: `A server chain change is already open here (planned for ${dayFrom(20)}, planned): switch or cancel it before planning another.`,
    });
    expect(
      await cancelServerChainChange(t.prisma, operator, first.id, { version: 1, reason: "" }),
    ).toMatchObject({ ok: false, fields: { reason: "A reason is required." } });
    expect([await t.prisma.serverChainChange.count(), await auditCount()]).toEqual(before);

    const cancelled = changed(
      await cancelServerChainChange(t.prisma, operator, first.id, {
        version: 1,
        reason: "The CA vendor changed",
      }),
    );
    expect(cancelled).toMatchObject({ status: "cancelled", nextStep: null });
    expect(cancelled.cancelledAt).not.toBeNull();
    expect(cancelled.notes).toMatch(
      /^first try\n\nCancelled on \d{4}-\d\d-\d\d by ops@example\.com: The CA vendor changed$/,
    );
    expect(await lastAudit()).toMatchObject({
      action: "server_chain_change.cancel",
      summary: { from: "planned", reason: "The CA vendor changed" },
    });
    expect(await storeShas(ppr)).toEqual(await shasOf(sx.chainA));
    expect(
      await recordServerChainNotified(t.prisma, operator, first.id, {
        version: 2,
        notifiedAt: TODAY,
      }),
    ).toMatchObject({
      ok: false,
      code: "server_chain.closed",
      message: expect.stringContaining("was cancelled on"),
    });
    expect(await serverChainGivenToThales(t.prisma, ppr)).toBeNull();

    const second = changed(
      await planServerChainChange(t.prisma, operator, ppr, {
        chain: sx.chainC,
        plannedAt: dayFrom(21),
      }),
    );
    expect((await openServerChainChange(t.prisma, ppr))?.id).toBe(second.id);
    expect((await listServerChainChanges(t.prisma, ppr)).map((c) => c.status)).toEqual([
      "planned",
      "cancelled",
    ]);
  });

  it("refuses a direct add to a non-empty our-server-chain; the initial chain of an empty one is added directly", async () => {
    const { ppr } = await environment();
    const parsedA = await parseForStore(sx.chainA);
    const parsedB = await parseForStore(sx.chainB);
    if (!parsedA.ok || !parsedB.ok) throw new Error("fixtures");
    const first = await addTrustEntries(
      t.prisma,
      operator,
      ppr,
      "our-server-chain",
      parsedA.certificates,
      "ui",
    );
    expect(first.ok && first.report.added.length).toBe(3);
    const before = [await auditCount(), await storeShas(ppr)];
    for (const certificates of [parsedB.certificates, parsedA.certificates]) {
      expect(
        await addTrustEntries(t.prisma, admin, ppr, "our-server-chain", certificates, "api"),
      ).toEqual({
        ok: false,
        status: 409,
        code: "server_chain.use_change",
        message: SERVER_CHAIN_DIRECT_ADD_REFUSAL,
      });
    }
    expect(SERVER_CHAIN_DIRECT_ADD_REFUSAL).toBe(
      "Our server chain changes through a planned change (CA changes page): Thales must be notified before we switch.",
    );
    expect([await auditCount(), await storeShas(ppr)]).toEqual(before);
    // Other stores still take additions as before.
    const issuers = await parseForStore(fx.issuing);
    if (!issuers.ok) throw new Error("fixtures");
    expect(
      await addTrustEntries(
        t.prisma,
        operator,
        ppr,
        "client-cert-issuers",
        issuers.certificates,
        "ui",
      ),
    ).toMatchObject({ ok: true });
  });
});

describe("next step", () => {
  it("is notify, then acknowledge (the switch may follow a notification directly), then switch; none once closed", () => {
    expect(
      ["planned", "notified", "acknowledged", "switched", "cancelled"].map((status) =>
        nextServerChainStep({ status }),
      ),
    ).toEqual(["notify", "acknowledge", "switch", null, null]);
  });
});
