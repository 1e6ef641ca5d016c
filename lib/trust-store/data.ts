import "server-only";
import { db as database, type Db } from "@/lib/db/client";
import { toPem } from "@/lib/pki";
import { TRUST_STORE_KINDS, TRUST_STORE_SLUGS, type TrustStoreSlug } from "./kinds";

export function listTrustEntries(db: Db, environmentId: string, slug: TrustStoreSlug) {
  return db.trustStoreEntry.findMany({
    where: { environmentId, kind: TRUST_STORE_KINDS[slug].db },
    orderBy: [{ notAfter: "asc" }, { id: "asc" }],
  });
}

export async function exportTrustStorePem(
  db: Db,
  environmentId: string,
  slug: TrustStoreSlug,
): Promise<string> {
  const entries = await listTrustEntries(db, environmentId, slug);
  return entries
    .map(
      (e) =>
        `# ${e.subjectDn}\n# SHA-256 ${e.sha256}\n${toPem("CERTIFICATE", new Uint8Array(e.der))}`,
    )
    .join("\n");
}

/** A trust store entry's id, environment and store (the caller checks them), or null. */
export function trustEntryEnvironment(db: Db, id: string) {
  return db.trustStoreEntry.findUnique({
    where: { id },
    select: { id: true, environmentId: true, kind: true },
  });
}

export async function countTrustEntries(db: Db, environmentId: string) {
  const rows = await db.trustStoreEntry.groupBy({
    by: ["kind"],
    where: { environmentId },
    _count: true,
  });
  return Object.fromEntries(rows.map((r) => [r.kind, r._count])) as Record<string, number>;
}

/** The Thales Client CAs in the environment's client-cert-issuers store, oldest first. */
export function listThalesClientCas(db: Db, environmentId: string) {
  return db.trustStoreEntry.findMany({
    where: { environmentId, kind: "thales_client_ca" },
    select: { sha256: true, subjectDn: true },
    orderBy: { createdAt: "asc" },
  });
}

/** The trust stores page: each store's entries and its PEM bundle. */
export async function trustStoresPageData(environmentId: string) {
  const prisma = await database();
  return Promise.all(
    TRUST_STORE_SLUGS.map(async (slug) => ({
      slug,
      entries: await listTrustEntries(prisma, environmentId, slug),
      pem: await exportTrustStorePem(prisma, environmentId, slug),
    })),
  );
}
