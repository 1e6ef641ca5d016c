import "server-only";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { appendAudit } from "@/lib/audit/append";
import { hasRole, type Actor } from "@/lib/auth/actor";
import {
  isPkiInputError,
  parseCertificateBundle,
  toPem,
  type ChainResult,
  type ParsedCertificate,
} from "@/lib/pki";
import type { CertificateCheck, CertificateVerdict } from "@/lib/policy";
import { addTrustEntries } from "@/lib/trust-store/mutations";
import { linkImportedCertificate } from "@/lib/renewal/workflow";
import { evaluateCertificate, issuerAnchors } from "./evaluate";
import type { Refusal, RefusalStatus } from "@/lib/refusal";

/** One certificate of the upload: stored with its verdict, or refused on its own merits. */
export type CertificateOutcome =
  | {
      stored: true;
      id: string;
      sha256: string;
      commonName: string;
      subjectDn: string;
      verdict: CertificateVerdict;
      compliant: boolean;
      adopted: boolean;
      checks: CertificateCheck[];
      failures: CertificateCheck[];
      matchedCsrId: string | null;
    }
  | ({ stored: false; sha256: string; commonName: string; subjectDn: string } & Omit<
      Refusal,
      "ok"
    >);

type StoredOutcome = Extract<CertificateOutcome, { stored: true }>;

/**
 * ok: at least one certificate stored; the top-level fields describe the first one stored (the
 * single-certificate import reads them), `certificates` has every leaf of the upload.
 */
export type ImportResult =
  | ({ ok: true; issuersAdded: number; certificates: CertificateOutcome[] } & Omit<
      StoredOutcome,
      "stored"
    >)
  | (Refusal & { certificates?: CertificateOutcome[] });

const refuse = (status: RefusalStatus, code: string, message: string): ImportResult => ({
  ok: false,
  status,
  code,
  message,
});

export type ImportOptions = {
  /**
   * CAs of the upload to add to client-cert-issuers first (admin only): "all", or their SHA-256.
   * An upload never trusts its own CAs unless an admin says so, here, explicitly.
   */
  addIssuers?: "all" | string[];
  now?: Date;
};

async function readUploads(
  inputs: (string | Uint8Array)[],
): Promise<{ certificates: ParsedCertificate[] } | { error: ImportResult }> {
  const seen = new Map<string, ParsedCertificate>();
  for (const input of inputs) {
    try {
      for (const cert of (await parseCertificateBundle(input)).certificates)
        if (!seen.has(cert.sha256)) seen.set(cert.sha256, cert);
    } catch (error) {
      if (!isPkiInputError(error)) throw error;
      if (error.code === "private_key") {
        return {
          error: refuse(
            422,
            "private_key_exposed",
            "This contains a PRIVATE KEY. Nothing was stored. Treat that key as exposed: it has left the machine it was made on; make a new key pair and CSR.",
          ),
        };
      }
      return {
        error: refuse(
          422,
          `input.${error.code}`,
          inputs.length > 1
            ? `One of the files: ${error.message} Nothing was stored.`
            : error.message,
        ),
      };
    }
  }
  return { certificates: [...seen.values()] };
}

/**
 * The CAs to deploy with the certificate: those that came with it, or else the verified path
 * through client-cert-issuers, so that a .p12 built later carries its chain.
 */
function deploymentChain(
  bundled: ParsedCertificate[],
  chainResult: ChainResult | null,
): ParsedCertificate[] {
  if (bundled.length > 0) return bundled;
  return chainResult?.ok ? chainResult.path.slice(1) : [];
}

/** The upload's CAs that issued something on the way to `leaf`, issuer first. */
function casFor(leaf: ParsedCertificate, cas: ParsedCertificate[]): ParsedCertificate[] {
  const path: ParsedCertificate[] = [];
  for (let current = leaf; path.length < cas.length; ) {
    const issuer = cas.find(
      (c) => !path.includes(c) && c.subjectDn === current.issuerDn && c !== current,
    );
    if (!issuer) break;
    path.push(issuer);
    if (issuer.selfIssued) break;
    current = issuer;
  }
  return [...path, ...cas.filter((c) => !path.includes(c))];
}

/**
 * Imports what Thales returned, or an existing estate: every client (non-CA) certificate of the
 * upload (one file, a PEM bundle, a PKCS#7 or several files) is judged on its own — matched to its
 * CSR, or adopted with no CSR on record — against client-cert-issuers only, and stored with its
 * verdict in its own transaction (which also fulfils its CSR), or refused on its own.
 */
