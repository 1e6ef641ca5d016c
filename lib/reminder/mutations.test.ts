// Acknowledge and snooze (audited, they mark the bell read), the bell's own functions, the
// delivery log, and the in-service rule stated in SQL and in Prisma agreeing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { acknowledge, snooze } from "./mutations";
import {
  BELL_COUNT_CAP,
  bellCount,
  listNotifications,
  markAllRead,
  markRead,
  NOTIFICATION_PAGE_SIZE,
  notificationPage,
  notificationUserOf,
  unreadCount,
} from "./notifications";
import { listDeliveries } from "./data";
import { snoozeSchema } from "./schema";
import { selectDuePairs } from "./due";
import { inServiceWhere } from "./in-service";
import {
  at,
  insertCertificate,
  insertUser,
  plusDays,
  seedGateway,
  sweepWithoutCustody,
} from "./test-support";

const config = { smtp: null, appUrl: "https://certs.example.com" };
const operator = {
  type: "user" as const,
  id: null,
  label: "ops@example.com",
  role: "operator" as const,
};

describe("snooze input", () => {
  it("takes a day as the start of that UTC day, and needs a reason", () => {
    expect(
      snoozeSchema.parse({
        certificateId: "c",
        subject: "expiry",
        until: "2031-02-01",
        reason: " Thales ",
      }),
    ).toMatchObject({ until: at("2031-02-01T00:00:00Z"), reason: "Thales" });
    expect(
      snoozeSchema.safeParse({
        certificateId: "c",
        subject: "expiry",
        until: "2031-02-01",
        reason: " ",
      }).error?.issues[0]?.path,
    ).toEqual(["reason"]);
    expect(
      snoozeSchema
        .safeParse({ certificateId: "c", subject: "soon", until: "tomorrow", reason: "x" })
        .error?.issues.map((i) => i.path[0]),
    ).toEqual(["subject", "until"]);
  });
});

