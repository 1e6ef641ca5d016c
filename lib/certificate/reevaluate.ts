import "server-only";
import type { Tx } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import { parseCertificate, parseCertificateBundle } from "@/lib/pki";
import { certificateVerdict, type CertificateCheck } from "@/lib/policy";
import { issuerAnchors, rejudgeChain } from "./evaluate";

export type Reevaluation = { certificateId: string; commonName: string; from: string; to: string };

/**
 * Judges the chain of every certificate of the environment again, inside the transaction that
 * changed its client-cert-issuers store, so that a stored verdict never outlives the trust it
 * was given under: a certificate imported before its CA was added becomes compliant, one whose CA
 * is removed becomes unverified. Each changed verdict is audited.
 */
export async function reevaluateEnvironment(tx: Tx, actor: Actor, environmentId: string, trigger: string, now = new Date()): Promise<Reevaluation[]> {
  const environment = await tx.environment.findUnique({ where: { id: environmentId }, select: { gatewayId: true } });
  if (!environment) return [];
  const certificates = await tx.certificate.findMany({ where: { environmentId }, select: { id: true, der: true, chainPem: true, checks: true, compliant: true, commonName: true } });
  if (certificates.length === 0) return [];
  const anchors = await issuerAnchors(tx, environmentId);
  const changed: Reevaluation[] = [];
  for (const row of certificates) {
    const parsed = await parseStored(row.der, row.chainPem);
    if (!parsed) continue; // every imported row parses; a hand-made row (tests, old data) keeps its verdict
    const { leaf, uploadCas } = parsed;
    const stored = (Array.isArray(row.checks) ? row.checks : []) as unknown as CertificateCheck[];
    const before = certificateVerdict(stored);
    const after = await rejudgeChain(stored, leaf, uploadCas, anchors, now);
    if (JSON.stringify(after.checks) === JSON.stringify(stored) && after.compliant === row.compliant) continue;
    await tx.certificate.update({ where: { id: row.id }, data: { checks: JSON.parse(JSON.stringify(after.checks)), compliant: after.compliant } });
    if (before === after.verdict) continue;
    changed.push({ certificateId: row.id, commonName: row.commonName, from: before, to: after.verdict });
    await appendAudit(tx, actor, {
      action: "certificate.reevaluate",
      objectType: "certificate",
      objectId: row.id,
      gatewayId: environment.gatewayId,
      environmentId,
      summary: { commonName: row.commonName, from: before, to: after.verdict, trigger, chain: after.checks.find((c) => c.code === "cert.chain_verifies")?.reason ?? null },
    });
  }
  return changed;
}

async function parseStored(der: Uint8Array, chainPem: string) {
  try {
    const leaf = await parseCertificate(new Uint8Array(der));
    const uploadCas = chainPem ? (await parseCertificateBundle(chainPem)).certificates.filter((c) => c.isCa) : [];
    return { leaf, uploadCas };
  } catch {
    return null;
  }
}
