import "server-only";
import type { Tx } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { parseCertificate, type ParsedCertificate } from "@/lib/pki";
import { amazonRootsPem } from "./amazon-roots";

let amazonRoots: Promise<ParsedCertificate[]> | undefined;

/** Puts the five Amazon roots into the d1-server-roots store of new environments. */
export async function prefillD1ServerRoots(tx: Tx, actor: Actor, environmentIds: string[]): Promise<string[]> {
  amazonRoots ??= Promise.all(amazonRootsPem().map((pem) => parseCertificate(pem)));
  const roots = await amazonRoots;
  const rows = environmentIds.flatMap((environmentId) =>
      roots.map((cert) => ({
        environmentId,
        kind: "d1_server_roots" as const,
        der: new Uint8Array(cert.der),
        sha256: cert.sha256,
        subjectDn: cert.subjectDn,
        issuerDn: cert.issuerDn,
        subjectKeyId: cert.subjectKeyIdentifier ?? null,
        notBefore: cert.notBefore,
        notAfter: cert.notAfter,
        isCa: cert.isCa,
        selfIssued: cert.selfIssued,
        createdById: actor.id,
        createdByLabel: actor.label,
      })),
  );
  await tx.trustStoreEntry.createMany({ data: rows });
  return roots.map((cert) => cert.subject.CN ?? cert.subjectDn);
}