describe.each(DATABASE_KINDS)("acknowledge, snooze and the bell on %s", (kind) => {
  let t: TestDatabase;
  let certId = "";
  let users: { id: string }[] = [];
  const now = at("2031-03-05T09:00:00Z");
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    users = [
      await insertUser(t.prisma, "a@example.com"),
      await insertUser(t.prisma, "b@example.com"),
    ];
    const gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_000001" });
    certId = (await insertCertificate(t.prisma, gw.prd, at("2031-04-02T10:00:00Z"))).id;
    await sweepWithoutCustody(t.prisma, { now, config });
  });
  afterAll(() => t.drop());

  it("lists each user's notifications, counts the unread, and marks only the user's own read", async () => {
    const [a, b] = users as [{ id: string }, { id: string }];
    expect(await unreadCount(t.prisma, a.id)).toBe(2);
    const list = await listNotifications(t.prisma, a.id);
    expect(list.map((n) => n.title.split(" ")[0]).sort()).toEqual(["Certificate", "Start"]);
    const bList = await listNotifications(t.prisma, b.id);
    expect(await markRead(t.prisma, a.id, [list[0]!.id, bList[0]!.id])).toBe(1);
    expect([await unreadCount(t.prisma, a.id), await unreadCount(t.prisma, b.id)]).toEqual([1, 2]);
    expect(await listNotifications(t.prisma, a.id, { unreadOnly: true })).toHaveLength(1);
    expect(await markAllRead(t.prisma, a.id)).toBe(1);
    expect(await unreadCount(t.prisma, a.id)).toBe(0);
  });

  it("acknowledging marks everyone's notifications about it read, with one audit record", async () => {
    const audit = await t.prisma.auditEvent.count();
    const result = await acknowledge(
      t.prisma,
      operator,
      { certificateId: certId, subject: "expiry" },
      now,
    );
    expect(result).toMatchObject({
      ok: true,
      state: { subject: "expiry", acknowledgedBy: "ops@example.com", snoozedUntil: null },
    });
    expect(await unreadCount(t.prisma, users[1]!.id)).toBe(1);
    expect(await t.prisma.auditEvent.count()).toBe(audit + 1);
    const last = await t.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(last).toMatchObject({
      action: "reminder.acknowledge",
      objectType: "certificate",
      objectId: certId,
      actorLabel: "ops@example.com",
      summary: { subject: "expiry", notificationsMarkedRead: 1 },
    });
  });

  it("refuses a snooze in the past, beyond a year, or of an unknown certificate, and audits nothing then", async () => {
    const audit = await t.prisma.auditEvent.count();
    expect(
      await snooze(
        t.prisma,
        operator,
        { certificateId: certId, subject: "expiry", until: plusDays(now, -1), reason: "x" },
        now,
      ),
    ).toMatchObject({ ok: false, field: "until" });
    expect(
      await snooze(
        t.prisma,
        operator,
        { certificateId: certId, subject: "expiry", until: plusDays(now, 366), reason: "x" },
        now,
      ),
    ).toMatchObject({ ok: false, field: "until" });
    expect(
      await snooze(
        t.prisma,
        operator,
        { certificateId: "nope", subject: "expiry", until: plusDays(now, 3), reason: "x" },
        now,
      ),
    ).toMatchObject({ ok: false, code: "not_found" });
    expect(
      await acknowledge(t.prisma, operator, { certificateId: "nope", subject: "expiry" }, now),
    ).toMatchObject({ ok: false, code: "not_found" });
    expect(await t.prisma.auditEvent.count()).toBe(audit);
  });

  it("a snooze replaces the acknowledgement: the latest threshold crossed meanwhile comes when it ends", async () => {
    const until = plusDays(now, 16);
    const result = await snooze(
      t.prisma,
      operator,
      { certificateId: certId, subject: "expiry", until, reason: "Thales is signing" },
      now,
    );
    expect(result).toMatchObject({
      ok: true,
      state: { acknowledgedAt: null, snoozeReason: "Thales is signing" },
    });
    // Expiry's 14-day threshold is crossed on day 15, while snoozed: only start-renewal-by goes out.
    const during = await sweepWithoutCustody(t.prisma, { now: plusDays(now, 15), config });
    expect(during.outcomes.map((o) => `${o.subject} ${o.threshold}`)).toEqual([
      "start-renewal-by overdue:2031-03-20",
    ]);
    const after = await sweepWithoutCustody(t.prisma, { now: until, config });
    expect(after.outcomes.map((o) => `${o.subject} ${o.threshold}`).sort()).toEqual([
      "expiry 14d",
      "start-renewal-by overdue:2031-03-21",
    ]);
  });

  it("shows the delivery log with each attempt, page by page", async () => {
    const page = await listDeliveries(t.prisma, { certificateId: certId, limit: 2 });
    expect(page.deliveries).toHaveLength(2);
    expect(page.deliveries[0]).toMatchObject({
      channel: "in-app",
      status: "sent",
      attempts: 1,
      certificate: { id: certId, merchantGatewayId: "MGW_000001", environmentCode: "PRD" },
    });
    expect(page.deliveries[0]!.log).toEqual([
      { at: expect.any(String), ok: true, detail: "in-app: 2 notification(s) for 2 user(s)" },
    ]);
    const rest = await listDeliveries(t.prisma, { certificateId: certId, after: page.nextAfter! });
    const all = [...page.deliveries, ...rest.deliveries].map((d) => d.id);
    expect(new Set(all).size).toBe(
      await t.prisma.reminderDelivery.count({ where: { certificateId: certId } }),
    );
  });

  it("names the user behind a token for the notifications API", async () => {
    const token = await t.prisma.apiToken.create({
      data: { name: "t", tokenHash: "h1", role: "viewer", createdById: users[0]!.id },
    });
    const cliToken = await t.prisma.apiToken.create({
      data: { name: "c", tokenHash: "h2", role: "viewer" },
    });
    expect(await notificationUserOf(t.prisma, { type: "token", id: token.id })).toBe(users[0]!.id);
    expect(await notificationUserOf(t.prisma, { type: "token", id: cliToken.id })).toBe(null);
    expect(await notificationUserOf(t.prisma, { type: "user", id: "u9" })).toBe("u9");
  });

  it("states the in-service rule the same way in SQL (sweep) and in Prisma (calendar)", async () => {
    const gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_000009" });
    const soon = plusDays(now, 10);
    const make = () => insertCertificate(t.prisma, gw.ppr, soon);
    const [plain, revoked, superseded, open, deployed, completed, abandoned] = await Promise.all(
      Array.from({ length: 7 }, make),
    );
    await t.prisma.certificate.update({ where: { id: revoked!.id }, data: { revokedAt: now } });
    await t.prisma.certificate.update({
      where: { id: superseded!.id },
      data: { supersededById: plain!.id },
    });
    const renewal = (old: string, data: object) =>
      t.prisma.renewal.create({
        data: { environmentId: gw.ppr, oldCertificateId: old, startedBy: "x", ...data },
      });
    await renewal(open!.id, {});
    await renewal(deployed!.id, { deployedAt: now });
    await renewal(completed!.id, { status: "completed" });
    await renewal(abandoned!.id, { status: "abandoned" });
    const ids = [plain, revoked, superseded, open, deployed, completed, abandoned].map(
      (c) => c!.id,
    );
    const bySql = new Set(
      (await selectDuePairs(t.prisma, now)).pairs
        .map((r) => r.certificateId)
        .filter((id) => ids.includes(id)),
    );
    const byPrisma = new Set(
      (
        await t.prisma.certificate.findMany({
          where: { ...inServiceWhere, id: { in: ids } },
          select: { id: true },
        })
      ).map((c) => c.id),
    );
    expect([...bySql].sort()).toEqual([...byPrisma].sort());
    expect([...byPrisma].sort()).toEqual([plain!.id, open!.id, abandoned!.id].sort());
  });
});

