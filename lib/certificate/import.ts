import "server-only";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import { isPkiInputError, parseCertificate, parseCertificateBundle, toPem, verifyChain, type ChainResult, type ParsedBundle, type ParsedCertificate } from "@/lib/pki";
import { checkCertificate, type CertificateCheck } from "@/lib/policy";
import { addTrustEntries } from "@/lib/trust-store/mutations";
import { linkImportedCertificate } from "@/lib/renewal/workflow";

export type ImportResult =
  | { ok: true; id: string; compliant: boolean; checks: CertificateCheck[]; failures: CertificateCheck[]; matchedCsrId: string | null; issuersAdded: number }
  | { ok: false; status: 404 | 409 | 422; code: string; message: string };

const refuse = (status: 404 | 409 | 422, code: string, message: string): ImportResult => ({ ok: false, status, code, message });

async function readBundle(input: string | Uint8Array): Promise<{ bundle: ParsedBundle } | { error: ImportResult }> {
  try {
    return { bundle: await parseCertificateBundle(input) };
  } catch (error) {
    if (!isPkiInputError(error)) throw error;
    if (error.code === "private_key") {
      return { error: refuse(422, "private_key_exposed", "This contains a PRIVATE KEY. Nothing was stored. Treat that key as exposed: it has left the machine it was made on; make a new key pair and CSR.") };
    }
    return { error: refuse(422, `input.${error.code}`, error.message) };
  }
}

/**
 * The CAs to deploy with the certificate: those that came with it, or else the verified path
 * through client-cert-issuers, so that a .p12 built later carries its chain.
 */
function deploymentChain(bundled: ParsedCertificate[], chainResult: ChainResult | null): ParsedCertificate[] {
  if (bundled.length > 0) return bundled;
  return chainResult?.ok ? chainResult.path.slice(1) : [];
}

/**
 * Imports the certificate Thales returned: finds the leaf, checks it against its CSR, the
 * environment's issuing CAs and the partner's rules, and stores it (marked non-compliant when a
 * check fails) in one transaction that also fulfils the matching CSR.
 */
export async function importCertificate(
  db: Db,
  actor: Actor,
  environmentId: string,
  input: string | Uint8Array,
  options: { addIssuersToStore?: boolean; now?: Date } = {},
): Promise<ImportResult> {
  const now = options.now ?? new Date();
  const environment = await db.environment.findUnique({ where: { id: environmentId } });
  if (!environment) return refuse(404, "not_found", "No such environment.");
  const read = await readBundle(input);
  if ("error" in read) return read.error;
  const { bundle } = read;
  const leaf = bundle.leaf ?? (bundle.certificates.length === 1 ? bundle.certificates[0]! : null);
  if (!leaf) return refuse(422, "input.no_leaf", "The bundle holds no single end-entity (client) certificate: only CA certificates, or several leaves.");
  if (leaf.isCa) return refuse(422, "input.not_a_client_certificate", "This is a CA certificate, not a client certificate. To trust a CA, add it to a trust store instead.");
  if (await db.certificate.findUnique({ where: { sha256: leaf.sha256 }, select: { id: true } })) {
    return refuse(409, "duplicate", "This certificate is already in the inventory.");
  }
  let issuersAdded = 0;
  const bundledCas = bundle.certificates.filter((c) => c !== leaf && c.isCa);
  if (options.addIssuersToStore && bundledCas.length > 0) {
    const added = await addTrustEntries(db, actor, environmentId, "client-cert-issuers", bundledCas, "certificate import");
    if (added.ok) issuersAdded = added.report.added.length;
  }
  const issuers = await db.trustStoreEntry.findMany({ where: { environmentId, kind: "client_cert_issuers" } });
  const anchors = await Promise.all(issuers.map((entry) => parseCertificate(new Uint8Array(entry.der))));
  const chainResult = anchors.length > 0 ? await verifyChain(leaf, bundle.chain, anchors, now) : null;
  const csr = await db.csr.findFirst({ where: { environmentId, publicKeySha256: leaf.publicKeySha256 } });
  const checks = checkCertificate(leaf, {
    csr: csr ? { subjectDn: csr.subjectDn, subject: csr.subject as Record<string, string>, publicKeySha256: csr.publicKeySha256 } : null,
    chainResult,
    now,
  });
  const failures = checks.filter((c) => c.status === "fail");
  const compliant = failures.length === 0;
  try {
    const id = await db.$transaction(async (tx) => {
      const created = await tx.certificate.create({
        data: {
          environmentId,
          der: new Uint8Array(leaf.der),
          chainPem: deploymentChain(bundle.chain, chainResult).map((c) => toPem("CERTIFICATE", c.der)).join(""),
          serialNumber: leaf.serialNumber,
          subjectDn: leaf.subjectDn,
          subject: JSON.parse(JSON.stringify(leaf.subject)),
          commonName: leaf.subject.CN ?? "",
          issuerDn: leaf.issuerDn,
          notBefore: leaf.notBefore,
          notAfter: leaf.notAfter,
          keyType: leaf.keyType,
          keySize: leaf.keySize ?? null,
          curve: leaf.curve ?? null,
          signatureAlgorithm: leaf.signatureAlgorithm.name,
          sha256: leaf.sha256,
          publicKeySha256: leaf.publicKeySha256,
          compliant,
          checks: JSON.parse(JSON.stringify(checks)),
          csrId: csr?.id ?? null,
          createdById: actor.id,
          createdByLabel: actor.label,
        },
      });
      await appendAudit(tx, actor, {
        action: "certificate.import",
        objectType: "certificate",
        objectId: created.id,
        gatewayId: environment.gatewayId,
        environmentId,
        summary: { commonName: created.commonName, serial: created.serialNumber, sha256: created.sha256, compliant, failed: failures.map((f) => f.code), matchedCsrId: csr?.id ?? null },
      });
      if (csr && (csr.status === "generated" || csr.status === "submitted")) {
        await tx.csr.update({ where: { id: csr.id }, data: { status: "fulfilled", fulfilledAt: now } });
        await appendAudit(tx, actor, {
          action: "csr.fulfil",
          objectType: "csr",
          objectId: csr.id,
          gatewayId: environment.gatewayId,
          environmentId,
          summary: { commonName: csr.commonName, from: csr.status, to: "fulfilled", certificateId: created.id },
        });
      }
      return created.id;
    });
    // A certificate for a renewal's CSR completes the renewal's import step (audited there).
    if (csr) await linkImportedCertificate(db, actor, id, csr.id);
    return { ok: true, id, compliant, checks, failures, matchedCsrId: csr?.id ?? null, issuersAdded };
  } catch (error) {
    if (isUniqueViolation(error)) return refuse(409, "duplicate", "This certificate is already in the inventory.");
    throw error;
  }
}
