import "server-only";
import { db, type Db } from "@/lib/db/client";
import { type Actor, hasRole, type Role } from "./actor";
import { actorOf, type CurrentUser, getCurrentUser } from "./session";

/**
 * What a server action acts with, as `apiRoute` hands a route handler: who acts and the database.
 * The actions themselves import no database client (the fence of lib/db), and call a feature's
 * data and mutation functions with `db`.
 */
export type ActionContext = { user: CurrentUser; actor: Actor; db: Db };

/**
 * For server actions, first thing: the signed-in user whose role reaches `role`, or null (then
 * the action refuses). "viewer" is any signed-in user, for actions on the caller's own data.
 */
export async function actionContext(role: Role): Promise<ActionContext | null> {
  const user = await getCurrentUser();
  if (!user || !hasRole(user.role, role)) return null;
  return { user, actor: actorOf(user), db: await db() };
}

/** For the one action open to anyone (first-run setup), which checks its one-time code itself. */
export async function publicActionContext(): Promise<{ db: Db }> {
  return { db: await db() };
}
