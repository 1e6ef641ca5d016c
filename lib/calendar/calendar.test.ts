// The iCalendar feed parses back with ical.js (a real parser), lines are folded at 75 octets,
// and the secret feed URL is stored only as a hash, replaced by a new one, and revocable.
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import {
  at,
  insertCertificate,
  insertUser,
  seedGateway,
  testAdmin,
} from "@/lib/reminder/test-support";
import { buildCalendar, escapeText, foldLine } from "./ics";
import { certificateCalendar } from "./feed";
import { createCalendarFeed, revokeCalendarFeed, userForCalendarToken } from "./tokens";

const parseEvents = (ics: string) =>
  new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents("vevent").map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      description: e.description,
      start: e.startDate,
      end: e.endDate,
      url: v.getFirstPropertyValue("url"),
    };
  });

describe("iCalendar writer", () => {
  it("folds at 75 octets without splitting a UTF-8 character, and unfolds to the same text", () => {
    const line = `SUMMARY:${"é".repeat(100)}`;
    const folded = foldLine(line);
    const physical = folded.split("\r\n");
    expect(physical.length).toBeGreaterThan(2);
    for (const p of physical) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(75);
    expect(physical.slice(1).every((p) => p.startsWith(" "))).toBe(true);
    expect(folded.replace(/\r\n /g, "")).toBe(line);
  });

  it("escapes TEXT and round-trips through a parser", () => {
    expect(escapeText("a,b;c\\d\ne")).toBe("a\\,b\\;c\\\\d\\ne");
    const summary = "Expires: TLSMA-EC/MGW,000001; \\ über-long ".repeat(4);
    const ics = buildCalendar({
      name: "x",
      now: at("2030-01-01T00:00:00Z"),
      events: [{ uid: "u1@x", day: "2030-02-28", summary, description: "line 1\nline 2" }],
    });
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics.split("\r\n").every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(/[^\r]\n/.test(ics)).toBe(false);
    const [event] = parseEvents(ics);
    expect(event).toMatchObject({ uid: "u1@x", summary, description: "line 1\nline 2" });
    expect(event!.start.isDate).toBe(true);
    expect(event!.start.toString()).toBe("2030-02-28");
    expect(event!.end.toString()).toBe("2030-03-01");
    expect(ics).toContain("DTSTAMP:20300101T000000Z\r\n");
  });
});

describe.each(DATABASE_KINDS)("calendar feed on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => (t = await createTestDatabase(kind)));
  afterAll(() => t.drop());

  it("has start-renewal-by and expiry events of each certificate in service, with stable UIDs", async () => {
    const gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_000001" });
    await t.prisma.environment.update({
      where: { id: gw.prd },
      data: { renewalLeadDaysOverride: 60 },
    });
    const prd = await insertCertificate(t.prisma, gw.prd, at("2031-04-02T22:30:00Z"), {
      commonName: "TLSMA-EC/MGW_000001/PRD",
    });
    const ppr = await insertCertificate(t.prisma, gw.ppr, at("2030-07-01T10:00:00Z"), {
      commonName: "TLSMA-EC/MGW_000001/PPR",
    });
    await insertCertificate(t.prisma, gw.ppr, at("2030-08-01T10:00:00Z"), {
      commonName: "revoked",
    }).then((c) =>
      t.prisma.certificate.update({ where: { id: c.id }, data: { revokedAt: new Date() } }),
    );
    await insertCertificate(t.prisma, gw.ppr, at("2029-08-01T10:00:00Z"), {
      commonName: "old",
      supersededById: ppr.id,
    });
    const replaced = await insertCertificate(t.prisma, gw.prd, at("2029-09-01T10:00:00Z"), {
      commonName: "deployed successor",
    });
    await t.prisma.renewal.create({
      data: {
        environmentId: gw.prd,
        oldCertificateId: replaced.id,
        startedBy: "x",
        deployedAt: new Date(),
      },
    });

    const ics = await certificateCalendar(t.prisma, {
      now: at("2030-01-01T00:00:00Z"),
      appUrl: "https://certs.example.com",
    });
    const events = parseEvents(ics);
    expect(events.map((e) => [e.uid, e.start.toString(), e.start.isDate])).toEqual([
      [`${ppr.id}-start-renewal-by@d1-dashboard`, "2030-04-02", true],
      [`${ppr.id}-expiry@d1-dashboard`, "2030-07-01", true],
      // 22:30 UTC is the next morning in Kathmandu: the event stays on the UTC day.
      [`${prd.id}-start-renewal-by@d1-dashboard`, "2031-02-01", true],
      [`${prd.id}-expiry@d1-dashboard`, "2031-04-02", true],
    ]);
    expect(events[3]).toMatchObject({
      summary: "Expires: TLSMA-EC/MGW_000001/PRD (MGW_000001 PRD)",
      url: `https://certs.example.com/gateways/MGW_000001/PRD/certificates/${prd.id}`,
    });
    expect(events[2]!.description).toContain("60 days before expiry");
    const again = parseEvents(
      await certificateCalendar(t.prisma, {
        now: at("2030-02-01T00:00:00Z"),
        appUrl: "https://certs.example.com",
      }),
    );
    expect(again.map((e) => e.uid)).toEqual(events.map((e) => e.uid));
  });

  it("keeps only the hash of a feed token; a new feed replaces the old one; revoking ends it; both audited", async () => {
    const user = await insertUser(t.prisma, "viewer@example.com");
    const self = { type: "user" as const, id: user.id, label: user.email, role: "viewer" as const };
    const other = {
      type: "user" as const,
      id: "someone-else",
      label: "x@example.com",
      role: "operator" as const,
    };
    expect(await createCalendarFeed(t.prisma, other, user.id)).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    const first = await createCalendarFeed(t.prisma, self, user.id);
    if (!first.ok) throw new Error(first.message);
    const token = /^\/api\/calendar\/(d1c_[A-Za-z0-9_-]{43})\.ics$/.exec(first.path)![1]!;
    const stored = await t.prisma.calendarFeed.findUniqueOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(await userForCalendarToken(t.prisma, token)).toBe(user.id);
    expect(await userForCalendarToken(t.prisma, `${token.slice(0, -1)}x`)).toBe(null);

    const second = await createCalendarFeed(t.prisma, testAdmin, user.id);
    const token2 = second.ok ? second.path.slice("/api/calendar/".length, -4) : "";
    expect(await userForCalendarToken(t.prisma, token)).toBe(null);
    expect(await userForCalendarToken(t.prisma, token2)).toBe(user.id);
    expect(await revokeCalendarFeed(t.prisma, self, user.id)).toEqual({ ok: true, revoked: true });
    expect(await userForCalendarToken(t.prisma, token2)).toBe(null);
    expect(await revokeCalendarFeed(t.prisma, self, user.id)).toEqual({ ok: true, revoked: false });
    const audit = await t.prisma.auditEvent.findMany({
      where: { objectId: user.id },
      orderBy: { seq: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual([
      "calendar-feed.create",
      "calendar-feed.create",
      "calendar-feed.revoke",
    ]);
  });
});
