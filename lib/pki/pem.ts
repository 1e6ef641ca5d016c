// PEM reading/writing (RFC 7468), tolerant of what people paste: CRLF line endings,
// indentation, text around the blocks, and legacy RFC 1421 headers (Proc-Type/DEK-Info).
import { base64ToBytes, bytesToBase64 } from "./bytes";

export interface PemBlock {
  label: string;
  der: Uint8Array<ArrayBuffer>;
  /** RFC 1421 headers such as "Proc-Type: 4,ENCRYPTED" of legacy OpenSSL encrypted keys. */
  headers?: Record<string, string>;
}

// Labels are upper-case words separated by single spaces; anything longer is not PEM.
const BEGIN = /-----BEGIN ([A-Z0-9]+(?: [A-Z0-9]+){0,6})-----/g;
const END = /-----END ([A-Z0-9]+(?: [A-Z0-9]+){0,6})-----/g;

/** Every BEGIN label in the text, whether or not its body decodes (used to spot pasted keys). */
export function findPemLabels(text: string): string[] {
  return Array.from(text.matchAll(BEGIN), (m) => m[1]!);
}

/**
 * Decodes every well-formed PEM block in `text`, in order. Blocks whose END line is missing
 * or whose body is not valid base64 are skipped rather than thrown on: callers classify
 * whatever could be read and explain the rest.
 */
export function decodePemBlocks(text: string): PemBlock[] {
  // END positions are indexed in one pass: searching the text again for every BEGIN would be
  // quadratic on hostile input (thousands of BEGIN lines with no END).
  const ends = new Map<string, number[]>();
  for (const m of text.matchAll(END)) {
    const list = ends.get(m[1]!) ?? [];
    list.push(m.index);
    ends.set(m[1]!, list);
  }
  const blocks: PemBlock[] = [];
  let consumed = 0;
  for (const match of text.matchAll(BEGIN)) {
    if (match.index < consumed) continue; // a BEGIN inside a block already read
    const label = match[1]!;
    const bodyStart = match.index + match[0].length;
    const end = firstAtOrAfter(ends.get(label), bodyStart);
    if (end === undefined) continue;
    consumed = end;
    const block = decodeBody(label, text.slice(bodyStart, end));
    if (block) blocks.push(block);
  }
  return blocks;
}

function firstAtOrAfter(sorted: number[] | undefined, min: number): number | undefined {
  if (!sorted) return undefined;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < min) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
}

function decodeBody(label: string, body: string): PemBlock | null {
  const headers: Record<string, string> = {};
  const base64Lines: string[] = [];
  for (const rawLine of body.split(/\r?\n|\r/)) {
    const line = rawLine.trim();
    if (!line) continue;
    const header = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (header) headers[header[1]!] = header[2]!;
    else base64Lines.push(line);
  }
  const der = base64ToBytes(base64Lines.join(""));
  if (!der || der.length === 0) return null;
  return Object.keys(headers).length > 0 ? { label, der, headers } : { label, der };
}

/** PEM text with 64-character lines and a trailing newline, as OpenSSL writes it. */
export function toPem(label: string, der: Uint8Array): string {
  const b64 = bytesToBase64(der);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
