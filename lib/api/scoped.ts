import "server-only";
import type { Db } from "@/lib/db/client";
import { findProbeTarget } from "@/lib/probe/data";
import { apiError } from "./respond";

/**
 * Nested routes (/environments/{envId}/…/{id}) answer 404 for an id of another environment, as
 * if it did not exist: a script that mixed up environments is told, not obeyed.
 */
type Scoped<T> = { ok: true; row: T } | { ok: false; response: Response };

const notHere = (what: string) => ({ ok: false as const, response: apiError(404, "not_found", `No such ${what} in this environment.`) });

export async function probeTargetIn(db: Db, envId: string, targetId: string): Promise<Scoped<NonNullable<Awaited<ReturnType<typeof findProbeTarget>>>>> {
  const target = await findProbeTarget(db, targetId);
  return target && target.environmentId === envId ? { ok: true, row: target } : notHere("probe target");
}

export async function serverChainChangeIn(db: Db, envId: string, changeId: string): Promise<Scoped<{ id: string }>> {
  const change = await db.serverChainChange.findUnique({ where: { id: changeId }, select: { id: true, environmentId: true } });
  return change && change.environmentId === envId ? { ok: true, row: change } : notHere("server chain change");
}

export async function renewalIn(db: Db, envId: string, renewalId: string): Promise<Scoped<{ id: string }>> {
  const renewal = await db.renewal.findUnique({ where: { id: renewalId }, select: { id: true, environmentId: true } });
  return renewal && renewal.environmentId === envId ? { ok: true, row: renewal } : notHere("renewal");
}
