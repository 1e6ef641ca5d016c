import { db as database, type Db } from "@/lib/db/client";
import { caChangeState, type CaChangeState } from "./state";
import { listThalesClientCas } from "@/lib/trust-store/data";
import { reconcileClientCa } from "./findings";

export type ClientCaChangeView = {
  id: string;
  sha256: string;
  subjectDn: string;
  issuerDn: string;
  notBefore: Date;
  notAfter: Date;
  source: string;
  receivedAt: Date;
  effectiveAt: Date | null;
  replacesSha256: string | null;
  replacesSubject: string | null;
  notes: string;
  createdByLabel: string;
  createdAt: Date;
  state: CaChangeState;
};

/** The ledger of one environment, newest first, each with its derived state. */
export async function listClientCaChanges(
  db: Db,
  environmentId: string,
  now: Date = new Date(),
): Promise<ClientCaChangeView[]> {
  const [changes, entries] = await Promise.all([
    db.clientCaChange.findMany({
      where: { environmentId },
      orderBy: [{ receivedAt: "desc" }, { createdAt: "desc" }],
      omit: { der: true },
    }),
    db.trustStoreEntry.findMany({
      where: { environmentId, kind: "thales_client_ca" },
      select: { sha256: true, subjectDn: true },
    }),
  ]);
  const trusted = new Set(entries.map((e) => e.sha256));
  const names = new Map([
    ...entries.map((e) => [e.sha256, e.subjectDn] as const),
    ...changes.map((c) => [c.sha256, c.subjectDn] as const),
  ]);
  return changes.map((c) => ({
    id: c.id,
    sha256: c.sha256,
    subjectDn: c.subjectDn,
    issuerDn: c.issuerDn,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    source: c.source,
    receivedAt: c.receivedAt,
    effectiveAt: c.effectiveAt,
    replacesSha256: c.replacesSha256,
    replacesSubject: c.replacesSha256 ? (names.get(c.replacesSha256) ?? null) : null,
    notes: c.notes,
    createdByLabel: c.createdByLabel,
    createdAt: c.createdAt,
    state: caChangeState(c, trusted, now),
  }));
}

export const toClientCaChangeDto = (c: ClientCaChangeView) => ({
  ...c,
  notBefore: c.notBefore.toISOString(),
  notAfter: c.notAfter.toISOString(),
  receivedAt: c.receivedAt.toISOString(),
  effectiveAt: c.effectiveAt?.toISOString() ?? null,
  createdAt: c.createdAt.toISOString(),
});

/** The CA changes page: the ledger, its findings and the Client CAs trusted now. */
export async function clientCaChangesPageData(environmentId: string) {
  const prisma = await database();
  const [changes, findings, trusted] = await Promise.all([
    listClientCaChanges(prisma, environmentId),
    reconcileClientCa(prisma, environmentId),
    listThalesClientCas(prisma, environmentId),
  ]);
  return { changes, findings, trusted };
}
