import "server-only";
import { db } from "@/lib/db/client";
import type { Role } from "./actor";
import { listUsers } from "./lifecycle";
import { listSessions, type SessionPolicy } from "./sessions";
import { needsSetup } from "./setup";
import { listApiTokens } from "./tokens";
import { hasPasswordAccount, mustEnrolTwoFactor, twoFactorStatus } from "./two-factor";

// Pages read through these: they open the process-wide database and call the functions that take
// it (which the tests call with their own).

/** Whether the first administrator is still to be created. */
export async function setupPending() {
  return needsSetup(await db());
}

/** Whether this user must enrol in two-factor sign-in before anything else. */
export async function mustEnrolTwoFactorNow(user: {
  id: string;
  role: Role;
  twoFactorEnabled: boolean;
}) {
  return mustEnrolTwoFactor(await db(), user);
}

/** The account security page: two-factor status, a password account or not, the sessions. */
export async function securityPageData(
  user: { id: string; sessionId: string | null },
  policy: SessionPolicy,
) {
  const prisma = await db();
  const [status, local, sessions] = await Promise.all([
    twoFactorStatus(prisma, user.id),
    hasPasswordAccount(prisma, user.id),
    listSessions(prisma, user.id, user.sessionId, new Date(), policy),
  ]);
  return { status, local, sessions };
}

/** Every user, for the admin's users page. */
export async function usersPageData() {
  return listUsers(await db());
}

/** The API tokens, for the admin's tokens page. */
export async function apiTokensPageData() {
  return listApiTokens(await db());
}
