import "server-only";
import { AsnConvert } from "@peculiar/asn1-schema";
import { SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import type { Db, Tx } from "@/lib/db/client";
import { parseCertificate, verifyChain, type ChainResult, type ParsedCertificate } from "@/lib/pki";
import {
  certificateVerdict,
  checkCertificate,
  type CertificateCheck,
  type CertificateVerdict,
  type Env,
} from "@/lib/policy";
import { chainCheck } from "@/lib/policy/certificate-policy";

type Reader = Db | Tx;
export type EnvironmentForCheck = {
  id: string;
  code: Env;
  gateway: { cnTemplate: string | null; merchantGatewayId: string };
};

/** The environment's client-cert-issuers, parsed: the only source of trust for a client certificate. */
export async function issuerAnchors(
  db: Reader,
  environmentId: string,
): Promise<ParsedCertificate[]> {
  const entries = await db.trustStoreEntry.findMany({
    where: { environmentId, kind: "client_cert_issuers" },
    select: { der: true },
  });
  return Promise.all(entries.map((entry) => parseCertificate(new Uint8Array(entry.der))));
}

/**
 * Both chains the verdict reads: to client-cert-issuers (null when the store is empty), and, when
 * that did not verify, to the upload's own CAs, only to tell "its CA came in the upload" apart.
 */
export async function chainsOf(
  leaf: ParsedCertificate,
  uploadCas: ParsedCertificate[],
  anchors: ParsedCertificate[],
  now: Date,
) {
  const chainResult: ChainResult | null =
    anchors.length > 0 ? await verifyChain(leaf, uploadCas, anchors, now) : null;
  const uploadChainResult = chainResult?.ok ? null : await verifyChain(leaf, [], uploadCas, now);
  return { chainResult, uploadChainResult };
}

function keyAlgorithmOid(leaf: ParsedCertificate): string | undefined {
  try {
    return AsnConvert.parse(leaf.spki, SubjectPublicKeyInfo).algorithm.algorithm;
  } catch {
    return undefined;
  }
}

type CsrForCheck = {
  id: string;
  subjectDn: string;
  subject: unknown;
  publicKeySha256: string;
  status: string;
  commonName: string;
};

/**
 * The CSR a certificate answers: the one with its key; else a CSR still waiting (generated or
 * submitted) for its CN made before the certificate started, whose key then differs (a CA that
 * certified the wrong key); else none: the certificate is adopted, judged on its own.
 */
export async function csrFor(
  db: Reader,
  environmentId: string,
  leaf: ParsedCertificate,
): Promise<{ matched: CsrForCheck | null; mismatched: CsrForCheck | null }> {
  const matched = await db.csr.findFirst({
    where: { environmentId, publicKeySha256: leaf.publicKeySha256 },
  });
  if (matched) return { matched, mismatched: null };
  const mismatched = await db.csr.findFirst({
    where: {
      environmentId,
      commonName: leaf.subject.CN ?? "",
      status: { in: ["generated", "submitted"] },
      createdAt: { lte: new Date(leaf.notBefore.getTime() + 86_400_000) },
    },
    orderBy: { createdAt: "desc" },
  });
  return { matched: null, mismatched };
}

export type Evaluation = {
  checks: CertificateCheck[];
  verdict: CertificateVerdict;
  compliant: boolean;
  adopted: boolean;
  chainResult: ChainResult | null;
};

/** The full verdict of one certificate at import. */
export async function evaluateCertificate(
  db: Reader,
  environment: EnvironmentForCheck,
  leaf: ParsedCertificate,
  uploadCas: ParsedCertificate[],
  anchors: ParsedCertificate[],
  now: Date,
): Promise<Evaluation & { matchedCsr: CsrForCheck | null }> {
  const { chainResult, uploadChainResult } = await chainsOf(leaf, uploadCas, anchors, now);
  const { matched, mismatched } = await csrFor(db, environment.id, leaf);
  const csr = matched ?? mismatched;
  const checks = checkCertificate(leaf, {
    csr: csr
      ? {
          subjectDn: csr.subjectDn,
          subject: csr.subject as Record<string, string>,
          publicKeySha256: csr.publicKeySha256,
        }
      : null,
    chainResult,
    uploadChainResult,
    cn: {
      template: environment.gateway.cnTemplate,
      merchantGatewayId: environment.gateway.merchantGatewayId,
      env: environment.code,
    },
    keyAlgorithmOid: keyAlgorithmOid(leaf),
    now,
  });
  const verdict = certificateVerdict(checks);
  return {
    checks,
    verdict,
    compliant: verdict === "compliant",
    adopted: csr === null,
    chainResult,
    matchedCsr: matched,
  };
}

/** The stored checks with the chain judged again (the store changed); the other checks stand. */
export async function rejudgeChain(
  stored: CertificateCheck[],
  leaf: ParsedCertificate,
  uploadCas: ParsedCertificate[],
  anchors: ParsedCertificate[],
  now: Date,
) {
  const { chainResult, uploadChainResult } = await chainsOf(leaf, uploadCas, anchors, now);
  const fresh = chainCheck(leaf, chainResult, uploadChainResult);
  const checks = stored.some((c) => c.code === fresh.code)
    ? stored.map((c) => (c.code === fresh.code ? fresh : c))
    : [...stored, fresh];
  const verdict = certificateVerdict(checks);
  return { checks, verdict, compliant: verdict === "compliant" };
}
