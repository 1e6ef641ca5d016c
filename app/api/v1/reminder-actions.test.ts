// Bulk acknowledgement and snooze (operator) and a sweep started by hand (admin) over the API
// (issue 18), as route handlers against a real database with tokens of each role.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "@/lib/testing/databases";
import { apiHarness, type ApiHarness } from "@/lib/testing/api";
import { insertCertificate, insertUser, plusDays, seedGateway } from "@/lib/reminder/test-support";
import { POST as ackBulk } from "./reminders/ack/bulk/route";
import { POST as snoozeBulk } from "./reminders/snooze/bulk/route";
import { POST as sweep } from "./reminders/sweep/route";

describe.each(DATABASE_KINDS)("reminder actions over the API on %s", (kind) => {
  let h: ApiHarness;
  const certs: string[] = [];
  beforeAll(async () => {
    h = await apiHarness(kind);
    const gw = await seedGateway(h.prisma, { merchantGatewayId: "MGW_APIREM" });
    await insertUser(h.prisma, "ops@example.com", "operator");
    for (const days of [5, 20, 40])
      certs.push((await insertCertificate(h.prisma, gw.ppr, plusDays(new Date(), days))).id);
  });
  afterAll(() => h.drop());
  const counts = async () => [
    await h.auditCount(),
    JSON.stringify(
      await h.prisma.reminderState.findMany({
        orderBy: [{ certificateId: "asc" }, { subject: "asc" }],
      }),
    ),
  ];
  const items = (ids: string[], subject = "expiry") =>
    ids.map((certificateId) => ({ certificateId, subject }));

  it("refuses bulk writes to a viewer (403) and bad input (4xx naming the item), all or nothing", async () => {
    const before = await counts();
    expect(
      (
        await h.call(
          ackBulk,
          "POST",
          "/api/v1/reminders/ack/bulk",
          {},
          { token: "viewer", body: { items: items(certs) } },
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await h.call(
          snoozeBulk,
          "POST",
          "/api/v1/reminders/snooze/bulk",
          {},
          {
            token: "viewer",
            body: {
              items: items(certs),
              until: plusDays(new Date(), 7).toISOString(),
              reason: "r",
            },
          },
        )
      ).status,
    ).toBe(403);
    // The third pair names no certificate: the first two are not acknowledged either.
    const missing = await h.call(
      ackBulk,
      "POST",
      "/api/v1/reminders/ack/bulk",
      {},
      {
        token: "operator",
        body: {
          items: [
            ...items(certs.slice(0, 2)),
            { certificateId: "no-such-cert", subject: "expiry" },
          ],
        },
      },
    );
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toMatchObject({
      code: "not_found",
      message: "items[2]: No certificate has this id. Nothing was changed.",
      fields: { "items.2.certificateId": expect.any(String) },
    });
    const twice = await h.call(
      ackBulk,
      "POST",
      "/api/v1/reminders/ack/bulk",
      {},
      { token: "operator", body: { items: [...items(certs), ...items(certs.slice(0, 1))] } },
    );
    expect(twice.status).toBe(422);
    expect((await twice.json()).error.fields).toEqual({
      items: "items names a certificate and subject twice.",
    });
    const badSubject = await h.call(
      ackBulk,
      "POST",
      "/api/v1/reminders/ack/bulk",
      {},
      { token: "operator", body: { items: items(certs, "birthday") } },
    );
    expect(badSubject.status).toBe(422);
    expect((await badSubject.json()).error.fields["items.0.subject"]).toBe(
      "subject must be start-renewal-by or expiry.",
    );
    const empty = await h.call(
      ackBulk,
      "POST",
      "/api/v1/reminders/ack/bulk",
      {},
      { token: "operator", body: { items: [] } },
    );
    expect(empty.status).toBe(422);
    const tooMany = await h.call(
      ackBulk,
      "POST",
      "/api/v1/reminders/ack/bulk",
      {},
      {
        token: "operator",
        body: {
          items: Array.from({ length: 201 }, (_, i) => ({
            certificateId: `c${i}`,
            subject: "expiry",
          })),
        },
      },
    );
    expect(tooMany.status).toBe(422);
    expect((await tooMany.json()).error.fields.items).toMatch(/at most 200/);
    const past = await h.call(
      snoozeBulk,
      "POST",
      "/api/v1/reminders/snooze/bulk",
      {},
      { token: "operator", body: { items: items(certs), until: "2020-01-01", reason: "old" } },
    );
    expect(past.status).toBe(422);
    expect((await past.json()).error).toMatchObject({
      code: "invalid",
      fields: { until: "until must be in the future." },
    });
    const noReason = await h.call(
      snoozeBulk,
      "POST",
      "/api/v1/reminders/snooze/bulk",
      {},
      {
        token: "operator",
        body: { items: items(certs), until: plusDays(new Date(), 7).toISOString() },
      },
    );
    expect(noReason.status).toBe(422);
    expect((await noReason.json()).error.fields.reason).toBe("A snooze needs a reason.");
    expect(await counts()).toEqual(before);
  });

  it("acknowledges many for an operator in one go: each state answered and audited as from the page", async () => {
    const before = await h.auditCount();
    const response = await h.call(
      ackBulk,
      "POST",
      "/api/v1/reminders/ack/bulk",
      {},
      { token: "operator", body: { items: items(certs) } },
    );
    expect(response.status).toBe(200);
    const { states } = await response.json();
    expect(states.map((s: { certificateId: string }) => s.certificateId)).toEqual(certs);
    expect(
      states.every(
        (s: { acknowledgedBy: string; snoozedUntil: string | null }) =>
          s.acknowledgedBy === "token:test-operator" && s.snoozedUntil === null,
      ),
    ).toBe(true);
    expect(
      await h.prisma.reminderState.count({
        where: { subject: "expiry", acknowledgedAt: { not: null } },
      }),
    ).toBe(3);
    expect(await h.auditCount()).toBe(before + 3);
    const audits = await h.prisma.auditEvent.findMany({ orderBy: { seq: "desc" }, take: 3 });
    expect(audits.map((a) => [a.action, a.objectId]).sort()).toEqual(
      certs.map((id) => ["reminder.acknowledge", id]).sort(),
    );
  });

  it("snoozes many for an operator until one date with one reason, replacing the acknowledgements", async () => {
    const until = plusDays(new Date(), 10).toISOString().slice(0, 10);
    const before = await h.auditCount();
    const response = await h.call(
      snoozeBulk,
      "POST",
      "/api/v1/reminders/snooze/bulk",
      {},
      {
        token: "operator",
        body: { items: items(certs.slice(0, 2)), until, reason: "Change freeze" },
      },
    );
    expect(response.status).toBe(200);
    const { states } = await response.json();
    expect(states).toHaveLength(2);
    expect(states[0]).toMatchObject({
      certificateId: certs[0],
      subject: "expiry",
      snoozedUntil: `${until}T00:00:00.000Z`,
      snoozeReason: "Change freeze",
      acknowledgedAt: null,
    });
    expect(await h.auditCount()).toBe(before + 2);
    expect((await h.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } })).action).toBe(
      "reminder.snooze",
    );
  });

  it("runs a sweep for an admin only: counts answered and audited; an operator gets 403, a body 422", async () => {
    const before = await h.auditCount();
    expect(
      (await h.call(sweep, "POST", "/api/v1/reminders/sweep", {}, { token: "operator" })).status,
    ).toBe(403);
    expect(
      (await h.call(sweep, "POST", "/api/v1/reminders/sweep", {}, { token: "viewer" })).status,
    ).toBe(403);
    const withBody = await h.call(
      sweep,
      "POST",
      "/api/v1/reminders/sweep",
      {},
      { token: "admin", body: { now: "2030-01-01" } },
    );
    expect(withBody.status).toBe(422);
    expect(await h.auditCount()).toBe(before);
    expect(await h.prisma.reminderDelivery.count()).toBe(0);

    const response = await h.call(sweep, "POST", "/api/v1/reminders/sweep", {}, { token: "admin" });
    expect(response.status).toBe(200);
    const summary = await response.json();
    // The 40-day certificate's start-renewal-by date (90 days' lead) has passed: its reminder is due,
    // as are the others' start-renewal-by ones; their expiry reminders are acknowledged or snoozed.
    expect(summary.due).toBeGreaterThan(0);
    expect(summary.created).toBeGreaterThan(0);
    expect(summary.description).toMatch(/^reminder sweep at /);
    expect(await h.prisma.reminderDelivery.count()).toBe(summary.created);
    expect(
      await h.prisma.reminderDelivery.count({
        where: { subject: "expiry", certificateId: { in: certs.slice(0, 2) } },
      }),
    ).toBe(0);
    const audit = await h.prisma.auditEvent.findFirstOrThrow({
      where: { action: "reminders.sweep" },
      orderBy: { seq: "desc" },
    });
    expect(audit).toMatchObject({
      actorLabel: "token:test-admin",
      summary: expect.objectContaining({ due: summary.due, created: summary.created }),
    });
    expect(await h.auditCount()).toBe(before + 1);
  });
});
