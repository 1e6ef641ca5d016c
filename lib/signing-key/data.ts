import "server-only";
import type { Db } from "@/lib/db/client";
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
