import "server-only";
import type { Db } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import { effectiveTokenEndpoint, type EnvCode, type TokenEndpointInput } from "./token-endpoint";

export type TokenEndpointDto = {
  environmentId: string;
  env: EnvCode;
  merchantGatewayId: string;
  /** The admin's setting; null: the partner's default applies. */
  oauthTokenEndpoint: string | null;
  /** The URL the client assertion names as `aud` and the grant is posted to. */
  effectiveTokenEndpoint: string;
  partnerDefault: string;
  partnerServer: string;
};

export async function tokenEndpointDto(
  db: Db,
  environmentId: string,
): Promise<TokenEndpointDto | null> {
  const environment = await db.environment.findUnique({
    where: { id: environmentId },
    include: { gateway: { select: { merchantGatewayId: true } } },
  });
  if (!environment) return null;
  const effective = effectiveTokenEndpoint(environment);
  return {
    environmentId: environment.id,
    env: environment.code,
    merchantGatewayId: environment.gateway.merchantGatewayId,
    oauthTokenEndpoint: environment.oauthTokenEndpoint,
    effectiveTokenEndpoint: effective.url,
    partnerDefault: effective.default,
    partnerServer: effective.partnerServer,
  };
}

export type TokenEndpointResult =
  | { ok: true; value: TokenEndpointDto }
  | { ok: false; code: "not_found"; message: string };

/**
 * Sets (or clears, with null) the environment's OAuth token endpoint. Audited when it changes;
 * the input is validated by tokenEndpointSchema before it gets here.
 */
export async function setTokenEndpoint(
  db: Db,
  actor: Actor,
  environmentId: string,
  input: TokenEndpointInput,
): Promise<TokenEndpointResult> {
  const done = await db.$transaction(async (tx) => {
    const before = await tx.environment.findUnique({
      where: { id: environmentId },
      include: { gateway: { select: { id: true, merchantGatewayId: true } } },
    });
    if (!before) return false;
    const value = input.oauthTokenEndpoint;
    if (before.oauthTokenEndpoint === value) return true;
    await tx.environment.update({
      where: { id: environmentId },
      data: { oauthTokenEndpoint: value },
    });
    await appendAudit(tx, actor, {
      action: "environment.oauth-token-endpoint.update",
      objectType: "environment",
      objectId: environmentId,
      gatewayId: before.gateway.id,
      environmentId,
      summary: {
        merchantGatewayId: before.gateway.merchantGatewayId,
        env: before.code,
        from: before.oauthTokenEndpoint,
        to: value,
        effective: effectiveTokenEndpoint({ code: before.code, oauthTokenEndpoint: value }).url,
      },
    });
    return true;
  });
  if (!done) return { ok: false, code: "not_found", message: "This environment does not exist." };
  return { ok: true, value: (await tokenEndpointDto(db, environmentId))! };
}
