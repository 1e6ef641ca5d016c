// Certificates out of a PKCS#7 / CMS SignedData "certs-only" bundle (.p7b, `openssl crl2pkcs7`),
// the form CAs (Thales included, on some portals) use to hand back a certificate with its chain.
import { ContentInfo, SignedData } from "@peculiar/asn1-cms";
import { BER_LIMITS, parseAs, type BerLimits } from "./der";
import { children, DerError, readRoot, TAG, tlvBytes } from "./der-reader";
import { OID } from "./oids";

// A bundle of up to 200 certificates has far more ASN.1 nodes than the single-object default.
const PKCS7_LIMITS: BerLimits = { ...BER_LIMITS, maxNodes: 400_000 };

/**
 * The DER of every X.509 certificate in a SignedData, in order; null when `der` is not a
 * SignedData at all. Attribute certificates and other CertificateChoices are skipped.
 */
export function readPkcs7Certificates(der: Uint8Array): Uint8Array<ArrayBuffer>[] | null {
  const info = parseAs(der, ContentInfo, PKCS7_LIMITS);
  if (info?.contentType !== OID.pkcs7SignedData) return null;
  const content = new Uint8Array(info.content);
  // asn1-cms validates the SignedData structure ...
  if (!parseAs(content, SignedData, PKCS7_LIMITS)) return null;
  // ... but the certificate bytes are taken from the input itself: re-serialising parsed objects
  // could re-encode a BER-ish certificate differently and change its fingerprint and signature.
  try {
    const certificateSet = children(content, readRoot(content, TAG.SEQUENCE)).find(
      (t) => t.tag === 0xa0,
    );
    if (!certificateSet) return [];
    return children(content, certificateSet)
      .filter((t) => t.tag === TAG.SEQUENCE)
      .map((t) => tlvBytes(content, t));
  } catch (e) {
    if (e instanceof DerError) return null;
    throw e;
  }
}
