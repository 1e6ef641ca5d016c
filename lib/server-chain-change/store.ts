// The switch's effect on the trust store: our-server-chain becomes the change's chain.
import "server-only";
import type { Tx } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { parseCertificateBundle } from "@/lib/pki";
import { trustEntryRow } from "@/lib/trust-store/mutations";
import type { Row } from "./step";

const STORE = "our-server-chain";

/** Replaces the environment's our-server-chain entries by the change's chain; says what went and came. */
export async function replaceStore(
  tx: Tx,
  actor: Actor,
  row: Row,
): Promise<Record<string, unknown>> {
  const { certificates } = await parseCertificateBundle(row.chainPem);
  const removed = await tx.trustStoreEntry.findMany({
    where: { environmentId: row.environmentId, kind: "our_server_chain" },
    orderBy: { createdAt: "asc" },
  });
  await tx.trustStoreEntry.deleteMany({
    where: { environmentId: row.environmentId, kind: "our_server_chain" },
  });
  await tx.trustStoreEntry.createMany({
    data: certificates.map((cert) =>
      trustEntryRow(actor, row.environmentId, "our_server_chain", cert),
    ),
  });
  return {
    store: STORE,
    removed: removed.map((e) => ({ sha256: e.sha256, subject: e.subjectDn })),
    added: certificates.map((c) => ({ sha256: c.sha256, subject: c.subjectDn })),
  };
}
