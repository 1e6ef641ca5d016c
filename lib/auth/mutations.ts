import "server-only";
import { db } from "@/lib/db/client";
import { claimSignInAttempt, refundSignInAttempt } from "./sign-in-throttle";

// The sign-in route writes through these: they open the process-wide database and call the
// functions that take it (which the tests call with their own).

/** Counts a password sign-in attempt against the account's limit; refused when it is spent. */
export async function claimSignIn(email: string) {
  return claimSignInAttempt(await db(), email);
}

/** Gives the attempt back after a successful sign-in. */
export async function refundSignIn(email: string) {
  return refundSignInAttempt(await db(), email);
}
