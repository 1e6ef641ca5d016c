import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

/**
 * effectiveLeadDays (lib/renewal/dates.ts) in SQL, for queries that join the environment as `e`
 * and its gateway as `g`: the environment's override, else the gateway's setting.
 */
export const EFFECTIVE_LEAD_DAYS_SQL = Prisma.sql`coalesce(e."renewalLeadDaysOverride", g."renewalLeadDays")`;

export function findRenewal(db: Db, environmentId: string, id: string) {
  return db.renewal.findFirst({
    where: { id, environmentId },
    include: {
      oldCertificate: {
        select: {
          id: true,
          commonName: true,
          serialNumber: true,
          notAfter: true,
          supersededById: true,
        },
      },
      newCsr: { select: { id: true, commonName: true, status: true, keyType: true } },
      newCertificate: {
        select: {
          id: true,
          commonName: true,
          serialNumber: true,
          notAfter: true,
          compliant: true,
          checks: true,
          csrId: true,
        },
      },
    },
  });
}

export function openRenewalFor(db: Db, certificateId: string) {
  return db.renewal.findFirst({
    where: { oldCertificateId: certificateId, status: "open" },
    select: { id: true },
  });
}

/** Where a stored renewal is shown: its gateway and environment, for its page's URL. */
export async function renewalPlace(db: Db, id: string) {
  const renewal = await db.renewal.findUniqueOrThrow({
    where: { id },
    include: { environment: { include: { gateway: true } } },
  });
  return {
    merchantGatewayId: renewal.environment.gateway.merchantGatewayId,
    env: renewal.environment.code,
    id: renewal.id,
  };
}

/** When this certificate's successor was deployed (its reminders stop then), if it was. */
export async function successorDeployedAt(db: Db, certificateId: string): Promise<Date | null> {
  const renewal = await db.renewal.findFirst({
    where: { oldCertificateId: certificateId, deployedAt: { not: null } },
    orderBy: { deployedAt: "asc" },
    select: { deployedAt: true },
  });
  return renewal?.deployedAt ?? null;
}
