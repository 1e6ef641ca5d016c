// A certificate with (or without) its chain, as CAs hand them back: a PEM file with several
// blocks and text around them, a single DER .cer/.crt, or a PKCS#7 .p7b (PEM or DER).
import { base64ToBytes, toBytes } from "./bytes";
import {
  certificateOfBlock,
  checkInputSize,
  parseCertificateDer,
  type ParsedCertificate,
} from "./certificate";
import { classifyDer, isPkcs12, isSingleSequence } from "./der";
import { children, readOid, readRoot, TAG } from "./der-reader";
import { PkiInputError, privateKeyExposedError } from "./errors";
import { couldHaveIssued } from "./issuer";
import { OID } from "./oids";
import { decodePemBlocks, findPemLabels } from "./pem";
import { readPkcs7Certificates } from "./pkcs7";

export interface ParsedBundle {
  /** Every distinct certificate (duplicates removed by SHA-256), in input order. */
  certificates: ParsedCertificate[];
  /** The one end-entity certificate, or null when there are none or several (the caller decides). */
  leaf: ParsedCertificate | null;
  /** The certificates other than the leaf: issuers first (leaf's issuer, its issuer, ...), then the rest in input order. All of them when leaf is null. */
  chain: ParsedCertificate[];
  format: "pem" | "der" | "pkcs7";
}

export const MAX_BUNDLE_CERTIFICATES = 200;

const CERTIFICATE_LABELS = new Set(["CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CERTIFICATE"]);
const PKCS7_LABELS = new Set(["PKCS7", "CMS"]);
const IGNORED_KINDS = new Set(["csr", "public-key"]);

interface Entry {
  der: Uint8Array<ArrayBuffer>;
  source: "pem" | "der" | "pkcs7";
  /** For messages: "the 2nd CERTIFICATE block". */
  where: string;
}

interface Extracted {
  entries: Entry[];
  /** What was seen but is not a certificate (a CSR, a public key): explains an empty result. */
  ignored: string[];
}

export async function parseCertificateBundle(input: string | Uint8Array): Promise<ParsedBundle> {
  checkInputSize(input, "certificate or certificate chain");
  const { entries, ignored } =
    typeof input === "string" ? fromText(input) : fromBytes(toBytes(input));
  if (entries.length > MAX_BUNDLE_CERTIFICATES) {
    throw new PkiInputError(
      "too_many_certificates",
      `The input holds ${entries.length} certificates; at most ${MAX_BUNDLE_CERTIFICATES} are accepted in one bundle.`,
    );
  }
  const parsed: { cert: ParsedCertificate; source: Entry["source"] }[] = [];
  for (const entry of entries) {
    const cert = await parseEntry(entry, ignored);
    if (cert) parsed.push({ cert, source: entry.source });
  }
  const seen = new Set<string>();
  const certificates = parsed.flatMap(({ cert }) => {
    if (seen.has(cert.sha256)) return [];
    seen.add(cert.sha256);
    return [cert];
  });
  if (certificates.length === 0) throw nothingFound(ignored);
  const sources = new Set(parsed.map((p) => p.source));
  const format = sources.has("pem") ? "pem" : sources.has("pkcs7") ? "pkcs7" : "der";
  const leaf = findLeaf(certificates);
  return {
    certificates,
    leaf,
    chain: leaf ? orderChain(leaf, certificates) : certificates,
    format,
  };
}

/** Parses one entry; a CSR or public key found where a certificate was expected is noted and skipped. */
async function parseEntry(entry: Entry, ignored: string[]): Promise<ParsedCertificate | null> {
  try {
    return await parseCertificateDer(entry.der);
  } catch (e) {
    if (!(e instanceof PkiInputError)) throw e;
    const kind = classifyDer(entry.der);
    if (kind === "private-key" || kind === "encrypted-private-key") throw privateKeyExposedError();
    if (kind && IGNORED_KINDS.has(kind)) {
      ignored.push(kind);
      return null;
    }
    throw new PkiInputError(
      "undecodable",
      `${capitalise(entry.where)} is not a readable certificate. ${e.message}`,
      { cause: e },
    );
  }
}

