import "server-only";
import { type Db, db as database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { toInstallationDto } from "./dto";
import { serverProof, type ServerProof } from "./proof";
import type { InstallationOwner } from "./schema";

const include = {
  custodian: { select: { id: true, name: true, email: true, disabledAt: true } },
  certificate: { select: { id: true, commonName: true, serialNumber: true } },
  signingKey: { select: { id: true, thumbprint: true } },
  probeTarget: {
    select: {
      id: true,
      host: true,
      port: true,
      results: { orderBy: { at: "desc" }, take: 1, select: { id: true, at: true, result: true } },
    },
  },
} as const satisfies Prisma.InstallationInclude;

export type InstallationFilter = {
  environmentId: string;
  of?: InstallationOwner;
  includeRemoved?: boolean;
};

/** Installations of an environment (or of one certificate, key, or our server), oldest first; removed ones only when asked. */
export async function listInstallations(db: Db, filter: InstallationFilter) {
  const of = filter.of;
  const rows = await db.installation.findMany({
    where: {
      environmentId: filter.environmentId,
      ...(filter.includeRemoved ? {} : { removedAt: null }),
      ...(of && "certificateId" in of ? { certificateId: of.certificateId } : {}),
      ...(of && "signingKeyId" in of ? { signingKeyId: of.signingKeyId } : {}),
      ...(of && "serverChain" in of ? { probeTargetId: { not: null } } : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include,
    take: 1000,
  });
  const needsProof = rows.some((r) => r.probeTarget);
  const leaves = needsProof ? await recordedServerLeaves(db, filter.environmentId) : [];
  return rows.map((row) => ({
    ...row,
    proof: row.probeTarget ? serverProof(row.probeTarget.results[0] ?? null, leaves) : null,
  }));
}

export type InstallationView = Awaited<ReturnType<typeof listInstallations>>[number];

export async function findInstallation(
  db: Db,
  installationId: string,
): Promise<InstallationView | null> {
  const row = await db.installation.findUnique({ where: { id: installationId }, include });
  if (!row) return null;
  const proof: ServerProof | null = row.probeTarget
    ? serverProof(
        row.probeTarget.results[0] ?? null,
        await recordedServerLeaves(db, row.environmentId),
      )
    : null;
  return { ...row, proof };
}

/** The leaves of our-server-chain: what our server is expected to present. */
export async function recordedServerLeaves(db: Db, environmentId: string): Promise<string[]> {
  const rows = await db.trustStoreEntry.findMany({
    where: { environmentId, kind: "our_server_chain", isCa: false },
    select: { sha256: true },
  });
  return rows.map((r) => r.sha256.toLowerCase());
}

/** Users who may be named custodians (enabled), by name. */
/** How many installations carry this certificate now. */
export function countInstallationsOf(db: Db, certificateId: string) {
  return db.installation.count({ where: { certificateId, removedAt: null } });
}

export function custodianCandidates(db: Db) {
  return db.user.findMany({
    where: { disabledAt: null },
    select: { id: true, name: true, email: true },
    orderBy: [{ name: "asc" }, { email: "asc" }],
  });
}

/** What a page needs to show and edit installations of one owner: the rows (as plain data) and the custodian choices. */
export async function installationsForPage(db: Db, environmentId: string, of: InstallationOwner) {
  const [rows, users] = await Promise.all([
    listInstallations(db, { environmentId, of }),
    custodianCandidates(db),
  ]);
  return {
    rows: rows.map(toInstallationDto),
    users: users.map((u) => ({
      id: u.id,
      label: u.name && u.name !== u.email ? `${u.name} <${u.email}>` : u.email,
    })),
  };
}

/** The installations of each of these signing keys, in their order: the signing-key page's section. */
export async function signingKeyInstallationsPageData(environmentId: string, keyIds: string[]) {
  const prisma = await database();
  return Promise.all(
    keyIds.map((signingKeyId) => installationsForPage(prisma, environmentId, { signingKeyId })),
  );
}
