// Rotation of the OAuth signing key. The key has no expiry: it is due for rotation a set number
// of days (Gateway.keyRotationDays) after it was onboarded with Thales, or after it was made
// while it is not onboarded yet. Derived from dates and the clock, never stored.
import { daysLeft } from "@/lib/renewal/dates";

const DAY_MS = 86_400_000;

export type SigningKeyDates = { onboardedAt: Date | null; retiredAt: Date | null; createdAt: Date };
/** active: onboarded and in use; pending: made, not yet onboarded with Thales; retired. */
export type SigningKeyStatus = "active" | "pending" | "retired";
/** The environment's verdict: none when no key is in use or waiting. */
export type RotationState = "ok" | "rotation-due" | "none";

export function signingKeyStatus(key: SigningKeyDates): SigningKeyStatus {
  if (key.retiredAt) return "retired";
  return key.onboardedAt ? "active" : "pending";
}

/** onboardedAt (or createdAt) + the gateway's rotation interval. */
export function rotateBy(key: SigningKeyDates, rotationDays: number): Date {
  return new Date((key.onboardedAt ?? key.createdAt).getTime() + rotationDays * DAY_MS);
}

export function rotationState(
  key: SigningKeyDates | null | undefined,
  rotationDays: number,
  now: Date = new Date(),
): RotationState {
  if (!key || key.retiredAt) return "none";
  return rotateBy(key, rotationDays).getTime() <= now.getTime() ? "rotation-due" : "ok";
}

/** Whole days left before the rotate-by date, or whole days since it once it has passed. */
export function rotationCountdown(
  key: SigningKeyDates,
  rotationDays: number,
  now: Date = new Date(),
): { daysLeft: number } | { daysOverdue: number } {
  const by = rotateBy(key, rotationDays);
  return by.getTime() > now.getTime()
    ? { daysLeft: daysLeft(by, now) }
    : { daysOverdue: daysLeft(now, by) };
}

/**
 * The key that speaks for the environment: the most recently onboarded non-retired key, else the
 * newest key waiting for onboarding, else none.
 */
export function currentSigningKey<K extends SigningKeyDates>(keys: readonly K[]): K | null {
  const live = keys.filter((k) => !k.retiredAt);
  const onboarded = live
    .filter((k) => k.onboardedAt)
    .sort(
      (a, b) =>
        b.onboardedAt!.getTime() - a.onboardedAt!.getTime() ||
        b.createdAt.getTime() - a.createdAt.getTime(),
    );
  if (onboarded[0]) return onboarded[0];
  return [...live].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0] ?? null;
}
