import "server-only";
import { db as database, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { countInstallationsOf } from "@/lib/installation/data";
import { installationsOn } from "./workflow";

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

/** The environment's renewals for the API, newest first, at most 200. */
export function listRenewals(db: Db, environmentId: string) {
  return db.renewal.findMany({
    where: { environmentId },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: 200,
  });
}

/** A renewal's id and environment by its id alone (the caller checks the environment), or null. */
export function renewalEnvironment(db: Db, id: string) {
  return db.renewal.findUnique({ where: { id }, select: { id: true, environmentId: true } });
}

/** A renewal by its id alone (the caller checks its environment), or null. */
export function findRenewalById(db: Db, id: string) {
  return db.renewal.findUnique({ where: { id } });
}

/** A renewal by its id alone, for answering after a step. */
export function getRenewal(db: Db, id: string) {
  return db.renewal.findUniqueOrThrow({ where: { id } });
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

/**
 * A renewal's page: the renewal, the old certificate's installations that still carry it (the
 * deployed step moves them) and how many carry the new one. Null if no such renewal.
 */
export async function renewalPageData(environmentId: string, id: string) {
  const prisma = await database();
  const renewal = await findRenewal(prisma, environmentId, id);
  if (!renewal) return null;
  const onOld = await installationsOn(prisma, renewal.oldCertificate.id);
  const movedCount = renewal.newCertificate
    ? await countInstallationsOf(prisma, renewal.newCertificate.id)
    : 0;
  return { renewal, onOld, movedCount };
}
