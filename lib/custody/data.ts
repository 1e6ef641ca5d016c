import "server-only";
import { db as database, type Db } from "@/lib/db/client";
import { listInstallations } from "@/lib/installation/data";
import { installationsForPage } from "@/lib/installation/page-data";
import { custodyFindings } from "./findings";

/** The environment's custodians (active first, then former ones), with their users. */
export async function listCustodians(db: Db, environmentId: string, includeRemoved = false) {
  return db.environmentCustodian.findMany({
    where: { environmentId, ...(includeRemoved ? {} : { removedAt: null }) },
    orderBy: [
      { removedAt: { sort: "desc", nulls: "first" } },
      { assignedAt: "asc" },
      { id: "asc" },
    ],
    include: {
      user: { select: { id: true, name: true, email: true, role: true, disabledAt: true } },
    },
  });
}
export type CustodianView = Awaited<ReturnType<typeof listCustodians>>[number];

/** The custody page: custodians, findings, our server chain's installations and every installation. */
export async function custodyPageData(environmentId: string) {
  const prisma = await database();
  const [custodians, findings, server, all] = await Promise.all([
    listCustodians(prisma, environmentId),
    custodyFindings(prisma, { environmentId }),
    installationsForPage(prisma, environmentId, { serverChain: true }),
    listInstallations(prisma, { environmentId }),
  ]);
  return { custodians, findings, server, all };
}
