// Tells what the user pasted or uploaded, before anything tries to use it. The most important
// job is spotting private keys: a key that was pasted into a web form must be treated as exposed.
import { base64ToBytes, toBytes } from "./bytes";
import { classifyDer, type DerKind } from "./der";
import { decodePemBlocks, findPemLabels, type PemBlock } from "./pem";

export type InputKind = DerKind | "certificates" | "unknown";

export interface DetectedObject {
  kind: DerKind;
  der: Uint8Array<ArrayBuffer>;
  /** PEM label when the object came from PEM text. */
  label?: string;
}

export interface Classification {
  kind: InputKind;
  format: "pem" | "der" | "base64" | "none";
  /** DER of the first object of `kind` (absent for "unknown"). */
  der?: Uint8Array<ArrayBuffer>;
  /** Every object recognised, in input order. */
  objects: DetectedObject[];
  /** Any private key, encrypted or not, even if mixed with other blocks or undecodable. */
  containsPrivateKey: boolean;
  /** An unencrypted private key: whoever saw the input now holds the key. */
  containsUnencryptedPrivateKey: boolean;
  /** Why the input (or part of it) was not understood. */
  reason?: string;
}

const LABEL_KINDS: Record<string, DerKind> = {
  "CERTIFICATE REQUEST": "csr",
  "NEW CERTIFICATE REQUEST": "csr",
  CERTIFICATE: "certificate",
  "TRUSTED CERTIFICATE": "certificate",
  PKCS7: "pkcs7",
  CMS: "pkcs7",
  "ENCRYPTED PRIVATE KEY": "encrypted-private-key",
  "PUBLIC KEY": "public-key",
};

// When several objects are present, the one the user most likely meant to hand us wins.
const PRIORITY: DerKind[] = [
  "csr",
  "certificate",
  "pkcs7",
  "public-key",
  "encrypted-private-key",
  "private-key",
];

const MAX_INPUT = 4 * 1024 * 1024;

export function classifyInput(input: string | Uint8Array): Classification {
  try {
    return typeof input === "string" ? classifyText(input) : classifyBinary(toBytes(input));
  } catch (e) {
    // Defensive: classification must never crash a form, whatever the bytes.
    return unknown("none", `The input could not be analysed (${String(e)}).`);
  }
}

function classifyText(text: string): Classification {
  if (text.length > MAX_INPUT)
    return unknown("none", "The input is too large to be a key, CSR or certificate.");
  const labels = findPemLabels(text);
  if (labels.length > 0) return classifyPem(text, labels);
  const der = /^[\sA-Za-z0-9+/=]+$/.test(text) ? base64ToBytes(text) : null;
  const kind = der ? classifyDer(der) : null;
  if (der && kind) return summarise("base64", [{ kind, der }], false, undefined);
  if (!text.trim()) return unknown("none", "The input is empty.");
  return unknown("none", "No PEM block (-----BEGIN ...-----) was found.");
}

function classifyPem(text: string, labels: string[]): Classification {
  // Labels are checked on the raw text too, so a key whose body is damaged still counts.
  const keyLabels = labels.filter((l) => l.endsWith("PRIVATE KEY"));
  const objects: DetectedObject[] = [];
  const problems: string[] = [];
  for (const block of decodePemBlocks(text)) {
    const kind = kindOfBlock(block);
    if (kind) objects.push({ kind, der: block.der, label: block.label });
    else if (LABEL_KINDS[block.label])
      problems.push(`The "${block.label}" block is damaged or not what its label says.`);
    else problems.push(`"${block.label}" blocks are not supported here.`);
  }
  const unencryptedKey =
    objects.some((o) => o.kind === "private-key") ||
    keyLabels.some((l) => l !== "ENCRYPTED PRIVATE KEY" && !objects.some((o) => o.label === l));
  const result = summarise("pem", objects, keyLabels.length > 0, problems.join(" ") || undefined);
  return { ...result, containsUnencryptedPrivateKey: unencryptedKey };
}

function kindOfBlock(block: PemBlock): DerKind | null {
  // Any "... PRIVATE KEY" label (PKCS#8, PKCS#1, SEC1, OpenSSH, ...) is a key, whatever its body:
  // legacy OpenSSL encryption is announced by a Proc-Type header rather than by the label.
  if (block.label.endsWith("PRIVATE KEY") && block.label !== "ENCRYPTED PRIVATE KEY") {
    return block.headers?.["Proc-Type"]?.includes("ENCRYPTED")
      ? "encrypted-private-key"
      : "private-key";
  }
  // Otherwise trust the content over the label (a CSR saved as "CERTIFICATE" is still a CSR).
  return LABEL_KINDS[block.label] ? classifyDer(block.der) : null;
}

function classifyBinary(bytes: Uint8Array<ArrayBuffer>): Classification {
  if (bytes.length > MAX_INPUT)
    return unknown("none", "The input is too large to be a key, CSR or certificate.");
  const kind = classifyDer(bytes);
  if (kind) return summarise("der", [{ kind, der: bytes }], false, undefined);
  // A file upload may still be PEM text; only decode it when it looks like ASCII.
  if (
    bytes.length > 0 &&
    bytes.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127))
  ) {
    return classifyText(new TextDecoder().decode(bytes));
  }
  return unknown(
    "der",
    bytes.length === 0 ? "The input is empty." : "The bytes are not a DER CSR, certificate or key.",
  );
}

function summarise(
  format: Classification["format"],
  objects: DetectedObject[],
  keyLabelSeen: boolean,
  reason: string | undefined,
): Classification {
  const containsPrivateKey = keyLabelSeen || objects.some((o) => o.kind.endsWith("private-key"));
  const containsUnencryptedPrivateKey = objects.some((o) => o.kind === "private-key");
  const primary = PRIORITY.find((k) => objects.some((o) => o.kind === k));
  if (!primary) {
    return {
      ...unknown(format, reason ?? "No CSR, certificate or key was recognised."),
      containsPrivateKey,
      containsUnencryptedPrivateKey,
    };
  }
  const first = objects.find((o) => o.kind === primary)!;
  const certificateCount = objects.filter((o) => o.kind === "certificate").length;
  const kind: InputKind =
    primary === "certificate" && certificateCount > 1 ? "certificates" : primary;
  return {
    kind,
    format,
    der: first.der,
    objects,
    containsPrivateKey,
    containsUnencryptedPrivateKey,
    ...(reason ? { reason } : {}),
  };
}

function unknown(format: Classification["format"], reason: string): Classification {
  return {
    kind: "unknown",
    format,
    objects: [],
    containsPrivateKey: false,
    containsUnencryptedPrivateKey: false,
    reason,
  };
}
