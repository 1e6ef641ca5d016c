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
export async function reevaluateEnvironment(
  tx: Tx,
  actor: Actor,
  environmentId: string,
  trigger: string,
  now = new Date(),
): Promise<Reevaluation[]> {
  const environment = await tx.environment.findUnique({
    where: { id: environmentId },
    select: { gatewayId: true },
  });
  if (!environment) return [];
  const certificates = await tx.certificate.findMany({
    where: { environmentId },
    select: {
      id: true,
      der: true,
      chainPem: true,
      checks: true,
      compliant: true,
      commonName: true,
    },
  });
  if (certificates.length === 0) return [];
  const anchors = await issuerAnchors(tx, environmentId);
  const changed: Reevaluation[] = [];
  for (const row of certificates) {
    const parsed = await parseStored(row.der, row.chainPem);
    if (!parsed) continue; // every imported row parses; a hand-made row (tests, old data) keeps its verdict
    const { leaf, uploadCas } = parsed;
    const stored = (Array.isArray(row.checks) ? row.checks : []) as unknown as CertificateCheck[];
    // What the row said until now: its stored flag decides (a legacy row may say compliant).
    const before = row.compliant
      ? "compliant"
      : certificateVerdict(stored) === "unverified"
        ? "unverified"
        : "non_compliant";
    const after = await rejudgeChain(stored, leaf, uploadCas, anchors, now);
    if (
      JSON.stringify(after.checks) === JSON.stringify(stored) &&
      after.compliant === row.compliant
    )
      continue;
    await tx.certificate.update({
      where: { id: row.id },
      data: { checks: JSON.parse(JSON.stringify(after.checks)), compliant: after.compliant },
    });
    if (before === after.verdict) continue;
    changed.push({
      certificateId: row.id,
      commonName: row.commonName,
      from: before,
      to: after.verdict,
    });
    await appendAudit(tx, actor, {
      action: "certificate.reevaluate",
      objectType: "certificate",
      objectId: row.id,
      gatewayId: environment.gatewayId,
      environmentId,
      summary: {
        commonName: row.commonName,
        from: before,
        to: after.verdict,
        trigger,
        chain: after.checks.find((c) => c.code === "cert.chain_verifies")?.reason ?? null,
      },
    });
  }
  return changed;
}

async function parseStored(der: Uint8Array, chainPem: string) {
  try {
    const leaf = await parseCertificate(new Uint8Array(der));
    const uploadCas = chainPem
      ? (await parseCertificateBundle(chainPem)).certificates.filter((c) => c.isCa)
      : [];
    return { leaf, uploadCas };
  } catch {
    return null;
  }
}

/**
 * Certificates stored before verdicts followed the store (their chain check has no reason code)
 * may say compliant where nobody trusted the CA: their environments are judged again
 * once, at start-up, by the app itself. Later runs find none (one scan of the checks column).
 */
export async function rejudgeLegacyVerdicts(
  db: import("@/lib/db/client").Db,
  now = new Date(),
): Promise<number> {
  const rows = await db.$queryRaw<{ environmentId: string }[]>`
    SELECT DISTINCT "environmentId" FROM certificate
    WHERE jsonb_typeof(checks) = 'array' AND checks @> '[{"code": "cert.chain_verifies"}]'::jsonb
      AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(checks) c WHERE c->>'code' = 'cert.chain_verifies' AND c->>'reason' IS NOT NULL)`;
  const system: Actor = { type: "system", id: null, label: "system:verdicts", role: "admin" };
  let changed = 0;
  for (const { environmentId } of rows) {
    changed += (
      await db.$transaction(
        (tx) =>
          reevaluateEnvironment(
            tx,
            system,
            environmentId,
            "start-up: verdicts stored before issue 14",
            now,
          ),
        { timeout: 120_000 },
      )
    ).length;
  }
  return changed;
}
