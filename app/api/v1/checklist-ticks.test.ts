// Ticking and unticking a checklist item over the API (issue 18), as the checklist page does:
// route handlers against a real database, with tokens of each role.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "@/lib/testing/databases";
import { apiHarness, type ApiHarness } from "@/lib/testing/api";
import { seedGateway } from "@/lib/reminder/test-support";
import { PUT as tick, DELETE as untick } from "./environments/[envId]/checklist/[item]/route";

const ITEM = "inbound.tls-dns";
const DONE_ON = "2026-11-02";

describe.each(DATABASE_KINDS)("checklist ticks over the API on %s", (kind) => {
  let h: ApiHarness;
  let gw: { ppr: string; prd: string };
  beforeAll(async () => {
    h = await apiHarness(kind);
    gw = await seedGateway(h.prisma, { merchantGatewayId: "MGW_APICHK" });
  });
  afterAll(() => h.drop());
  const path = (item = ITEM, envId = gw.ppr) => `/api/v1/environments/${envId}/checklist/${item}`;
  const params = (item = ITEM, envId = gw.ppr) => ({ envId, item });
  const counts = async () => [await h.auditCount(), await h.prisma.checklistTick.count()];

  it("refuses a viewer (403) and bad input (422 naming each field, 404 for an unknown item), storing nothing", async () => {
    const before = await counts();
    const body = { note: "DNS checked with dig", doneOn: DONE_ON };
    expect((await h.call(tick, "PUT", path(), params(), { token: "viewer", body })).status).toBe(
      403,
    );
    expect((await h.call(tick, "PUT", path(), params(), { token: null, body })).status).toBe(401);
    const bad = await h.call(tick, "PUT", path(), params(), {
      token: "operator",
      body: { note: "ok", doneOn: "2999-01-01" },
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields).toEqual({
      note: "Say what you checked, in a few words (it is kept with the tick).",
      doneOn: "The date it was done cannot be in the future.",
    });
    const unknown = await h.call(tick, "PUT", path("inbound.made-up"), params("inbound.made-up"), {
      token: "operator",
      body,
    });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toBe('No checklist item "inbound.made-up".');
    const noEnv = await h.call(
      tick,
      "PUT",
      path(ITEM, "no-such-env"),
      params(ITEM, "no-such-env"),
      { token: "operator", body },
    );
    expect(noEnv.status).toBe(404);
    expect(
      (
        await h.call(tick, "PUT", path(), params(), {
          token: "operator",
          body: "note=x",
          headers: { "content-type": "text/plain" },
        })
      ).status,
    ).toBe(415);
    expect((await h.call(untick, "DELETE", path(), params(), { token: "viewer" })).status).toBe(
      403,
    );
    expect(await counts()).toEqual(before);
  });

  it("ticks an item for an operator (200 with the checklist), audited; a second tick is a 409", async () => {
    const before = await h.auditCount();
    const response = await h.call(tick, "PUT", path(), params(), {
      token: "operator",
      body: { note: "DNS checked with dig", doneOn: DONE_ON },
    });
    expect(response.status).toBe(200);
    const list = await response.json();
    expect(list.items.find((i: { id: string }) => i.id === ITEM)).toMatchObject({
      done: true,
      tick: { by: "token:test-operator", note: "DNS checked with dig", doneOn: DONE_ON },
    });
    expect(await h.auditCount()).toBe(before + 1);
    expect(await h.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } })).toMatchObject({
      action: "checklist.tick",
      objectId: `${gw.ppr}/${ITEM}`,
    });
    const again = await h.call(tick, "PUT", path(), params(), {
      token: "operator",
      body: { note: "again", doneOn: DONE_ON },
    });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("checklist.already_ticked");
    expect(await h.auditCount()).toBe(before + 1);
  });

  it("refuses a tick where evidence proves the item (409 checklist.proven)", async () => {
    await h.prisma.csr.create({
      data: {
        environmentId: gw.ppr,
        pem: "x",
        subjectDn: "CN=x",
        subject: {},
        commonName: "CN",
        keyType: "ECDSA",
        curve: "P-256",
        signatureAlgorithm: "x",
        publicKeySha256: "k1",
        origin: "browser",
        createdByLabel: "t",
      },
    });
    const before = await counts();
    const proven = await h.call(
      tick,
      "PUT",
      path("inbound.csr-generated"),
      params("inbound.csr-generated"),
      { token: "operator", body: { note: "made one", doneOn: DONE_ON } },
    );
    expect(proven.status).toBe(409);
    expect((await proven.json()).error).toMatchObject({
      code: "checklist.proven",
      message: expect.stringMatching(/already proven by evidence/),
    });
    expect(await counts()).toEqual(before);
  });

  it("unticks for an operator, audited with what the tick said; unticking again is a 409", async () => {
    const before = await h.auditCount();
    const response = await h.call(untick, "DELETE", path(), params(), { token: "operator" });
    expect(response.status).toBe(200);
    expect((await response.json()).items.find((i: { id: string }) => i.id === ITEM)).toMatchObject({
      done: false,
      tick: null,
    });
    expect(await h.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } })).toMatchObject({
      action: "checklist.untick",
      summary: expect.objectContaining({
        was: expect.objectContaining({ note: "DNS checked with dig" }),
      }),
    });
    const again = await h.call(untick, "DELETE", path(), params(), { token: "operator" });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("checklist.not_ticked");
    expect(await h.auditCount()).toBe(before + 1);
  });
});