describe.each(DATABASE_KINDS)("the notifications page's pages on %s", (kind) => {
  let t: TestDatabase;
  const now = at("2031-03-05T09:00:00Z");
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t.drop());

  it("pages a user's notifications newest first, each one on exactly one page", async () => {
    const user = await insertUser(t.prisma, "many@example.com");
    const other = await insertUser(t.prisma, "none@example.com");
    const count = NOTIFICATION_PAGE_SIZE * 2 + 7;
    await t.prisma.notification.createMany({
      data: Array.from({ length: count }, (_, i) => ({
        userId: user.id,
        deliveryId: `delivery-${i}`,
        title: `Reminder ${i}`,
        body: "What: a test\nNext step: none",
        createdAt: plusDays(now, i / 24),
        readAt: i % 3 === 0 ? now : null,
      })),
    });
    const first = await notificationPage(t.prisma, user.id, 1);
    expect(first).toMatchObject({
      total: count,
      unread: count - Math.ceil(count / 3),
      page: 1,
      pages: 3,
    });
    expect(first.rows[0]!.title).toBe(`Reminder ${count - 1}`);
    const seen = [first, await notificationPage(t.prisma, user.id, 2)]
      .concat(await notificationPage(t.prisma, user.id, 3))
      .flatMap((p) => p.rows.map((n) => n.title));
    expect(seen).toHaveLength(count);
    expect(new Set(seen).size).toBe(count);
    expect(seen.at(-1)).toBe("Reminder 0");
    // Past the last page, or not a page at all: the last page, and the first.
    expect(await notificationPage(t.prisma, user.id, 99)).toMatchObject({ page: 3 });
    expect((await notificationPage(t.prisma, user.id, 99)).rows).toHaveLength(7);
    expect(await notificationPage(t.prisma, user.id, Number.NaN)).toMatchObject({ page: 1 });
    expect(await notificationPage(t.prisma, other.id, 1)).toMatchObject({
      total: 0,
      pages: 1,
    });
  });
  it("counts the bell's unread up to its cap, and the page's exactly", async () => {
    const user = await insertUser(t.prisma, "bell@example.com");
    const other = await insertUser(t.prisma, "quiet@example.com");
    const make = (from: number, to: number, userId = user.id) =>
      t.prisma.notification.createMany({
        data: Array.from({ length: to - from }, (_, i) => ({
          userId,
          deliveryId: `bell-${userId}-${from + i}`,
          title: `Reminder ${from + i}`,
          body: "What: a test",
          createdAt: plusDays(now, (from + i) / 24),
        })),
      });
    await make(0, 99);
    await make(0, 3, other.id);
    expect(await bellCount(t.prisma, user.id)).toBe(99);
    expect(await bellCount(t.prisma, other.id)).toBe(3);
    await make(99, 250);
    expect(await bellCount(t.prisma, user.id)).toBe(BELL_COUNT_CAP);
    expect(await unreadCount(t.prisma, user.id)).toBe(250);
    expect(await notificationPage(t.prisma, user.id, 1)).toMatchObject({ total: 250, unread: 250 });
    await markAllRead(t.prisma, user.id);
    expect(await bellCount(t.prisma, user.id)).toBe(0);
    expect(await bellCount(t.prisma, other.id)).toBe(3);
  });
});
