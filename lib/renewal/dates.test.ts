import { describe, expect, it } from "vitest";
import { certificateState, daysLeft } from "./dates";

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
