import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import { getAuth } from "./server";
import { needsSetup } from "./setup";
import { hasRole, ROLES, type Actor, type Role } from "./actor";

export type CurrentUser = { id: string; email: string; name: string; role: Role };

export async function getCurrentUser(): Promise<CurrentUser | null> {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: await headers() });
  if (!session) return null;
  const role = (session.user as { role?: string }).role;
  return {
    id: session.user.id,
    email: session.user.email,
    name: session.user.name,
    role: (ROLES as readonly string[]).includes(role ?? "") ? (role as Role) : "viewer",
  };
}

export const actorOf = (user: CurrentUser): Actor => ({ type: "user", id: user.id, label: user.email, role: user.role });

/** For pages: the signed-in user, or a redirect to setup / sign-in, or 403 below `role`. */
export async function requireUser(role: Role = "viewer"): Promise<CurrentUser> {
  if (await needsSetup(await db())) redirect("/setup");
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  if (!hasRole(user.role, role)) forbidden();
  return user;
}

/** For server actions: the acting user, or null when not signed in or below `role`. */
export async function actorFor(role: Role): Promise<Actor | null> {
  const user = await getCurrentUser();
  return user && hasRole(user.role, role) ? actorOf(user) : null;
}
