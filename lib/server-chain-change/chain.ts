// The new chain of a planned change: read, checked (exactly one server certificate, still valid,
// for TLS servers) and summarised as the change stores it.
import { isPkiInputError, parseCertificateBundle, type ParsedCertificate } from "@/lib/pki";
import type { ServerChainSummary } from "./dto";
import { isoDay } from "@/lib/dates";
import { refuse, type ServerChainRefusal } from "./refusal";

const label = (cert: { subject: { CN?: string }; subjectDn: string }) =>
  cert.subject.CN ?? cert.subjectDn;

/** Parses the new chain and checks it holds exactly one server certificate, still valid, for TLS servers. */
export async function readChain(
  input: string | Uint8Array,
): Promise<
  { ok: true; leaf: ParsedCertificate; certificates: ParsedCertificate[] } | ServerChainRefusal
> {
  let bundle: Awaited<ReturnType<typeof parseCertificateBundle>>;
  try {
    bundle = await parseCertificateBundle(input);
  } catch (error) {
    if (!isPkiInputError(error)) throw error;
    if (error.code === "private_key") {
      return refuse(
        422,
        "private_key_exposed",
        "This contains a PRIVATE KEY. Nothing was stored. Treat that key as exposed and replace it; send only the certificates of the chain.",
      );
    }
    return refuse(422, `input.${error.code}`, error.message);
  }
  const leaves = bundle.certificates.filter((c) => !c.isCa);
  if (leaves.length === 0) {
    return refuse(
      422,
      "server_chain.no_leaf",
      "This chain holds only CA certificates: include our server (leaf) certificate first, then its intermediate CAs.",
    );
  }
  if (!bundle.leaf) {
    return refuse(
      422,
      "server_chain.several_leaves",
      `This holds ${leaves.length} end-entity certificates (${leaves.map(label).join(", ")}): a server chain has exactly one, our server certificate, followed by the CAs that issued it.`,
    );
  }
  const leaf = bundle.leaf;
  if (leaf.extendedKeyUsage.length > 0 && !leaf.extendedKeyUsage.includes("serverAuth")) {
    return refuse(
      422,
      "server_chain.not_server_certificate",
      `${label(leaf)} is not a TLS server certificate: its extended key usage is ${leaf.extendedKeyUsage.join(", ")}, without serverAuth. Check you picked our server certificate.`,
    );
  }
  if (leaf.notAfter.getTime() <= Date.now()) {
    return refuse(
      422,
      "server_chain.leaf_expired",
      `Our server certificate in this chain (${label(leaf)}) expired on ${isoDay(leaf.notAfter)}: switching to it would break D1's calls to us.`,
    );
  }
  return { ok: true, leaf, certificates: [leaf, ...bundle.chain] };
}

export function summarise(
  certificates: ParsedCertificate[],
  verdict: ServerChainSummary["verdict"],
): ServerChainSummary {
  return {
    leafSha256: certificates[0]!.sha256,
    verdict,
    certificates: certificates.map((c) => ({
      subject: c.subjectDn,
      issuer: c.issuerDn,
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
      sha256: c.sha256,
      isCa: c.isCa,
    })),
  };
}
