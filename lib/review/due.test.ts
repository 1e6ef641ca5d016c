import { describe, expect, it } from "vitest";
import { nextReviewDue, reviewOverdue } from "./due";

const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe("yearly review due date", () => {
  it("is twelve calendar months after the last review", () => {
    expect(nextReviewDue(d("2026-03-15"))?.toISOString().slice(0, 10)).toBe("2027-03-15");
  });
  it("moves a 29 February review to 28 February", () => {
    expect(nextReviewDue(d("2028-02-29"))?.toISOString().slice(0, 10)).toBe("2029-02-28");
  });
  it("is overdue the day after the due date, and when no review was ever recorded", () => {
    expect(reviewOverdue(d("2025-12-01"), d("2026-12-01"))).toBe(false);
    expect(reviewOverdue(d("2025-12-01"), d("2026-12-02"))).toBe(true);
    expect(reviewOverdue(null, d("2026-12-02"))).toBe(true);
  });
});
