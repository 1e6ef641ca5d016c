import "server-only";
import { db as database, type Db } from "@/lib/db/client";
import { currentSigningKey, rotateBy, rotationState } from "./rotation";

/** An environment never holds many keys (one per rotation); this bounds a runaway list. */
export const SIGNING_KEY_LIST_LIMIT = 500;

export function listSigningKeys(db: Db, environmentId: string) {
  return db.signingKey.findMany({
    where: { environmentId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: SIGNING_KEY_LIST_LIMIT,
  });
}

/** A key's id and environment by its id alone (the caller checks the environment), or null. */
export function signingKeyEnvironment(db: Db, id: string) {
  return db.signingKey.findUnique({ where: { id }, select: { id: true, environmentId: true } });
}

/** A key with its gateway's rotation period, for answering after a change. */
export function getSigningKeyWithRotation(db: Db, id: string) {
  return db.signingKey.findUniqueOrThrow({
    where: { id },
    include: { environment: { include: { gateway: { select: { keyRotationDays: true } } } } },
  });
}

/** The environment's keys, the one that speaks for it, and its rotation verdict. */
export async function signingKeyOverview(
  db: Db,
  environmentId: string,
  rotationDays: number,
  now: Date = new Date(),
) {
  const keys = await listSigningKeys(db, environmentId);
  const current = currentSigningKey(keys);
  return {
    keys,
    current,
    state: rotationState(current, rotationDays, now),
    rotateBy: current ? rotateBy(current, rotationDays) : null,
  };
}

/** The signing keys pages: the overview of the process-wide database. */
export async function signingKeysPageData(
  environmentId: string,
  rotationDays: number,
  now: Date = new Date(),
) {
  return signingKeyOverview(await database(), environmentId, rotationDays, now);
}
