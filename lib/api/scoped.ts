import "server-only";
import type { Db } from "@/lib/db/client";
import { findProbeTarget } from "@/lib/probe/data";
import { certificateEnvironment } from "@/lib/certificate/data";
import { csrEnvironment } from "@/lib/csr/data";
import { renewalEnvironment } from "@/lib/renewal/data";
import { serverChainChangeEnvironment } from "@/lib/server-chain-change/data";
import { signingKeyEnvironment } from "@/lib/signing-key/data";
import { apiError } from "./respond";

/**
 * Nested routes (/environments/{envId}/…/{id}) answer 404 for an id of another environment, as
 * if it did not exist: a script that mixed up environments is told, not obeyed.
 */
type Scoped<T> = { ok: true; row: T } | { ok: false; response: Response };

const notHere = (what: string) => ({
  ok: false as const,
  response: apiError(404, "not_found", `No such ${what} in this environment.`),
});

export async function probeTargetIn(
  db: Db,
  envId: string,
  targetId: string,
): Promise<Scoped<NonNullable<Awaited<ReturnType<typeof findProbeTarget>>>>> {
  const target = await findProbeTarget(db, targetId);
  return target && target.environmentId === envId
    ? { ok: true, row: target }
    : notHere("probe target");
}

export async function serverChainChangeIn(
  db: Db,
  envId: string,
  changeId: string,
): Promise<Scoped<{ id: string }>> {
  const change = await serverChainChangeEnvironment(db, changeId);
  return change && change.environmentId === envId
    ? { ok: true, row: change }
    : notHere("server chain change");
}

export async function renewalIn(
  db: Db,
  envId: string,
  renewalId: string,
): Promise<Scoped<{ id: string }>> {
  const renewal = await renewalEnvironment(db, renewalId);
  return renewal && renewal.environmentId === envId
    ? { ok: true, row: renewal }
    : notHere("renewal");
}

const inEnvironment = async (
  row: { id: string; environmentId: string } | null,
  envId: string,
  what: string,
): Promise<Scoped<{ id: string }>> =>
  row && row.environmentId === envId ? { ok: true, row } : notHere(what);

export const csrIn = async (db: Db, envId: string, id: string) =>
  inEnvironment(await csrEnvironment(db, id), envId, "CSR");
export const certificateIn = async (db: Db, envId: string, id: string) =>
  inEnvironment(await certificateEnvironment(db, id), envId, "certificate");
export const signingKeyIn = async (db: Db, envId: string, id: string) =>
  inEnvironment(await signingKeyEnvironment(db, id), envId, "signing key");