function fromText(text: string): Extracted {
  const labels = findPemLabels(text);
  if (labels.some((l) => l.endsWith("PRIVATE KEY"))) throw privateKeyExposedError();
  if (labels.length === 0) {
    // Headerless base64, as some portals show it: decode and treat as binary.
    const der = /^[\sA-Za-z0-9+/=]+$/.test(text) ? base64ToBytes(text) : null;
    if (der && der.length > 0) return fromBytes(der);
    throw new PkiInputError(
      "undecodable",
      "No certificate was found: there is no -----BEGIN CERTIFICATE----- block.",
    );
  }
  const wanted = labels.filter((l) => CERTIFICATE_LABELS.has(l) || PKCS7_LABELS.has(l));
  if (wanted.length > MAX_BUNDLE_CERTIFICATES) {
    throw new PkiInputError(
      "too_many_certificates",
      `The input holds ${wanted.length} certificate blocks; at most ${MAX_BUNDLE_CERTIFICATES} are accepted in one bundle.`,
    );
  }
  const blocks = decodePemBlocks(text);
  // decodePemBlocks skips blocks it cannot decode; silently losing an intermediate would
  // produce a chain that does not verify for no visible reason, so refuse instead.
  const decoded = blocks.filter(
    (b) => CERTIFICATE_LABELS.has(b.label) || PKCS7_LABELS.has(b.label),
  ).length;
  if (decoded < wanted.length) {
    throw new PkiInputError(
      "undecodable",
      `${wanted.length - decoded} of the ${wanted.length} certificate blocks are damaged (invalid base64 or a missing END line).`,
    );
  }
  const out: Extracted = { entries: [], ignored: [] };
  blocks.forEach((block, index) => {
    const where = `the ${ordinal(index + 1)} PEM block (${block.label})`;
    if (CERTIFICATE_LABELS.has(block.label) && !looksLikePkcs7(block.der)) {
      out.entries.push({ der: certificateOfBlock(block.label, block.der), source: "pem", where });
    } else if (CERTIFICATE_LABELS.has(block.label) || PKCS7_LABELS.has(block.label)) {
      // Some tools label a PKCS#7 bundle "CERTIFICATE": trust the content over the label.
      out.entries.push(...pkcs7Entries(block.der, where));
    } else if (/CERTIFICATE REQUEST$/.test(block.label)) {
      out.ignored.push("csr");
    } else if (block.label === "PUBLIC KEY") {
      out.ignored.push("public-key");
    }
    // Other blocks (CRLs, parameters, ...) are not certificates and carry no secret: skipped.
  });
  return out;
}

function fromBytes(bytes: Uint8Array<ArrayBuffer>): Extracted {
  if (isSingleSequence(bytes)) {
    // A .p12/.pfx holds a private key (encrypted, but with a password that often travels with it).
    if (isPkcs12(bytes)) throw privateKeyExposedError();
    if (looksLikePkcs7(bytes))
      return { entries: pkcs7Entries(bytes, "the PKCS#7 bundle"), ignored: [] };
    return { entries: [{ der: bytes, source: "der", where: "the file" }], ignored: [] };
  }
  // An uploaded .pem/.crt file arrives as bytes; decode it only if it is plain text.
  if (bytes.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127))) {
    return fromText(new TextDecoder().decode(bytes));
  }
  throw new PkiInputError(
    "undecodable",
    "The file is not a DER certificate, a PKCS#7 bundle or PEM text.",
  );
}

function pkcs7Entries(der: Uint8Array, where: string): Entry[] {
  const certificates = readPkcs7Certificates(der);
  if (!certificates)
    throw new PkiInputError("undecodable", `${capitalise(where)} is a damaged PKCS#7 bundle.`);
  if (certificates.length > MAX_BUNDLE_CERTIFICATES) {
    throw new PkiInputError(
      "too_many_certificates",
      `The PKCS#7 bundle holds ${certificates.length} certificates; at most ${MAX_BUNDLE_CERTIFICATES} are accepted.`,
    );
  }
  return certificates.map((c, i) => ({
    der: c,
    source: "pkcs7",
    where: `certificate ${i + 1} of ${where}`,
  }));
}

/** ContentInfo whose content type is SignedData: cheap enough to run before deciding how to parse. */
function looksLikePkcs7(der: Uint8Array): boolean {
  try {
    const first = children(der, readRoot(der, TAG.SEQUENCE))[0];
    return first?.tag === TAG.OID && readOid(der, first) === OID.pkcs7SignedData;
  } catch {
    return false;
  }
}

function nothingFound(ignored: string[]): PkiInputError {
  if (ignored.includes("csr")) {
    return new PkiInputError(
      "not_a_certificate",
      "This is a certificate signing request (CSR), not a certificate: send it to the CA, then import the certificate the CA returns.",
    );
  }
  if (ignored.includes("public-key")) {
    return new PkiInputError("not_a_certificate", "This is a bare public key, not a certificate.");
  }
  return new PkiInputError("not_a_certificate", "No certificate was found in the input.");
}

/** The end-entity certificate: not a CA, and not the issuer of any other certificate given. */
function findLeaf(certificates: ParsedCertificate[]): ParsedCertificate | null {
  const candidates = certificates.filter(
    (c) => !c.isCa && !certificates.some((other) => other !== c && couldHaveIssued(c, other)),
  );
  return candidates.length === 1 ? candidates[0]! : null;
}

/** Issuers in path order from the leaf upwards, then whatever is unrelated, in input order. */
function orderChain(
  leaf: ParsedCertificate,
  certificates: ParsedCertificate[],
): ParsedCertificate[] {
  const rest = certificates.filter((c) => c !== leaf);
  const ordered: ParsedCertificate[] = [];
  for (let current = leaf; ; ) {
    const issuer = rest.find(
      (c) => !ordered.includes(c) && c !== current && couldHaveIssued(c, current),
    );
    if (!issuer) break;
    ordered.push(issuer);
    current = issuer;
  }
  return [...ordered, ...rest.filter((c) => !ordered.includes(c))];
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
