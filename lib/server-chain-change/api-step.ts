import "server-only";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { apiError } from "@/lib/api/respond";
import { readJsonBody } from "@/lib/api/body";
import { serverChainChangeIn } from "@/lib/api/scoped";
import type { ServerChainResult } from "./mutations";

type Step = (
  db: Db,
  actor: Actor,
  changeId: string,
  input: Record<string, unknown>,
) => Promise<ServerChainResult>;
type Params = { envId: string; changeId: string };

/**
 * The handler of POST …/server-chain-changes/{changeId}/{step} (wrapped in apiRoute("operator", …)
 * by each route, as in the UI): the JSON body goes to
 * the same mutation as the form, which validates it with the same schema and refuses the same
 * way (stale version, out of order, not notified unless an admin overrides with a reason).
 */
export function serverChainStep(step: Step) {
  return async ({
    req,
    db,
    actor,
    params,
  }: {
    req: Request;
    db: Db;
    actor: Actor;
    params: Params;
  }) => {
    const body = await readJsonBody(req, 16 * 1024);
    if (!body.ok) return body.response;
    if (body.value === null || typeof body.value !== "object" || Array.isArray(body.value))
      return apiError(422, "invalid_body", "Send a JSON object.");
    const found = await serverChainChangeIn(db, params.envId, params.changeId);
    if (!found.ok) return found.response;
    const result = await step(db, actor, found.row.id, body.value as Record<string, unknown>);
    if (!result.ok)
      return apiError(
        result.status,
        result.code,
        result.message,
        result.fields ? { fields: result.fields } : {},
      );
    return Response.json(result.change);
  };
}
