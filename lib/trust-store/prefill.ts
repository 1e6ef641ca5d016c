import "server-only";
import type { Tx } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { parseCertificate, type ParsedCertificate } from "@/lib/pki";
import { amazonRootsPem } from "./amazon-roots";
import { trustEntryRow } from "./mutations";

let amazonRoots: Promise<ParsedCertificate[]> | undefined;

/** Puts the five Amazon roots into the d1-server-roots store of new environments. */
export async function prefillD1ServerRoots(
  tx: Tx,
  actor: Actor,
  environmentIds: string[],
): Promise<string[]> {
  amazonRoots ??= Promise.all(amazonRootsPem().map((pem) => parseCertificate(pem)));
  const roots = await amazonRoots;
  const rows = environmentIds.flatMap((environmentId) =>
    roots.map((cert) => trustEntryRow(actor, environmentId, "d1_server_roots", cert)),
  );
  await tx.trustStoreEntry.createMany({ data: rows });
  return roots.map((cert) => cert.subject.CN ?? cert.subjectDn);
}
