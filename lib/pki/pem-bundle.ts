// One PEM text with the certificate, its chain and optionally its key: the "fullchain" file
// nginx, Apache (2.4.8+), HAProxy and most HTTP clients load. Kept apart from pkcs12.ts so that
// using it does not pull pkijs into a page.
import type { ParsedCertificate } from "./certificate";
import { PkiInputError } from "./errors";
import { findPemLabels } from "./pem";

/**
 * Certificate first, then `chain` in the order given (pass the leaf's issuer first, as
 * ParsedBundle.chain is), then the private key PEM exactly as given, if any. Duplicates of the
 * certificate in `chain` are dropped.
 */
export function pemBundle(
  certificate: ParsedCertificate,
  chain: ParsedCertificate[],
  privateKeyPem?: string,
): string {
  const seen = new Set<string>([certificate.sha256]);
  const parts = [
    certificate.pem,
    ...chain
      .filter((c) => {
        if (seen.has(c.sha256)) return false;
        seen.add(c.sha256);
        return true;
      })
      .map((c) => c.pem),
  ];
  if (privateKeyPem !== undefined) {
    const labels = findPemLabels(privateKeyPem);
    // The key text is kept verbatim (legacy encrypted keys carry headers that must survive), so
    // make sure it is one key and nothing else that would end up in the file unnoticed.
    if (labels.length !== 1 || !labels[0]!.endsWith("PRIVATE KEY")) {
      throw new PkiInputError(
        "not_a_private_key",
        "The key text must hold exactly one PEM private key block.",
      );
    }
    const block = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/.exec(privateKeyPem);
    if (!block)
      throw new PkiInputError("not_a_private_key", "The private key block has no END line.");
    parts.push(`${block[0].replace(/\r\n?/g, "\n")}\n`);
  }
  return parts.join("");
}
