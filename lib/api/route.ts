import "server-only";
import { db, type Db } from "@/lib/db/client";
import { actorFromBearer } from "@/lib/auth/tokens";
import { hasRole, type Actor, type Role } from "@/lib/auth/actor";
import { actorOf, getCurrentUser } from "@/lib/auth/session";
import { apiError } from "./respond";

/** What a handler is given: the request, the token's actor, the database and the URL's params. */
export type ApiContext<P> = { req: Request; actor: Actor; db: Db; params: P };
type Handler<P> = (ctx: ApiContext<P>) => Promise<Response>;
/**
 * `session: true` also lets a signed-in browser GET the route with its session cookie, for
 * downloads that pages link to (exports). Only for GET, and only when no Authorization header is
 * sent: a bad token is still a 401.
 */
type Options = { session?: boolean };

/**
 * Wraps a /api/v1 handler: a valid bearer token (401 otherwise) whose role reaches `role`
 * (403 otherwise), and no stack trace to the caller on an unexpected error.
 */
export function apiRoute<P = Record<string, string>>(
  role: Role,
  handler: Handler<P>,
  options: Options = {},
) {
  return async (req: Request, context: { params: Promise<P> }) => {
    try {
      const database = await db();
      const authorization = req.headers.get("authorization");
      let actor = await actorFromBearer(database, authorization);
      if (!actor && options.session && !authorization && req.method === "GET") {
        const user = await getCurrentUser();
        actor = user && actorOf(user);
      }
      if (!actor) {
        return apiError(
          401,
          "unauthenticated",
          "Send a valid API token: Authorization: Bearer <token>.",
        );
      }
      if (!hasRole(actor.role, role)) {
        return apiError(
          403,
          "forbidden",
          `This needs the ${role} role; the token has ${actor.role}.`,
        );
      }
      return await handler({ req, actor, db: database, params: await context.params });
    } catch (error) {
      console.error("[api] unexpected error", req.method, new URL(req.url).pathname, error);
      return apiError(500, "internal", "Something went wrong on the server. It was logged.");
    }
  };
}