export async function importCertificate(
  db: Db,
  actor: Actor,
  environmentId: string,
  input: string | Uint8Array | (string | Uint8Array)[],
  options: ImportOptions = {},
): Promise<ImportResult> {
  const now = options.now ?? new Date();
  const environment = await db.environment.findUnique({
    where: { id: environmentId },
    include: { gateway: { select: { cnTemplate: true, merchantGatewayId: true } } },
  });
  if (!environment) return refuse(404, "not_found", "No such environment.");
  const read = await readUploads(Array.isArray(input) ? input : [input]);
  if ("error" in read) return read.error;
  const { certificates } = read;
  const cas = certificates.filter((c) => c.isCa);
  const leaves = certificates.filter((c) => !c.isCa);
  if (leaves.length === 0) {
    return certificates.length === 1
      ? refuse(
          422,
          "input.not_a_client_certificate",
          "This is a CA certificate, not a client certificate. To trust a CA, add it to a trust store instead.",
        )
      : refuse(
          422,
          "input.no_leaf",
          "The upload holds only CA certificates, no client (end-entity) certificate.",
        );
  }

  // Adding the upload's CAs to client-cert-issuers is checked whole before anything is stored.
  let toAdd: ParsedCertificate[] = [];
  const wanted = options.addIssuers;
  if (wanted && (wanted === "all" || wanted.length > 0)) {
    if (!hasRole(actor.role, "admin")) {
      return refuse(
        403,
        "import.add_issuers_admin_only",
        "Only an admin may add CAs from an upload to client-cert-issuers: an operator imports the certificate, and it stays unverified until an admin trusts its CA.",
      );
    }
    if (wanted !== "all") {
      const unknown = wanted.filter((sha) => !cas.some((c) => c.sha256 === sha.toLowerCase()));
      if (unknown.length > 0)
        return refuse(
          422,
          "import.issuer_not_in_upload",
          `Not a CA certificate of this upload: ${unknown.join(", ")}. Nothing was stored.`,
        );
    }
    toAdd =
      wanted === "all"
        ? cas
        : cas.filter((c) => wanted.some((sha) => sha.toLowerCase() === c.sha256));
  }
  let issuersAdded = 0;
  if (toAdd.length > 0) {
    const added = await addTrustEntries(
      db,
      actor,
      environmentId,
      "client-cert-issuers",
      toAdd,
      "certificate import (admin, explicit)",
    );
    if (added.ok) issuersAdded = added.report.added.length;
  }

  const anchors = await issuerAnchors(db, environmentId);
  const outcomes: CertificateOutcome[] = [];
  for (const leaf of leaves)
    outcomes.push(await importOne(db, actor, environment, leaf, casFor(leaf, cas), anchors, now));

  const first = outcomes.find((o): o is StoredOutcome => o.stored);
  if (!first) {
    if (outcomes.length === 1) {
      const only = outcomes[0] as Extract<CertificateOutcome, { stored: false }>;
      return {
        ok: false,
        status: only.status,
        code: only.code,
        message: only.message,
        certificates: outcomes,
      };
    }
    return {
      ok: false,
      status: 409,
      code: "import.none_stored",
      message: `None of the ${outcomes.length} certificates was stored: ${outcomes.map((o) => `${o.commonName || o.subjectDn}: ${o.stored ? "" : o.message}`).join(" ")}`,
      certificates: outcomes,
    };
  }
  const { stored: _stored, ...top } = first;
  return { ok: true, ...top, issuersAdded, certificates: outcomes };
}

async function importOne(
  db: Db,
  actor: Actor,
  environment: {
    id: string;
    gatewayId: string;
    code: "PPR" | "PRD";
    gateway: { cnTemplate: string | null; merchantGatewayId: string };
  },
  leaf: ParsedCertificate,
  uploadCas: ParsedCertificate[],
  anchors: ParsedCertificate[],
  now: Date,
): Promise<CertificateOutcome> {
  const who = { sha256: leaf.sha256, commonName: leaf.subject.CN ?? "", subjectDn: leaf.subjectDn };
  const duplicate = {
    stored: false as const,
    ...who,
    status: 409 as const,
    code: "duplicate",
    message: "This certificate is already in the inventory.",
  };
  if (await db.certificate.findUnique({ where: { sha256: leaf.sha256 }, select: { id: true } }))
    return duplicate;
  const {
    checks,
    verdict,
    compliant,
    adopted,
    chainResult,
    matchedCsr: csr,
  } = await evaluateCertificate(db, environment, leaf, uploadCas, anchors, now);
  const failures = checks.filter((c) => c.status === "fail");
  const environmentId = environment.id;
  try {
    const id = await db.$transaction(async (tx) => {
      const created = await tx.certificate.create({
        data: {
          environmentId,
          der: new Uint8Array(leaf.der),
          chainPem: deploymentChain(uploadCas, chainResult)
            .map((c) => toPem("CERTIFICATE", c.der))
            .join(""),
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
        summary: {
          commonName: created.commonName,
          serial: created.serialNumber,
          sha256: created.sha256,
          compliant,
          verdict,
          adopted,
          chain: checks.find((c) => c.code === "cert.chain_verifies")?.reason ?? null,
          failed: failures.map((f) => f.code),
          matchedCsrId: csr?.id ?? null,
        },
      });
      if (csr && (csr.status === "generated" || csr.status === "submitted")) {
        await tx.csr.update({
          where: { id: csr.id },
          data: { status: "fulfilled", fulfilledAt: now },
        });
        await appendAudit(tx, actor, {
          action: "csr.fulfil",
          objectType: "csr",
          objectId: csr.id,
          gatewayId: environment.gatewayId,
          environmentId,
          summary: {
            commonName: csr.commonName,
            from: csr.status,
            to: "fulfilled",
            certificateId: created.id,
          },
        });
      }
      return created.id;
    });
    // A certificate for a renewal's CSR completes the renewal's import step (audited there).
    if (csr) await linkImportedCertificate(db, actor, id, csr.id);
    return {
      stored: true,
      id,
      ...who,
      verdict,
      compliant,
      adopted,
      checks,
      failures,
      matchedCsrId: csr?.id ?? null,
    };
  } catch (error) {
    if (isUniqueViolation(error)) return duplicate;
    throw error;
  }
}
