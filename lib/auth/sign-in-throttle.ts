import "server-only";
import crypto from "node:crypto";
import type { Db } from "@/lib/db/client";

/**
 * Failed sign-ins counted per account, in the database (shared by every instance).
 * better-auth's own limiter counts per client IP, which a client can spoof with
 * X-Forwarded-For unless a trusted proxy sets it; this count cannot be dodged that way.
 */
export const ACCOUNT_LIMIT = { maxFailures: 5, windowMs: 5 * 60_000 };

const keyFor = (email: string) => `sign-in-failures:${email.trim().toLowerCase()}`;

/** Milliseconds until the account may try again, or 0 when it may try now. */
export async function retryAfterMs(db: Db, email: string, now = Date.now()): Promise<number> {
  const row = await db.rateLimit.findUnique({ where: { key: keyFor(email) } });
  if (!row || row.count < ACCOUNT_LIMIT.maxFailures) return 0;
  const until = Number(row.lastRequest) + ACCOUNT_LIMIT.windowMs;
  return Math.max(0, until - now);
}

export async function recordFailure(db: Db, email: string, now = Date.now()) {
  // One statement, so that concurrent failures on several instances all count.
  await db.$executeRaw`
    INSERT INTO rate_limit (id, key, count, "lastRequest")
    VALUES (${crypto.randomUUID()}, ${keyFor(email)}, 1, ${BigInt(now)})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit."lastRequest" < ${BigInt(now - ACCOUNT_LIMIT.windowMs)} THEN 1 ELSE rate_limit.count + 1 END,
      "lastRequest" = ${BigInt(now)}`;
}

export async function clearFailures(db: Db, email: string) {
  await db.rateLimit.deleteMany({ where: { key: keyFor(email) } });
}
