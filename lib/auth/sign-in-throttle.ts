import "server-only";
import crypto from "node:crypto";
import type { Db } from "@/lib/db/client";

/**
 * Password sign-in attempts counted per account, in the database (shared by every instance).
 * better-auth's own limiter counts per client address, which a client could spoof without a
 * trusted proxy; this count cannot be dodged that way. See docs/decisions/0016-sign-in-at-the-address-used.md.
 */
export const ACCOUNT_LIMIT = { maxAttempts: 5, windowMs: 5 * 60_000 };

const keyFor = (email: string) => `sign-in-failures:${email.trim().toLowerCase()}`;

export type AttemptClaim = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Counts this attempt before the password is checked, in one statement, so that parallel
 * guesses (on one instance or many) cannot all read "4 so far" and go through. `lastRequest` is
 * the last attempt let through; refused attempts do not push the end of the window further, and
 * past one over the limit they change nothing.
 */
export async function claimSignInAttempt(
  db: Db,
  email: string,
  now = Date.now(),
): Promise<AttemptClaim> {
  const cutoff = BigInt(now - ACCOUNT_LIMIT.windowMs);
  const rows = await db.$queryRaw<
    { count: number | bigint; lastRequest: number | bigint | string }[]
  >`
    INSERT INTO rate_limit (id, key, count, "lastRequest")
    VALUES (${crypto.randomUUID()}, ${keyFor(email)}, 1, ${BigInt(now)})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit."lastRequest" <= ${cutoff} THEN 1
        WHEN rate_limit.count > ${ACCOUNT_LIMIT.maxAttempts} THEN rate_limit.count ELSE rate_limit.count + 1 END,
      "lastRequest" = CASE WHEN rate_limit."lastRequest" <= ${cutoff} OR rate_limit.count < ${ACCOUNT_LIMIT.maxAttempts}
        THEN ${BigInt(now)} ELSE rate_limit."lastRequest" END
    RETURNING count, "lastRequest"`;
  const row = rows[0]!;
  if (Number(row.count) <= ACCOUNT_LIMIT.maxAttempts) return { allowed: true };
  return {
    allowed: false,
    retryAfterMs: Math.max(1000, Number(row.lastRequest) + ACCOUNT_LIMIT.windowMs - now),
  };
}

/**
 * A sign-in with the right password gives back its own attempt, and only that: the failures
 * before it still count, so a sign-in by the owner (or a script) does not hand a guesser a
 * fresh allowance.
 */
export async function refundSignInAttempt(db: Db, email: string) {
  await db.$executeRaw`UPDATE rate_limit SET count = GREATEST(count - 1, 0) WHERE key = ${keyFor(email)}`;
}
