import "server-only";
import type { Db } from "@/lib/db/client";

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
