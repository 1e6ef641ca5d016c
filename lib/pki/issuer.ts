// "Could `issuer` have issued `child`?" by names and key identifiers, without any crypto: used to
// spot the leaf of a bundle and to pick candidate issuers before signatures are verified.
import type { ParsedCertificate } from "./certificate";

type Names = Pick<
  ParsedCertificate,
  "subjectDn" | "issuerDn" | "subjectKeyIdentifier" | "authorityKeyIdentifier"
>;

export function couldHaveIssued(issuer: Names, child: Names): boolean {
  if (child.issuerDn !== issuer.subjectDn) return false;
  // When both key identifiers are present they must agree: this tells apart a renewed CA that
  // kept its name but changed its key. When either is missing, the name alone has to do.
  if (child.authorityKeyIdentifier && issuer.subjectKeyIdentifier) {
    return child.authorityKeyIdentifier === issuer.subjectKeyIdentifier;
  }
  return true;
}

/** "TLSMA-RSA/MGW_000001/PPR", or the whole DN when there is no CN: how messages name a certificate. */
export function certificateLabel(cert: Pick<ParsedCertificate, "subject" | "subjectDn">): string {
  return `“${cert.subject.CN ?? (cert.subjectDn || "(empty subject)")}”`;
}
