import "server-only";
import type { Db } from "@/lib/db/client";
import { versionedCache } from "@/lib/cache/versioned";

export const ENVIRONMENT_CODES = ["PPR", "PRD"] as const;
export type EnvironmentCode = (typeof ENVIRONMENT_CODES)[number];

export function listGateways(db: Db) {
  return db.gateway.findMany({
    orderBy: { merchantGatewayId: "asc" },
    include: { environments: { select: { id: true, code: true }, orderBy: { code: "asc" } } },
  });
}

/** The gateways of the navigation, on every signed-in page: cached until a gateway changes. */
export const navigationGateways = versionedCache((db) =>
  db.gateway.findMany({ orderBy: { merchantGatewayId: "asc" }, select: { merchantGatewayId: true, name: true } }),
);

export function findGatewayByMerchantId(db: Db, merchantGatewayId: string) {
  return db.gateway.findUnique({
    where: { merchantGatewayId },
    include: { environments: { select: { id: true, code: true }, orderBy: { code: "asc" } } },
  });
}

export function isEnvironmentCode(value: string): value is EnvironmentCode {
  return (ENVIRONMENT_CODES as readonly string[]).includes(value);
}
