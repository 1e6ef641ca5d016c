import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import { requestVersions } from "@/lib/cache/versioned";
import { getAuth } from "./server";
import { sessionCache, sessionCookieOf } from "./identity-cache";
import { needsSetup } from "./setup";
import { endSessionIfTooOld, sessionEnded, sessionPolicy } from "./sessions";
import { mustEnrolTwoFactor, TWO_FACTOR_SETUP_PATH } from "./two-factor";
import { hasRole, ROLES, type Actor, type Role } from "./actor";

export type CurrentUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  twoFactorEnabled: boolean;
  sessionId: string;
};

/**
 * The request's session after our own checks: past its absolute lifetime it is deleted and
 * refused (SESSION_ABSOLUTE_LIFETIME_SECONDS, lib/auth/sessions.ts); and `mustEnrol` says an admin
 * must set up two-factor sign-in before anything else (REQUIRE_ADMIN_2FA, lib/auth/two-factor.ts).
 */
// Once per request (React cache): the layout and the page both ask. Between requests, a session
// better-auth accepted is remembered until the auth version moves (lib/auth/identity-cache.ts);
// its idle and absolute ends are still checked against the clock on every request.
const currentSession = cache(
  async (): Promise<{ user: CurrentUser; mustEnrol: boolean } | null> => {
    const requestHeaders = await headers();
    const prisma = await db();
    const cookie = sessionCookieOf(requestHeaders.get("cookie"));
    const { auth: authVersion } = cookie ? await requestVersions(prisma) : { auth: "" };
    if (cookie) {
      const hit = sessionCache(prisma).get(cookie, authVersion);
      if (hit && sessionEnded(hit.session, new Date(), sessionPolicy()) === null) return hit.value;
    }
    const auth = await getAuth();
    // No sliding refresh from here: a page render cannot set the cookie, and a database expiry
    // moved without the cookie's would leave them apart. The browser refreshes both through
    // /api/auth/get-session (components/account/session-keep-alive.tsx).
    const session = await auth.api.getSession({
      headers: requestHeaders,
      query: { disableRefresh: true },
    });
    if (!session) return null;
    // Disabling deletes the user's sessions; this also covers one created in the same instant.
    if ((session.user as { disabledAt?: Date | null }).disabledAt) return null;
    if (sessionEnded(session.session, new Date(), sessionPolicy()) === "absolute") {
      await endSessionIfTooOld(prisma, session.session.token, new Date(), sessionPolicy());
      return null;
    }
    const role = (session.user as { role?: string }).role;
    const user: CurrentUser = {
      id: session.user.id,
      email: session.user.email,
      name: session.user.name,
      role: (ROLES as readonly string[]).includes(role ?? "") ? (role as Role) : "viewer",
      twoFactorEnabled:
        (session.user as { twoFactorEnabled?: boolean | null }).twoFactorEnabled === true,
      sessionId: session.session.id,
    };
    const value = { user, mustEnrol: await mustEnrolTwoFactor(prisma, user) };
    if (cookie)
      sessionCache(prisma).set(cookie, authVersion, {
        session: { createdAt: session.session.createdAt, expiresAt: session.session.expiresAt },
        value,
      });
    return value;
  },
);

/** The signed-in user, or null. An admin who must first enrol in two-factor sign-in counts as not signed in. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const current = await currentSession();
  return current && !current.mustEnrol ? current.user : null;
}

// Once a user exists, setup is never needed again: remembered per database client, which spares
// every page a count of the users.
const setUpDatabases = new WeakSet<object>();
const setupNeeded = cache(async () => {
  const prisma = await db();
  if (setUpDatabases.has(prisma)) return false;
  const needed = await needsSetup(prisma);
  if (!needed) setUpDatabases.add(prisma);
  return needed;
});

export const actorOf = (user: CurrentUser): Actor => ({
  type: "user",
  id: user.id,
  label: user.email,
  role: user.role,
});

/**
 * For pages: the signed-in user, or a redirect to setup / sign-in / two-factor enrolment, or 403
 * below `role`. `twoFactorSetup` is for the enrolment page only.
 */
export async function requireUser(
  role: Role = "viewer",
  options: { twoFactorSetup?: boolean } = {},
): Promise<CurrentUser> {
  if (await setupNeeded()) redirect("/setup");
  const current = await currentSession();
  if (!current) redirect("/sign-in");
  // Only the enrolment page itself opts in to serve an admin who has yet to enrol.
  if (current.mustEnrol && !options.twoFactorSetup) redirect(TWO_FACTOR_SETUP_PATH);
  const user = current.user;
  if (!hasRole(user.role, role)) forbidden();
  return user;
}

/** For server actions: the acting user, or null when not signed in or below `role`. */
export async function actorFor(role: Role): Promise<Actor | null> {
  const user = await getCurrentUser();
  return user && hasRole(user.role, role) ? actorOf(user) : null;
}
