import "server-only";
import { cache } from "react";
import { db } from "@/lib/db/client";
import { isEnvironmentCode } from "./data";

/** The gateway and environment named by a URL, or null; cached for one request. */
export const findEnvironment = cache(async (merchantGatewayId: string, code: string) => {
  if (!isEnvironmentCode(code)) return null;
  const prisma = await db();
  const gateway = await prisma.gateway.findUnique({
    where: { merchantGatewayId: decodeURIComponent(merchantGatewayId) },
    omit: { webhookUrl: true },
  });
  if (!gateway) return null;
  const environment = await prisma.environment.findUnique({
    where: { gatewayId_code: { gatewayId: gateway.id, code } },
  });
  return environment ? { gateway, environment } : null;
});
