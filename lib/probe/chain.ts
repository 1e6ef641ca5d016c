// The chain a server presented, as the report records it.
import { X509Certificate } from "node:crypto";
import type tls from "node:tls";
import { parseCertificateDer, toPem } from "@/lib/pki";
import type { ProbeReport } from "./evidence";
import { STORE_LABEL, verifyReason } from "./messages";
import type { Attempt } from "./tls-attempt";

function peerChain(peer: tls.DetailedPeerCertificate | null): Buffer[] {
  const out: Buffer[] = [];
  const seen = new Set<string>();
  let cert: tls.DetailedPeerCertificate | undefined = peer ?? undefined;
  while (cert?.raw && out.length < 10 && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    out.push(cert.raw);
    if (!cert.issuerCertificate || cert.issuerCertificate === cert) break;
    cert = cert.issuerCertificate;
  }
  return out;
}

async function describeCertificate(raw: Buffer) {
  const der = new Uint8Array(raw);
  try {
    const parsed = await parseCertificateDer(der);
    return {
      subject: parsed.subjectDn,
      issuer: parsed.issuerDn,
      notAfter: parsed.notAfter.toISOString(),
      sha256: parsed.sha256,
      pem: parsed.pem,
    };
  } catch {
    const x = new X509Certificate(raw);
    return {
      subject: x.subject.split("\n").join(", "),
      issuer: x.issuer.split("\n").join(", "),
      notAfter: new Date(x.validTo).toISOString(),
      sha256: x.fingerprint256.replace(/:/g, "").toLowerCase(),
      pem: toPem("CERTIFICATE", der),
    };
  }
}

/**
 * The chain exactly as presented (the attempt with an empty trust store adds nothing to it), and
 * whether the TLS 1.3 or else the TLS 1.2 attempt verified it for `identityHost`.
 */
export async function chainEvidence(
  attempts: { a12: Attempt; a13: Attempt; presented: Attempt },
  verifiedAgainst: keyof typeof STORE_LABEL,
  identityHost: string,
): Promise<ProbeReport["chain"]> {
  const { a12, a13, presented } = attempts;
  const peer = presented.peer ?? a13.peer ?? a12.peer;
  const raws = peerChain(presented.peer ?? null);
  const certificates = await Promise.all(
    (raws.length > 0 ? raws : peerChain(peer)).map(describeCertificate),
  );
  if (certificates.length === 0) return null;
  const verifying = [a13, a12].find((a) => a.verify !== null);
  const store = STORE_LABEL[verifiedAgainst];
  return verifying?.verify
    ? {
        certificates,
        verified: verifying.verify.ok,
        verifiedAgainst,
        ...(verifying.verify.ok
          ? {}
          : {
              error: verifyReason(
                verifying.verify.code,
                identityHost,
                verifying.peer ?? peer,
                store,
              ),
            }),
      }
    : {
        certificates,
        verified: false,
        verifiedAgainst,
        error: `The handshake stopped before the chain could be checked against ${store}.`,
      };
}
