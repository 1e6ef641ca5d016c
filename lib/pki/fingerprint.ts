// Digests and their display forms. Hex is lowercase for storage/comparison; the colon form
// is uppercase because that is how browsers, OpenSSL and the partner print fingerprints.
import { bytesToHex, subtle } from "./bytes";

export type DigestName = "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512";

export async function digest(
  bytes: Uint8Array,
  algorithm: DigestName = "SHA-256",
): Promise<Uint8Array> {
  // Copy into a plain ArrayBuffer-backed view: WebCrypto rejects SharedArrayBuffer views.
  return new Uint8Array(await subtle().digest(algorithm, new Uint8Array(bytes)));
}

/** Lowercase hex SHA-256 of the bytes, e.g. of a DER SubjectPublicKeyInfo. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return bytesToHex(await digest(bytes, "SHA-256"));
}

/** "AA:BB:..." form of raw bytes (typically a digest). */
export function toColonHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0").toUpperCase()).join(":");
}

/** Fingerprint of DER bytes in "AA:BB:..." form (SHA-256 unless told otherwise). */
export async function fingerprintColonHex(
  der: Uint8Array,
  algorithm: DigestName = "SHA-256",
): Promise<string> {
  return toColonHex(await digest(der, algorithm));
}

/** Normalises any hex fingerprint spelling ("AA:BB", "aa bb", "aabb") to lowercase plain hex. */
export function normalizeHex(text: string): string {
  return text.replace(/[\s:]/g, "").toLowerCase();
}
