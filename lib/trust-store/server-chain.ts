import "server-only";
import { parseCertificate, verifyChain, type ParsedCertificate } from "@/lib/pki";
import { mozillaRootsPem } from "./amazon-roots";

let mozillaRoots: Promise<ParsedCertificate[]> | undefined;

export type ServerChainVerdict = {
  status: "empty" | "no-leaf" | "mozilla" | "private";
  message: string;
};

/**
 * Whether the chain we hand to Thales leads to a root in Mozilla's store (Node's bundled copy).
 * If not, Thales needs a PEM trust store from us (DOMAIN.md).
 */
export async function serverChainVerdict(
  entries: ParsedCertificate[],
): Promise<ServerChainVerdict> {
  if (entries.length === 0)
    return {
      status: "empty",
      message: "No certificate yet: add your server certificate and its intermediates.",
    };
  const leaf = entries.find((c) => !c.isCa);
  if (!leaf)
    return {
      status: "no-leaf",
      message:
        "Only CA certificates here: add the server (leaf) certificate too, so the chain can be checked.",
    };
  mozillaRoots ??= Promise.all(mozillaRootsPem().map((pem) => parseCertificate(pem)));
  const result = await verifyChain(
    leaf,
    entries.filter((c) => c !== leaf),
    await mozillaRoots,
  );
  if (result.ok) {
    return {
      status: "mozilla",
      message: `The chain leads to ${result.anchor?.subject.CN ?? result.anchor?.subjectDn}, a root in Mozilla's store: Thales trusts it as it is.`,
    };
  }
  return {
    status: "private",
    message: `The chain does not lead to a root in Mozilla's store (${result.problems.map((p) => p.message).join(" ")}). Hand Thales a PEM trust store with your CA, and notify Thales before any change of that CA.`,
  };
}
