import { describe, expect, it } from "vitest";
import {
  certificateState,
  daysLeft,
  DEFAULT_REMINDER_THRESHOLDS,
  dueThreshold,
  effectiveLeadDays,
  lifecycleState,
  startRenewalBy,
} from "./dates";

const now = new Date("2026-03-29T00:30:00Z"); // the night Europe moves its clocks forward

describe("days left", () => {
  it("counts whole days in UTC, whatever the local time zone", () => {
    expect(process.env.TZ).not.toBe("UTC");
    expect(daysLeft(new Date("2026-03-30T00:30:00Z"), now)).toBe(1);
    expect(daysLeft(new Date("2026-03-30T00:29:59Z"), now)).toBe(0);
    expect(daysLeft(new Date("2031-03-29T00:30:00Z"), now)).toBe(1826);
    expect(daysLeft(new Date("2026-03-28T00:30:00Z"), now)).toBe(-1);
  });
});

describe("certificate state", () => {
  const at = (iso: string) => new Date(iso);
  it.each([
    [{ notAfter: at("2027-01-01T00:00:00Z") }, "active"],
    [{ notAfter: at("2026-04-28T00:30:00Z") }, "expiring"],
    [{ notAfter: at("2026-04-29T00:30:00Z") }, "active"],
    [{ notAfter: at("2026-03-29T00:30:00Z") }, "expired"],
    [{ notAfter: at("2027-01-01T00:00:00Z"), supersededById: "c2" }, "superseded"],
    [{ notAfter: at("2027-01-01T00:00:00Z"), supersededById: "c2", revokedAt: now }, "revoked"],
  ] as const)("%o is %s", (cert, state) => {
    expect(certificateState(cert, now)).toBe(state);
  });
});

describe("start-renewal-by, lifecycle and reminder thresholds", () => {
  const notAfter = new Date("2031-04-02T10:00:00Z");
  it("places start-renewal-by the lead time before expiry", () => {
    expect(startRenewalBy(notAfter, 90).toISOString()).toBe("2031-01-02T10:00:00.000Z");
  });
  it.each([
    ["2030-12-01T00:00:00Z", "ok"],
    ["2031-01-02T10:00:00Z", "renewal-due"],
    ["2031-03-03T10:00:01Z", "expiring"],
    ["2031-04-02T10:00:00Z", "expired"],
  ] as const)("at %s the certificate is %s", (now, state) => {
    expect(lifecycleState(notAfter, 90, new Date(now))).toBe(state);
  });
  it.each([
    ["2030-11-01T00:00:00Z", null],
    ["2030-12-03T10:00:00Z", "120d"],
    ["2031-03-26T10:00:00Z", "7d"],
    ["2031-04-01T10:00:00Z", "1d"],
    ["2031-04-05T23:30:00Z", "overdue:2031-04-05"],
  ] as const)("at %s the due reminder is %s", (now, expected) => {
    expect(dueThreshold(notAfter, DEFAULT_REMINDER_THRESHOLDS, new Date(now))).toBe(expected);
  });
  it("counts across a DST change in the local zone the same as in UTC", () => {
    // 2031-03-30 is the European DST night; UTC arithmetic is immune to it.
    expect(
      dueThreshold(new Date("2031-03-31T01:00:00Z"), [1], new Date("2031-03-30T01:00:00Z")),
    ).toBe("1d");
    expect(
      dueThreshold(new Date("2031-03-31T01:00:00Z"), [1], new Date("2031-03-30T00:59:59Z")),
    ).toBe(null);
  });
});

describe("effective lead time", () => {
  it("is the environment's override, else the gateway's setting", () => {
    expect(effectiveLeadDays({ renewalLeadDaysOverride: 210 }, { renewalLeadDays: 90 })).toBe(210);
    expect(effectiveLeadDays({ renewalLeadDaysOverride: null }, { renewalLeadDays: 90 })).toBe(90);
    // An override of 0 is a setting, not a missing one.
    expect(effectiveLeadDays({ renewalLeadDaysOverride: 0 }, { renewalLeadDays: 90 })).toBe(0);
  });
});
