// The server chain change's steps over the API (issue 18): notify, acknowledge, switch (with the
// admin override and its reason) and cancel, as route handlers against a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "@/lib/testing/databases";
import { apiHarness, type ApiHarness } from "@/lib/testing/api";
import { makeCaFixtures, type CaFixtures } from "@/lib/pki/test-support/ca";
import { makeServerChains, type ServerChains } from "@/lib/server-chain-change/test-support";
import { createGateway } from "@/lib/gateway/mutations";
import { planServerChainChange } from "@/lib/server-chain-change/mutations";
import { testAdmin } from "@/lib/reminder/test-support";
import { POST as notify } from "./environments/[envId]/server-chain-changes/[changeId]/notify/route";
import { POST as acknowledge } from "./environments/[envId]/server-chain-changes/[changeId]/acknowledge/route";
import { POST as switchChain } from "./environments/[envId]/server-chain-changes/[changeId]/switch/route";
import { POST as cancel } from "./environments/[envId]/server-chain-changes/[changeId]/cancel/route";

const DAY = 86_400_000;
const dayFrom = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
const TODAY = dayFrom(0);

let fx: CaFixtures;
let sx: ServerChains;
beforeAll(() => {
  fx = makeCaFixtures();
  sx = makeServerChains(fx);
}, 120_000);
afterAll(() => fx.ssl.cleanup());

