import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import { isPkiInputError, parseCertificateBundle, type ParsedCertificate } from "@/lib/pki";
import { reevaluateEnvironment, type Reevaluation } from "@/lib/certificate/reevaluate";
import { slugOf, TRUST_STORE_KINDS, type TrustStoreSlug } from "./kinds";
import type { Refusal } from "@/lib/refusal";

export type EntryOutcome = { sha256: string; subject: string; reason: string };
/** reevaluated: certificates whose verdict changed because client-cert-issuers changed. */
export type AddReport = {
  added: EntryOutcome[];
  skipped: EntryOutcome[];
  rejected: EntryOutcome[];
  reevaluated?: Reevaluation[];
};
export type AddResult = { ok: true; report: AddReport } | Refusal<404 | 409 | 422>;

/** Once our server chain is set, it changes only through a planned change (lib/server-chain-change). */
export const SERVER_CHAIN_DIRECT_ADD_REFUSAL =
  "Our server chain changes through a planned change (CA changes page): Thales must be notified before we switch.";

/** Parses a PEM/DER/PKCS#7 bundle for a store; input problems refuse the whole request. */
export async function parseForStore(input: string | Uint8Array) {
  try {
    return { ok: true as const, certificates: (await parseCertificateBundle(input)).certificates };
  } catch (error) {
    if (!isPkiInputError(error)) throw error;
    const exposed = error.code === "private_key";
    return {
      ok: false as const,
      code: exposed ? "private_key_exposed" : `input.${error.code}`,
      message: exposed
        ? "This contains a PRIVATE KEY. Nothing was stored. Treat that key as exposed and replace it; trust stores hold certificates only."
        : error.message,
    };
  }
}

/** Decides, certificate by certificate, what goes into the store, then stores it with one audit record. */
export async function addTrustEntries(
  db: Db,
  actor: Actor,
  environmentId: string,
  slug: TrustStoreSlug,
  certificates: ParsedCertificate[],
  source: string,
): Promise<AddResult> {
  const environment = await db.environment.findUnique({ where: { id: environmentId } });
  if (!environment)
    return { ok: false, status: 404, code: "not_found", message: "No such environment." };
  const rules = TRUST_STORE_KINDS[slug];
  return db.$transaction(async (tx) => {
    const existing = new Set(
      (
        await tx.trustStoreEntry.findMany({
          where: { environmentId, kind: rules.db },
          select: { sha256: true },
        })
      ).map((e) => e.sha256),
    );
    // The initial chain of a new environment may be added here; any later change needs Thales notified first.
    if (slug === "our-server-chain" && existing.size > 0) {
      return {
        ok: false,
        status: 409,
        code: "server_chain.use_change",
        message: SERVER_CHAIN_DIRECT_ADD_REFUSAL,
      };
    }
    const report: AddReport = { added: [], skipped: [], rejected: [] };
    for (const cert of certificates) {
      const outcome = { sha256: cert.sha256, subject: cert.subjectDn };
      if (rules.caOnly && !cert.isCa) {
        report.rejected.push({ ...outcome, reason: rules.leafRefusal });
      } else if (existing.has(cert.sha256)) {
        report.skipped.push({ ...outcome, reason: "Already in this store." });
      } else {
        existing.add(cert.sha256);
        await insertEntry(tx, actor, environmentId, rules.db, cert);
        report.added.push({
          ...outcome,
          reason: cert.notAfter <= new Date() ? "Added, but it has EXPIRED." : "Added.",
        });
      }
    }
    if (report.added.length > 0) {
      await appendAudit(tx, actor, {
        action: "trust_store.add",
        objectType: "trust_store",
        objectId: `${environmentId}/${slug}`,
        gatewayId: environment.gatewayId,
        environmentId,
        summary: {
          store: slug,
          source,
          added: report.added.map((a) => ({ sha256: a.sha256, subject: a.subject })),
        },
      });
      // The verdicts of the environment's certificates follow their issuers, in this transaction.
      if (slug === "client-cert-issuers")
        report.reevaluated = await reevaluateEnvironment(
          tx,
          actor,
          environmentId,
          `trust_store.add (${source})`,
        );
    }
    return { ok: true, report };
  });
}

/** The stored row of a trust-store certificate (also used to prefill new environments). */
export function trustEntryRow(
  actor: Actor,
  environmentId: string,
  kind: (typeof TRUST_STORE_KINDS)[TrustStoreSlug]["db"],
  cert: ParsedCertificate,
) {
  return {
    environmentId,
    kind,
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
  };
}

function insertEntry(
  tx: Tx,
  actor: Actor,
  environmentId: string,
  kind: (typeof TRUST_STORE_KINDS)[TrustStoreSlug]["db"],
  cert: ParsedCertificate,
) {
  return tx.trustStoreEntry.create({ data: trustEntryRow(actor, environmentId, kind, cert) });
}

export async function removeTrustEntry(db: Db, actor: Actor, entryId: string) {
  return db.$transaction(async (tx) => {
    const entry = await tx.trustStoreEntry.findUnique({
      where: { id: entryId },
      include: { environment: true },
    });
    if (!entry) return { ok: false as const, message: "This entry was already removed." };
    await tx.trustStoreEntry.delete({ where: { id: entryId } });
    await appendAudit(tx, actor, {
      action: "trust_store.remove",
      objectType: "trust_store",
      objectId: `${entry.environmentId}/${entry.kind}`,
      gatewayId: entry.environment.gatewayId,
      environmentId: entry.environmentId,
      summary: { store: slugOf(entry.kind), sha256: entry.sha256, subject: entry.subjectDn },
    });
    const reevaluated =
      entry.kind === "client_cert_issuers"
        ? await reevaluateEnvironment(tx, actor, entry.environmentId, "trust_store.remove")
        : [];
    return { ok: true as const, reevaluated };
  });
}
