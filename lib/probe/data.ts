import "server-only";
import { db as database, type Db } from "@/lib/db/client";
import { toPem } from "@/lib/pki";
import type { ProbeTrust } from "./engine";

/** The targets of an environment (inbound first, then by host and port), each with its latest result. */
export function listProbeTargets(db: Db, environmentId: string) {
  return db.probeTarget.findMany({
    where: { environmentId },
    orderBy: [{ direction: "asc" }, { host: "asc" }, { port: "asc" }],
    include: {
      results: { orderBy: [{ at: "desc" }, { id: "desc" }], take: 1 },
      _count: { select: { results: true } },
    },
  });
}

export function findProbeTarget(db: Db, targetId: string) {
  return db.probeTarget.findUnique({ where: { id: targetId }, include: { environment: true } });
}

/** A target's results, newest first, one page at a time. */
export async function listProbeResults(db: Db, targetId: string, page = 1, pageSize = 20) {
  const [total, rows] = await Promise.all([
    db.probeResult.count({ where: { targetId } }),
    db.probeResult.findMany({
      where: { targetId },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
  ]);
  return { total, rows };
}

/** What the environment trusts, as the probe needs it. */
export async function probeTrust(db: Db, environmentId: string): Promise<ProbeTrust> {
  const [roots, thales] = await Promise.all([
    db.trustStoreEntry.findMany({
      where: { environmentId, kind: "d1_server_roots" },
      select: { der: true },
    }),
    db.trustStoreEntry.findMany({
      where: { environmentId, kind: "thales_client_ca" },
      select: { subjectDn: true },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  return {
    d1ServerRoots: roots.map((r) => toPem("CERTIFICATE", new Uint8Array(r.der))),
    thalesClientCaSubjects: thales.map((t) => t.subjectDn),
  };
}

/** The probes page: the environment's targets and the latest `history` results of each. */
export async function probesPageData(environmentId: string, history: number) {
  const prisma = await database();
  const targets = await listProbeTargets(prisma, environmentId);
  const histories = await Promise.all(
    targets.map((t) => listProbeResults(prisma, t.id, 1, history)),
  );
  return { targets, histories };
}
