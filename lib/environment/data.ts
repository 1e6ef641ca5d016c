import "server-only";
import { cache } from "react";
import { db, type Db } from "@/lib/db/client";
import { versionedCache } from "@/lib/cache/versioned";
import { effectiveLeadDays } from "@/lib/renewal/dates";
import { isEnvironmentCode } from "@/lib/gateway/data";
import { currentCertificate } from "@/lib/certificate/data";
import { countTrustEntries } from "@/lib/trust-store/data";
import { countOpenCsrs } from "@/lib/csr/data";
import { reconcileClientCa } from "@/lib/ca-change/findings";
import { custodyFindings } from "@/lib/custody/findings";
import { evaluateChecklist } from "@/lib/checklist/evaluate";
import { pprChecklistOf } from "@/lib/checklist/data";

export type EnvironmentSummary = {
  id: string;
  code: "PPR" | "PRD";
  gatewayId: string;
  merchantGatewayId: string;
  leadDays: number;
};

/**
 * Every environment with its gateway's id and its effective renewal lead time: a few rows that
 * the inventory filters and the search look up on every request, remembered
 * (lib/cache/versioned.ts: until an environment or a gateway changes) instead of joined into
 * each query.
 */
export const environmentSummaries = versionedCache(
  async (db): Promise<EnvironmentSummary[]> => {
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
  },
  { tables: ["gateway", "environment"] },
);

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

/**
 * The gateway and environment of an environment page's URL; the page is a 404 without them.
 * next/navigation is loaded only then: the CLI and benchmarks import this file outside Next.
 */
export async function requireEnvironment(merchantGatewayId: string, code: string) {
  const found = await findEnvironment(merchantGatewayId, code);
  if (found) return found;
  const { notFound } = await import("next/navigation");
  return notFound();
}

/** Whether an environment has this id: the 404 check of the API's nested routes. */
export async function environmentExists(db: Db, id: string) {
  return !!(await db.environment.findUnique({ where: { id }, select: { id: true } }));
}

/** An environment and its gateway's key rotation period, or null. */
export function findEnvironmentWithRotation(db: Db, id: string) {
  return db.environment.findUnique({
    where: { id },
    include: { gateway: { select: { keyRotationDays: true } } },
  });
}

/** The id of a gateway's environment with this code, or null. */
export async function environmentIdOf(db: Db, gatewayId: string, code: "PPR" | "PRD") {
  const row = await db.environment.findUnique({
    where: { gatewayId_code: { gatewayId, code } },
    select: { id: true },
  });
  return row?.id ?? null;
}

/** An environment's renewal lead time as the API shows it: its override and the effective one. */
export async function environmentLeadSettings(db: Db, id: string) {
  const environment = await db.environment.findUnique({
    where: { id },
    include: { gateway: { select: { merchantGatewayId: true, renewalLeadDays: true } } },
  });
  if (!environment) return null;
  return {
    id: environment.id,
    code: environment.code,
    merchantGatewayId: environment.gateway.merchantGatewayId,
    renewalLeadDaysOverride: environment.renewalLeadDaysOverride,
    effectiveLeadDays: effectiveLeadDays(environment, environment.gateway),
  };
}

/** Every environment with its gateway's names, in gateway order: the scopes of a report. */
export function listEnvironmentScopes(db: Db) {
  return db.environment.findMany({
    select: { id: true, code: true, gateway: { select: { merchantGatewayId: true, name: true } } },
    orderBy: [{ gateway: { merchantGatewayId: "asc" } }, { code: "asc" }],
  });
}

/**
 * An environment's overview page: its certificate in service, trust store counts, CSRs waiting,
 * CA and custody findings, its checklist and, for Production, PreProd's.
 */
export async function environmentOverviewData(
  environment: { id: string; code: string },
  gatewayId: string,
) {
  const prisma = await db();
  const [cert, storeCounts, openCsrs, findings, checklist, pprChecklist, custody] =
    await Promise.all([
      currentCertificate(prisma, environment.id),
      countTrustEntries(prisma, environment.id),
      countOpenCsrs(prisma, environment.id),
      reconcileClientCa(prisma, environment.id),
      evaluateChecklist(prisma, environment.id),
      environment.code === "PRD" ? pprChecklistOf(prisma, gatewayId) : Promise.resolve(null),
      custodyFindings(prisma, { environmentId: environment.id }),
    ]);
  return { cert, storeCounts, openCsrs, findings, checklist, pprChecklist, custody };
}
