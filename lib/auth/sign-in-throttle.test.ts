import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { ACCOUNT_LIMIT, claimSignInAttempt, refundSignInAttempt } from "./sign-in-throttle";

describe.each(DATABASE_KINDS)("per-account sign-in limit on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t.drop());

  it("lets exactly the limit through when 30 attempts race, and holds until the window ends", async () => {
    const now = Date.now();
    const claims = await Promise.all(
      Array.from({ length: 30 }, () => claimSignInAttempt(t.prisma, "race@example.com", now)),
    );
    expect(claims.filter((c) => c.allowed)).toHaveLength(ACCOUNT_LIMIT.maxAttempts);
    const refused = claims.filter((c) => !c.allowed);
    expect(refused).toHaveLength(30 - ACCOUNT_LIMIT.maxAttempts);
    // Refusals past the first change nothing: the row stays one over the limit.
    const stored = await t.prisma.rateLimit.findUniqueOrThrow({
      where: { key: "sign-in-failures:race@example.com" },
    });
    expect({ count: stored.count, lastRequest: Number(stored.lastRequest) }).toEqual({
      count: ACCOUNT_LIMIT.maxAttempts + 1,
      lastRequest: now,
    });
    for (const claim of refused)
      expect(claim).toEqual({ allowed: false, retryAfterMs: ACCOUNT_LIMIT.windowMs });
    // Refused attempts later in the window do not move its end.
    expect(await claimSignInAttempt(t.prisma, "Race@Example.com ", now + 60_000)).toEqual({
      allowed: false,
      retryAfterMs: ACCOUNT_LIMIT.windowMs - 60_000,
    });
    expect(
      (await claimSignInAttempt(t.prisma, "race@example.com", now + ACCOUNT_LIMIT.windowMs - 1))
        .allowed,
    ).toBe(false);
    expect(
      (await claimSignInAttempt(t.prisma, "race@example.com", now + ACCOUNT_LIMIT.windowMs))
        .allowed,
    ).toBe(true);
    const row = await t.prisma.rateLimit.findUniqueOrThrow({
      where: { key: "sign-in-failures:race@example.com" },
    });
    expect(row.count).toBe(1); // the window above had ended: this attempt opened a new one
    // Other accounts were never affected.
    expect((await claimSignInAttempt(t.prisma, "other@example.com", now)).allowed).toBe(true);
  });

  it("a success gives back only its own attempt: earlier failures still count", async () => {
    const now = Date.now();
    const email = "owner@example.com";
    for (let i = 0; i < ACCOUNT_LIMIT.maxAttempts - 1; i++)
      expect((await claimSignInAttempt(t.prisma, email, now)).allowed).toBe(true);
    // The owner signs in with the right password: their attempt is refunded, the 4 failures are not.
    expect((await claimSignInAttempt(t.prisma, email, now)).allowed).toBe(true);
    await refundSignInAttempt(t.prisma, email);
    expect((await claimSignInAttempt(t.prisma, email, now)).allowed).toBe(true);
    expect((await claimSignInAttempt(t.prisma, email, now)).allowed).toBe(false);
  });

  it("many sign-ins with the right password in a row never lock the account", async () => {
    const now = Date.now();
    for (let i = 0; i < 3 * ACCOUNT_LIMIT.maxAttempts; i++) {
      expect((await claimSignInAttempt(t.prisma, "busy@example.com", now + i)).allowed).toBe(true);
      await refundSignInAttempt(t.prisma, "busy@example.com");
    }
    const row = await t.prisma.rateLimit.findUniqueOrThrow({
      where: { key: "sign-in-failures:busy@example.com" },
    });
    expect(row.count).toBe(0);
  });
});
