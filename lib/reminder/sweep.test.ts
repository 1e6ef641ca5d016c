// The sweep against a controllable clock: which reminder is due when, daily once overdue, and
// what stops them (acknowledge, snooze, a deployed successor). On PGlite and PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { startRenewalBy } from "@/lib/renewal/dates";
import { selectDuePairs } from "./due";
import { acknowledge, snooze } from "./mutations";
import {
  at,
  insertCertificate,
  insertUser,
  plusDays,
  seedGateway,
  testAdmin,
  sweepWithoutCustody,
} from "./test-support";

const config = { smtp: null, appUrl: "https://certs.example.com" };
const operator = { ...testAdmin, role: "operator" as const, label: "ops@example.com" };

describe.each(DATABASE_KINDS)("reminder sweep on %s", (kind) => {
  let t: TestDatabase;
  let gw: Awaited<ReturnType<typeof seedGateway>>;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_000001" });
    await insertUser(t.prisma, "viewer@example.com");
  });
  afterAll(() => t.drop());
  // Each test's certificates are retired after it, so that the next test sees only its own.
  afterEach(() =>
    t.prisma.certificate.updateMany({
      where: { revokedAt: null },
      data: { revokedAt: new Date() },
    }),
  );

  const sweep = (now: Date) => sweepWithoutCustody(t.prisma, { now, config });
  const thresholdsOf = async (certificateId: string) =>
    (
      await t.prisma.reminderDelivery.findMany({
        where: { certificateId, channel: "in-app" },
        orderBy: [{ createdAt: "asc" }, { subject: "desc" }],
      })
    ).map((d) => `${d.subject} ${d.threshold}`);

  it("sends each threshold once, as it is crossed, for start-renewal-by and for expiry", async () => {
    const notAfter = at("2031-04-02T10:00:00Z");
    const cert = await insertCertificate(t.prisma, gw.prd, notAfter);
    const srb = startRenewalBy(notAfter, 90); // 2031-01-02T10:00Z
    expect((await sweep(plusDays(srb, -121))).created).toBe(0);
    const first = await sweep(plusDays(srb, -120));
    expect(first).toMatchObject({ due: 1, created: 1, sent: 1 });
    expect(await thresholdsOf(cert.id)).toEqual(["start-renewal-by 120d"]);
    // Nothing new until the next threshold, however often it runs.
    expect((await sweep(plusDays(srb, -100))).created).toBe(0);
    expect((await sweep(plusDays(srb, -90))).created).toBe(1);
    // Expiry's 120-day threshold is the start-renewal-by's 30-day one (90-day lead time).
    const both = await sweep(plusDays(srb, -30));
    expect(both).toMatchObject({ due: 2, created: 2 });
    expect(await thresholdsOf(cert.id)).toEqual([
      "start-renewal-by 120d",
      "start-renewal-by 90d",
      "start-renewal-by 30d",
      "expiry 120d",
    ]);
  });

  it("sends one reminder a day once the date has passed, keyed by the UTC day whatever TZ says", async () => {
    expect(process.env.TZ).toBe("Asia/Kathmandu");
    const notAfter = at("2031-06-30T12:00:00Z");
    const cert = await insertCertificate(t.prisma, gw.ppr, notAfter);
    const srb = startRenewalBy(notAfter, 90); // 2031-04-01T12:00Z
    await sweep(plusDays(srb, 1)); // 2031-04-02T12:00Z
    // 23:30 UTC is 05:15 the next day in Kathmandu: still the same UTC day, so nothing new.
    expect((await sweep(at("2031-04-02T23:30:00Z"))).created).toBe(0);
    expect((await sweep(at("2031-04-03T00:00:00Z"))).created).toBe(1);
    expect((await sweep(at("2031-04-03T18:00:00Z"))).created).toBe(0);
    expect(await thresholdsOf(cert.id)).toEqual([
      "start-renewal-by overdue:2031-04-02",
      "expiry 90d",
      "start-renewal-by overdue:2031-04-03",
    ]);
  });

  it("uses the environment's lead-time override and the gateway's own thresholds", async () => {
    const other = await seedGateway(t.prisma, {
      merchantGatewayId: "MGW_000002",
      reminderThresholds: [10],
      renewalLeadDays: 60,
    });
    await t.prisma.environment.update({
      where: { id: other.prd },
      data: { renewalLeadDaysOverride: 30 },
    });
    const now = at("2031-01-01T00:00:00Z");
    const prd = await insertCertificate(t.prisma, other.prd, plusDays(now, 40)); // start-renewal-by in 10 days
    const ppr = await insertCertificate(t.prisma, other.ppr, plusDays(now, 40)); // start-renewal-by 20 days ago
    const due = (await selectDuePairs(t.prisma, now)).pairs.filter((p) =>
      [prd.id, ppr.id].includes(p.certificateId),
    );
    expect(
      due.map((p) => [p.certificateId === prd.id ? "PRD" : "PPR", p.subject, p.threshold]).sort(),
    ).toEqual([
      ["PPR", "start-renewal-by", "overdue:2031-01-01"],
      ["PRD", "start-renewal-by", "10d"],
    ]);
  });

  it("skips an acknowledged subject, and a snoozed one until the snooze ends", async () => {
    const notAfter = at("2032-04-02T10:00:00Z");
    const cert = await insertCertificate(t.prisma, gw.prd, notAfter);
    const now = plusDays(notAfter, -20); // both subjects due
    const subjects = async (when: Date) =>
      (await selectDuePairs(t.prisma, when)).pairs
        .filter((p) => p.certificateId === cert.id)
        .map((p) => p.subject)
        .sort();
    expect(await subjects(now)).toEqual(["expiry", "start-renewal-by"]);
    expect(
      (
        await acknowledge(
          t.prisma,
          operator,
          { certificateId: cert.id, subject: "start-renewal-by" },
          now,
        )
      ).ok,
    ).toBe(true);
    expect(await subjects(now)).toEqual(["expiry"]);
    expect(
      (
        await snooze(
          t.prisma,
          operator,
          {
            certificateId: cert.id,
            subject: "expiry",
            until: plusDays(now, 5),
            reason: "waiting for Thales",
          },
          now,
        )
      ).ok,
    ).toBe(true);
    expect(await subjects(now)).toEqual([]);
    expect(await subjects(plusDays(now, 4.9))).toEqual([]);
    expect(await subjects(plusDays(now, 5))).toEqual(["expiry"]);
    const audit = await t.prisma.auditEvent.findMany({
      where: { objectId: cert.id },
      orderBy: { seq: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["reminder.acknowledge", "reminder.snooze"]);
  });

  it("stops the old certificate's reminders once its successor is deployed, and cancels pending ones", async () => {
    const notAfter = at("2033-04-02T10:00:00Z");
    const old = await insertCertificate(t.prisma, gw.prd, notAfter);
    const now = plusDays(notAfter, -100);
    expect(
      (await selectDuePairs(t.prisma, now)).pairs.some((p) => p.certificateId === old.id),
    ).toBe(true);
    const renewal = await t.prisma.renewal.create({
      data: { environmentId: gw.prd, oldCertificateId: old.id, startedBy: "ops@example.com" },
    });
    // An open renewal does not stop them: the old certificate is still the one in service.
    expect(
      (await selectDuePairs(t.prisma, now)).pairs.some((p) => p.certificateId === old.id),
    ).toBe(true);
    // A delivery created just before the deployment is cancelled, not sent.
    await t.prisma.reminderDelivery.create({
      data: {
        certificateId: old.id,
        subject: "start-renewal-by",
        threshold: "7d",
        channel: "in-app",
        nextAttemptAt: now,
      },
    });
    await t.prisma.renewal.update({
      where: { id: renewal.id },
      data: { deployedAt: now, deployedBy: "ops@example.com" },
    });
    expect(
      (await selectDuePairs(t.prisma, plusDays(now, 1))).pairs.some(
        (p) => p.certificateId === old.id,
      ),
    ).toBe(false);
    const result = await sweep(plusDays(now, 1));
    expect(result.outcomes.some((o) => o.certificateId === old.id)).toBe(false);
    expect(
      await t.prisma.reminderDelivery.findFirstOrThrow({ where: { certificateId: old.id } }),
    ).toMatchObject({ status: "cancelled", lastError: "not sent: its successor is deployed" });
  });

  it("writes one in-app notification per user, with a link to the certificate", async () => {
    const cert = await insertCertificate(t.prisma, gw.ppr, at("2034-04-02T10:00:00Z"), {
      commonName: "TLSMA-EC/MGW_000001/PPR",
    });
    await insertUser(t.prisma, "second@example.com");
    const result = await sweep(at("2034-03-30T10:00:00Z"));
    const mine = result.outcomes.filter((o) => o.certificateId === cert.id);
    expect(mine.map((o) => `${o.subject} ${o.threshold} ${o.status}`).sort()).toEqual([
      "expiry 3d sent",
      "start-renewal-by overdue:2034-03-30 sent",
    ]);
    const notes = await t.prisma.notification.findMany({
      where: { deliveryId: { in: mine.map((o) => o.id) } },
    });
    expect(notes).toHaveLength(4); // two reminders × two users
    expect(notes[0]!.link).toMatch(
      new RegExp(`^/gateways/MGW_000001/PPR/certificates/${cert.id}$`),
    );
    expect(notes.find((n) => n.title.startsWith("Certificate expiry"))!.title).toBe(
      "Certificate expiry 2034-04-02 (in 3 days): TLSMA-EC/MGW_000001/PPR · MGW_000001 PPR",
    );
  });

  it("creates at most a bounded number of reminders a sweep, soonest expiry first, and the next sweep takes the rest", async () => {
    const now = at("2035-01-01T00:00:00Z");
    const certs: { id: string }[] = [];
    for (const days of [30, 10, 20])
      certs.push(await insertCertificate(t.prisma, gw.prd, plusDays(now, days)));
    const first = await selectDuePairs(t.prisma, now, 3);
    expect(first.more).toBe(true);
    expect(
      first.pairs.map((p) => [certs.findIndex((c) => c.id === p.certificateId), p.subject]),
    ).toEqual([
      [1, "expiry"],
      [1, "start-renewal-by"],
      [2, "expiry"],
    ]);
    const summary = await sweepWithoutCustody(t.prisma, { now, config });
    expect(summary).toMatchObject({ due: 6, created: 6, more: false });
    expect((await selectDuePairs(t.prisma, now, 3)).pairs).toEqual([]);
  });
});
