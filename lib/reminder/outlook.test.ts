// What the certificate page says about upcoming reminders must follow the sweep's rules.
import { describe, expect, it } from "vitest";
import { dueThreshold, nextReminderAt } from "@/lib/renewal/dates";
import { describeOutlook, reminderOutlook } from "./outlook";
import { at } from "./test-support";

const THRESHOLDS = [120, 90, 60, 30, 14, 7, 3, 1];
const base = {
  notAfter: at("2031-06-30T12:00:00Z"),
  leadDays: 90,
  thresholds: THRESHOLDS,
  revokedAt: null,
  supersededById: null,
  successorDeployedAt: null,
  state: null,
};

describe("next reminder", () => {
  it("is the next threshold still ahead, then the date, then the next UTC midnight daily", () => {
    const date = at("2031-06-30T12:00:00Z");
    expect(nextReminderAt(date, THRESHOLDS, at("2031-01-01T00:00:00Z"))).toEqual({
      at: at("2031-03-02T12:00:00Z"),
      threshold: "120d",
    });
    expect(nextReminderAt(date, THRESHOLDS, at("2031-06-28T00:00:00Z"))).toEqual({
      at: at("2031-06-29T12:00:00Z"),
      threshold: "1d",
    });
    expect(nextReminderAt(date, THRESHOLDS, at("2031-06-30T06:00:00Z"))).toEqual({
      at: date,
      threshold: "overdue:2031-06-30",
    });
    expect(nextReminderAt(date, THRESHOLDS, at("2031-07-03T23:59:00Z"))).toEqual({
      at: at("2031-07-04T00:00:00Z"),
      threshold: "overdue:2031-07-04",
    });
  });

  it("is the reminder the sweep sends once that moment comes", () => {
    const date = at("2031-06-30T12:00:00Z");
    for (const now of [
      "2031-01-01T00:00:00Z",
      "2031-05-01T08:00:00Z",
      "2031-06-29T13:00:00Z",
      "2031-07-02T10:00:00Z",
    ].map(at)) {
      const next = nextReminderAt(date, THRESHOLDS, now);
      expect(dueThreshold(date, THRESHOLDS, next.at), now.toISOString()).toBe(next.threshold);
      expect(
        dueThreshold(date, THRESHOLDS, new Date(next.at.getTime() - 1)),
        now.toISOString(),
      ).not.toBe(next.threshold);
    }
  });
});

describe("reminder outlook", () => {
  const now = at("2031-03-01T00:00:00Z");
  it("counts the start-renewal-by date from the lead time, and the expiry from not-after", () => {
    expect(describeOutlook(reminderOutlook({ ...base, subject: "start-renewal-by" }, now))).toBe(
      "Next reminder 2031-03-02 (30 days before).",
    );
    expect(describeOutlook(reminderOutlook({ ...base, subject: "expiry" }, now))).toBe(
      "Next reminder 2031-03-02 (120 days before).",
    );
    expect(
      describeOutlook(
        reminderOutlook({ ...base, leadDays: 200, subject: "start-renewal-by" }, now),
      ),
    ).toBe("Next reminder 2031-03-02, then daily while overdue.");
  });

  it("stops for a deployed successor, a superseded or revoked certificate, before acknowledgement or snooze", () => {
    const acknowledged = {
      acknowledgedAt: at("2031-02-01T00:00:00Z"),
      acknowledgedBy: "ops@example.com",
      snoozedUntil: null,
      snoozeReason: null,
    };
    expect(
      describeOutlook(
        reminderOutlook(
          {
            ...base,
            subject: "expiry",
            successorDeployedAt: at("2031-02-20T00:00:00Z"),
            state: acknowledged,
          },
          now,
        ),
      ),
    ).toBe("No more reminders: its successor was deployed on 2031-02-20.");
    expect(reminderOutlook({ ...base, subject: "expiry", supersededById: "x" }, now)).toMatchObject(
      { kind: "stopped" },
    );
    expect(reminderOutlook({ ...base, subject: "expiry", revokedAt: now }, now)).toMatchObject({
      kind: "stopped",
      why: "the certificate is revoked",
    });
    expect(
      describeOutlook(reminderOutlook({ ...base, subject: "expiry", state: acknowledged }, now)),
    ).toBe("Acknowledged by ops@example.com on 2031-02-01: no more reminders.");
    const snoozed = {
      acknowledgedAt: null,
      acknowledgedBy: null,
      snoozedUntil: at("2031-04-01T00:00:00Z"),
      snoozeReason: "Thales holiday",
    };
    expect(
      describeOutlook(reminderOutlook({ ...base, subject: "expiry", state: snoozed }, now)),
    ).toBe("Snoozed until 2031-04-01: Thales holiday.");
    // A snooze in the past no longer holds anything back.
    expect(
      reminderOutlook({ ...base, subject: "expiry", state: snoozed }, at("2031-04-02T00:00:00Z")),
    ).toMatchObject({ kind: "next" });
  });
});
