import "server-only";
import { db, type Db } from "@/lib/db/client";
import { actorFromBearer } from "@/lib/auth/tokens";
import { hasRole, type Actor, type Role } from "@/lib/auth/actor";
import { apiError } from "./respond";

type Handler<P> = (ctx: { req: Request; actor: Actor; db: Db; params: P }) => Promise<Response>;

/**
 * Wraps a /api/v1 handler: a valid bearer token (401 otherwise) whose role reaches `role`
 * (403 otherwise), and no stack trace to the caller on an unexpected error.
 */
export function apiRoute<P = Record<string, string>>(role: Role, handler: Handler<P>) {
  return async (req: Request, context: { params: Promise<P> }) => {
    try {
      const database = await db();
      const actor = await actorFromBearer(database, req.headers.get("authorization"));
      if (!actor) {
        return apiError(401, "unauthenticated", "Send a valid API token: Authorization: Bearer <token>.");
      }
      if (!hasRole(actor.role, role)) {
        return apiError(403, "forbidden", `This needs the ${role} role; the token has ${actor.role}.`);
      }
      return await handler({ req, actor, db: database, params: await context.params });
    } catch (error) {
      console.error("[api] unexpected error", req.method, new URL(req.url).pathname, error);
      return apiError(500, "internal", "Something went wrong on the server. It was logged.");
    }
  };
}
