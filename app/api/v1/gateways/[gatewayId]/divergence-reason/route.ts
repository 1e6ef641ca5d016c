import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readValidJson } from "@/lib/api/validated";
import { divergenceReasonSchema } from "@/lib/ca-change/schema";
import { setDivergenceReason } from "@/lib/ca-change/mutations";

export const dynamic = "force-dynamic";

/** Why PPR and PRD trust different Thales Client CAs (admin): { reason } ("" clears it). Audited when it changes. */
export const PUT = apiRoute<{ gatewayId: string }>("admin", async ({ req, db, actor, params }) => {
  const body = await readValidJson(req, divergenceReasonSchema, "The reason", 16 * 1024);
  if (!body.ok) return body.response;
  const result = await setDivergenceReason(db, actor, params.gatewayId, body.data.reason);
  if (!result.ok) return apiError(404, "not_found", result.message);
  const gateway = await db.gateway.findUniqueOrThrow({ where: { id: params.gatewayId }, select: { id: true, clientCaDivergenceReason: true } });
  return Response.json({ gatewayId: gateway.id, reason: gateway.clientCaDivergenceReason });
});
