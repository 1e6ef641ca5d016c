import "server-only";
import { versionedCache } from "@/lib/cache/versioned";
import { effectiveLeadDays } from "@/lib/renewal/dates";

export type EnvironmentSummary = {
  id: string;
  code: "PPR" | "PRD";
  gatewayId: string;
  merchantGatewayId: string;
  leadDays: number;
};

/**
 * Every environment with its gateway's id and its effective renewal lead time: a few rows that
 * the inventory filters and the search look up on every request, remembered per data version
 * (lib/cache/versioned.ts) instead of joined into each query.
 */
export const environmentSummaries = versionedCache(async (db): Promise<EnvironmentSummary[]> => {
  const rows = await db.environment.findMany({
    select: {
      id: true,
      code: true,
      renewalLeadDaysOverride: true,
      gateway: { select: { id: true, merchantGatewayId: true, renewalLeadDays: true } },
    },
  });
  return rows.map((e) => ({
    id: e.id,
    code: e.code,
    gatewayId: e.gateway.id,
    merchantGatewayId: e.gateway.merchantGatewayId,
    leadDays: effectiveLeadDays(e, e.gateway),
  }));
});
