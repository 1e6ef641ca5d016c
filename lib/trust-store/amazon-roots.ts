import "server-only";
import crypto from "node:crypto";
import tls from "node:tls";

/**
 * The roots D1's server chains to, by SHA-256 fingerprint (DOMAIN.md). They are taken from
 * Node's bundled Mozilla store, not shipped by us, so an audit can trace where they came from.
 */
export const AMAZON_ROOT_FINGERPRINTS = {
  "Amazon Root CA 1": "8ecde6884f3d87b1125ba31ac3fcb13d7016de7f57cc904fe1cb97c6ae98196e",
  "Amazon Root CA 2": "1ba5b2aa8c65401a82960118f80bec4f62304d83cec4713a19c39c011ea46db4",
  "Amazon Root CA 3": "18ce6cfe7bf14e60b2e347b8dfe868cb31d02ebb3ada271569f50343b46db3a4",
  "Amazon Root CA 4": "e35d28419ed02025cfa69038cd623962458da5c695fbdea3c22b0bfb25897092",
  "Starfield Services Root Certificate Authority - G2":
    "568d6905a2c88708a4b3025190edcfedb1974a606a13c6e5290fcb2ae63edab5",
} as const;

export function mozillaRootsPem(): readonly string[] {
  return tls.rootCertificates;
}

/** The five Amazon roots as PEM, found in Node's Mozilla store by fingerprint. */
export function amazonRootsPem(): string[] {
  const wanted = new Set<string>(Object.values(AMAZON_ROOT_FINGERPRINTS));
  const found = tls.rootCertificates.filter((pem) =>
    wanted.has(new crypto.X509Certificate(pem).fingerprint256.replace(/:/g, "").toLowerCase()),
  );
  if (found.length !== wanted.size)
    throw new Error(`Node's Mozilla store has ${found.length} of the 5 Amazon roots`);
  return found;
}