describe.each(DATABASE_KINDS)("server chain steps over the API on %s", (kind) => {
  let h: ApiHarness;
  let seq = 0;
  beforeAll(async () => {
    h = await apiHarness(kind);
  });
  afterAll(() => h.drop());

  /** A fresh environment with a planned change: its ids. */
  async function planned() {
    seq += 1;
    const gateway = await createGateway(h.prisma, testAdmin, {
      merchantGatewayId: `MGW_APISC${seq}`,
      name: `Chain ${seq}`,
    });
    if (!gateway.ok) throw new Error("gateway");
    const [envId, otherEnvId] = gateway.value.environments.map((e) => e.id) as [string, string];
    const change = await planServerChainChange(h.prisma, testAdmin, envId, {
      chain: sx.chainB,
      plannedAt: dayFrom(10),
    });
    if (!change.ok) throw new Error(change.message);
    const base = `/api/v1/environments/${envId}/server-chain-changes/${change.change.id}`;
    return {
      envId,
      otherEnvId,
      changeId: change.change.id,
      base,
      params: { envId, changeId: change.change.id },
    };
  }
  const row = (id: string) => h.prisma.serverChainChange.findUniqueOrThrow({ where: { id } });
  const state = async (id: string) => [
    await h.auditCount(),
    (await row(id)).version,
    (await row(id)).status,
    await h.prisma.trustStoreEntry.count(),
  ];

  it("walks notify → acknowledge → switch for an operator: each step answered, versioned and audited; the switch fills our-server-chain", async () => {
    const c = await planned();
    const before = await h.auditCount();
    const n = await h.call(notify, "POST", `${c.base}/notify`, c.params, {
      token: "operator",
      body: { version: 1, notifiedAt: TODAY },
    });
    expect(n.status).toBe(200);
    expect(await n.json()).toMatchObject({
      id: c.changeId,
      status: "notified",
      notifiedAt: TODAY,
      notifiedBy: "token:test-operator",
      version: 2,
      nextStep: "acknowledge",
    });
    const a = await h.call(acknowledge, "POST", `${c.base}/acknowledge`, c.params, {
      token: "operator",
      body: { version: 2, acknowledgedAt: TODAY, reference: "THALES-77" },
    });
    expect(a.status).toBe(200);
    expect(await a.json()).toMatchObject({
      status: "acknowledged",
      acknowledgementRef: "THALES-77",
      version: 3,
    });
    const s = await h.call(switchChain, "POST", `${c.base}/switch`, c.params, {
      token: "operator",
      body: { version: 3, switchedAt: TODAY },
    });
    expect(s.status).toBe(200);
    expect(await s.json()).toMatchObject({
      status: "switched",
      switchedAt: TODAY,
      overrideReason: null,
      version: 4,
      nextStep: null,
    });
    expect(
      await h.prisma.trustStoreEntry.count({
        where: { environmentId: c.envId, kind: "our_server_chain" },
      }),
    ).toBe(3);
    const actions = (
      await h.prisma.auditEvent.findMany({
        where: { objectId: c.changeId },
        orderBy: { seq: "asc" },
      })
    ).map((e) => e.action);
    expect(actions.slice(-3)).toEqual([
      "server_chain_change.notify",
      "server_chain_change.acknowledge",
      "server_chain_change.switch",
    ]);
    expect(await h.auditCount()).toBe(before + 3);
  });

  it("refuses an operator's switch before Thales was notified (409), asks an admin for a reason (422), then takes the admin's override", async () => {
    const c = await planned();
    const before = await state(c.changeId);
    const operator = await h.call(switchChain, "POST", `${c.base}/switch`, c.params, {
      token: "operator",
      body: { version: 1, switchedAt: TODAY, overrideReason: "I insist" },
    });
    expect(operator.status).toBe(409);
    const refusal = (await operator.json()).error;
    expect(refusal.code).toBe("server_chain.not_notified");
    expect(refusal.message).toMatch(/Only an admin can override this, with a reason/);
    const noReason = await h.call(switchChain, "POST", `${c.base}/switch`, c.params, {
      token: "admin",
      body: { version: 1, switchedAt: TODAY },
    });
    expect(noReason.status).toBe(422);
    expect((await noReason.json()).error).toMatchObject({
      code: "server_chain.override_reason_required",
      fields: { overrideReason: expect.stringMatching(/only with a reason/) },
    });
    expect(await state(c.changeId)).toEqual(before);

    const admin = await h.call(switchChain, "POST", `${c.base}/switch`, c.params, {
      token: "admin",
      body: { version: 1, switchedAt: TODAY, overrideReason: "Outage: the old CA was revoked" },
    });
    expect(admin.status).toBe(200);
    expect(await admin.json()).toMatchObject({
      status: "switched",
      overrideReason: "Outage: the old CA was revoked",
      switchedBy: "token:test-admin",
    });
    expect(
      (
        await h.prisma.auditEvent.findFirstOrThrow({
          where: { objectId: c.changeId },
          orderBy: { seq: "desc" },
        })
      ).summary,
    ).toMatchObject({ override: { reason: "Outage: the old CA was revoked" } });
  });

  it("cancels for an operator with a reason; a later step is refused as closed", async () => {
    const c = await planned();
    const response = await h.call(cancel, "POST", `${c.base}/cancel`, c.params, {
      token: "operator",
      body: { version: 1, reason: "Supplier changed plans" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "cancelled", version: 2 });
    expect((await h.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } })).action).toBe(
      "server_chain_change.cancel",
    );
    const after = await h.call(notify, "POST", `${c.base}/notify`, c.params, {
      token: "operator",
      body: { version: 2, notifiedAt: TODAY },
    });
    expect(after.status).toBe(409);
    expect((await after.json()).error.code).toBe("server_chain.closed");
  });

  it("refuses a viewer (403) on every step, and bad input (4xx) naming the field, changing nothing", async () => {
    const c = await planned();
    const before = await state(c.changeId);
    for (const [handler, step, body] of [
      [notify, "notify", { version: 1, notifiedAt: TODAY }],
      [acknowledge, "acknowledge", { version: 1, acknowledgedAt: TODAY, reference: "R" }],
      [switchChain, "switch", { version: 1, switchedAt: TODAY }],
      [cancel, "cancel", { version: 1, reason: "r" }],
    ] as const) {
      const viewer = await h.call(handler, "POST", `${c.base}/${step}`, c.params, {
        token: "viewer",
        body,
      });
      expect(viewer.status, step).toBe(403);
      expect(
        (await h.call(handler, "POST", `${c.base}/${step}`, c.params, { token: null, body }))
          .status,
        step,
      ).toBe(401);
    }
    const future = await h.call(notify, "POST", `${c.base}/notify`, c.params, {
      token: "operator",
      body: { version: 1, notifiedAt: dayFrom(3) },
    });
    expect(future.status).toBe(422);
    expect((await future.json()).error.fields.notifiedAt).toMatch(/cannot be in the future/);
    const noVersion = await h.call(cancel, "POST", `${c.base}/cancel`, c.params, {
      token: "operator",
      body: { reason: "x" },
    });
    expect(noVersion.status).toBe(422);
    expect((await noVersion.json()).error.fields.version).toMatch(/reload the page/);
    const stale = await h.call(notify, "POST", `${c.base}/notify`, c.params, {
      token: "operator",
      body: { version: 7, notifiedAt: TODAY },
    });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe("server_chain.stale");
    const notJson = await h.call(notify, "POST", `${c.base}/notify`, c.params, {
      token: "operator",
      body: "version=1",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(notJson.status).toBe(415);
    const malformed = await h.call(notify, "POST", `${c.base}/notify`, c.params, {
      token: "operator",
      body: "{ version: ",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    const elsewhere = await h.call(
      notify,
      "POST",
      `/api/v1/environments/${c.otherEnvId}/server-chain-changes/${c.changeId}/notify`,
      { envId: c.otherEnvId, changeId: c.changeId },
      { token: "operator", body: { version: 1, notifiedAt: TODAY } },
    );
    expect(elsewhere.status).toBe(404);
    expect(await state(c.changeId)).toEqual(before);
  });
});
