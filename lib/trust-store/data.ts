import "server-only";
import type { Db } from "@/lib/db/client";
import { toPem } from "@/lib/pki";
import { TRUST_STORE_KINDS, type TrustStoreSlug } from "./kinds";

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

export async function countTrustEntries(db: Db, environmentId: string) {
  const rows = await db.trustStoreEntry.groupBy({
    by: ["kind"],
    where: { environmentId },
    _count: true,
  });
  return Object.fromEntries(rows.map((r) => [r.kind, r._count])) as Record<string, number>;
}
