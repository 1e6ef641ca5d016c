// Pulls the SubjectPublicKeyInfo out of whatever carries one, so keys can be compared by identity.
import { AsnConvert } from "@peculiar/asn1-schema";
import { CertificationRequest } from "@peculiar/asn1-csr";
import { Certificate } from "@peculiar/asn1-x509";
import { parseAs } from "./der";
import { classifyInput } from "./detect";

/** DER SPKI of a CSR, certificate or public key (PEM, base64 or DER); null if none is found. */
export function extractSpki(input: string | Uint8Array): Uint8Array | null {
  const found = classifyInput(input);
  if (!found.der) return null;
  switch (found.kind) {
    case "public-key":
      return found.der;
    case "csr": {
      const csr = parseAs(found.der, CertificationRequest);
      return csr
        ? new Uint8Array(AsnConvert.serialize(csr.certificationRequestInfo.subjectPKInfo))
        : null;
    }
    case "certificate":
    case "certificates": {
      const cert = parseAs(found.der, Certificate);
      return cert
        ? new Uint8Array(AsnConvert.serialize(cert.tbsCertificate.subjectPublicKeyInfo))
        : null;
    }
    default:
      return null;
  }
}
