import "server-only";
import { db as getDb, type Db } from "@/lib/db/client";
import { listTrustEntries } from "@/lib/trust-store/data";
import { GIVEN_TO_THALES_STATUSES, OPEN_STATUSES, toServerChainChangeDto } from "./dto";

/** An environment sees a handful of server chain changes in its life; this bounds a runaway list. */
export const SERVER_CHAIN_CHANGE_LIST_LIMIT = 200;

/** The environment's changes, newest first. */
export function listServerChainChanges(db: Db, environmentId: string) {
  return db.serverChainChange.findMany({
    where: { environmentId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: SERVER_CHAIN_CHANGE_LIST_LIMIT,
  });
}

/** The change still to be switched or cancelled, if any (there is at most one). */
export function openServerChainChange(db: Db, environmentId: string) {
  return db.serverChainChange.findFirst({
    where: { environmentId, status: { in: [...OPEN_STATUSES] } },
    orderBy: { createdAt: "desc" },
  });
}

/**
 * The latest change that proves Thales has our server chain (acknowledged, or switched to), for
 * the onboarding checklist; null when there is none.
 */
export function serverChainGivenToThales(db: Db, environmentId: string) {
  return db.serverChainChange.findFirst({
    where: { environmentId, status: { in: [...GIVEN_TO_THALES_STATUSES] } },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
  });
}

/** What the server chain section of the CA changes page shows: the changes and our-server-chain. */
export async function serverChainChangesView(environmentId: string) {
  const prisma = await getDb();
  const [rows, entries] = await Promise.all([
    listServerChainChanges(prisma, environmentId),
    listTrustEntries(prisma, environmentId, "our-server-chain"),
  ]);
  return { changes: rows.map(toServerChainChangeDto), entries };
}

/** A change's id and environment by its id alone (the caller checks the environment), or null. */
export function serverChainChangeEnvironment(db: Db, id: string) {
  return db.serverChainChange.findUnique({
    where: { id },
    select: { id: true, environmentId: true },
  });
}
