// A minimal, strict DER walker for the certificate hot path. The asn1js-based schema parsers
// build an object tree and match it against a schema, which costs about 1 ms per certificate;
// walking offsets is ~20× cheaper and, being bounds-checked at every step, just as safe on
// hostile input. Every failure is a DerError, which callers turn into a PkiInputError.

export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DerError";
  }
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** One tag-length-value: offsets into the buffer it was read from. */
export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  body: number;
  /** Offset just past the content. */
  end: number;
}

/** Reads the TLV at `offset`, refusing anything that would reach past `limit`. */
export function readTlv(bytes: Uint8Array, offset: number, limit: number = bytes.length): Tlv {
  if (offset + 2 > limit) throw new DerError("The data ends in the middle of an element.");
  const tag = bytes[offset]!;
  // High tag numbers never occur in the structures we read; refusing them keeps this simple.
  if ((tag & 0x1f) === 0x1f) throw new DerError("Unexpected high tag number.");
  let length = bytes[offset + 1]!;
  let body = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    // 0 would be BER's indefinite length, which DER forbids; > 4 bytes is never a real length.
    if (count === 0 || count > 4) throw new DerError("Invalid length encoding.");
    if (body + count > limit) throw new DerError("The data ends in the middle of a length.");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[body + i]!;
    body += count;
  }
  const end = body + length;
  if (end > limit) throw new DerError("An element is longer than the data holding it.");
  return { tag, start: offset, body, end };
}

/** The single TLV that must span `bytes` exactly. */
export function readRoot(bytes: Uint8Array, tag: number): Tlv {
  const tlv = expectTag(readTlv(bytes, 0), tag, "top-level element");
  if (tlv.end !== bytes.length) throw new DerError("There are extra bytes after the data.");
  return tlv;
}

/** The elements inside a constructed TLV, in order. */
export function children(bytes: Uint8Array, parent: Tlv): Tlv[] {
  if ((parent.tag & 0x20) === 0) throw new DerError("A primitive element was used as a container.");
  const out: Tlv[] = [];
  for (let pos = parent.body; pos < parent.end; ) {
    const child = readTlv(bytes, pos, parent.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

export function expectTag(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv) throw new DerError(`The ${what} is missing.`);
  if (tlv.tag !== tag) throw new DerError(`The ${what} has an unexpected type.`);
  return tlv;
}

/** The whole TLV (header included), as a standalone copy. */
export function tlvBytes(bytes: Uint8Array, tlv: Tlv): Uint8Array<ArrayBuffer> {
  return bytes.slice(tlv.start, tlv.end);
}

/** Dotted OID; `implicitTag` reads an IMPLICIT-tagged one (GeneralName registeredID). */
export function readOid(bytes: Uint8Array, tlv: Tlv, implicitTag?: number): string {
  expectTag(tlv, implicitTag ?? TAG.OID, "object identifier");
  if (tlv.end === tlv.body) throw new DerError("An object identifier is empty.");
  const arcs: number[] = [];
  let value = 0;
  for (let i = tlv.body; i < tlv.end; i++) {
    const b = bytes[i]!;
    // Cap at 2^46 so the arithmetic stays exact in a double; no real OID comes close.
    if (value > 2 ** 46) throw new DerError("An object identifier arc is too large.");
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    } else if (i === tlv.end - 1) {
      throw new DerError("An object identifier is truncated.");
    }
  }
  const first = arcs[0]!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join(".");
}

export function readBoolean(bytes: Uint8Array, tlv: Tlv): boolean {
  expectTag(tlv, TAG.BOOLEAN, "boolean");
  if (tlv.end - tlv.body !== 1) throw new DerError("A boolean has the wrong length.");
  return bytes[tlv.body] !== 0;
}

/** A non-negative INTEGER small enough for a JavaScript number (versions, path lengths). */
export function readSmallInteger(bytes: Uint8Array, tlv: Tlv): number {
  expectTag(tlv, TAG.INTEGER, "integer");
  const length = tlv.end - tlv.body;
  if (length === 0 || length > 6) throw new DerError("An integer is empty or too large.");
  if (bytes[tlv.body]! & 0x80) throw new DerError("An integer that must be positive is negative.");
  let value = 0;
  for (let i = tlv.body; i < tlv.end; i++) value = value * 256 + bytes[i]!;
  return value;
}

/** UTCTime or GeneralizedTime in the RFC 5280 profile: UTC ("Z"), seconds, no fractions. */
export function readTime(bytes: Uint8Array, tlv: Tlv): Date {
  if (tlv.end - tlv.body > 32) throw new DerError("A date is too long.");
  const text = String.fromCharCode(...bytes.subarray(tlv.body, tlv.end));
  const utc =
    tlv.tag === TAG.UTC_TIME ? /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(text) : null;
  const generalized =
    tlv.tag === TAG.GENERALIZED_TIME ? /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(text) : null;
  const match = utc ?? generalized;
  if (!match) {
    throw new DerError("A date is not in the UTCTime/GeneralizedTime format certificates use.");
  }
  const given = Number(match[1]);
  // Two-digit years: RFC 5280 §4.1.2.5.1.
  const year = utc ? (given >= 50 ? 1900 + given : 2000 + given) : given;
  const [month, day, hour, minute, second] = match.slice(2).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC silently rolls 31 February into March; a real certificate never says that.
  if (
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 60
  ) {
    throw new DerError("A date does not exist.");
  }
  return date;
}

/** Byte-per-character text (IA5String, PrintableString): these types are ASCII by definition. */
export function readAscii(bytes: Uint8Array, tlv: Tlv): string {
  let text = "";
  for (let i = tlv.body; i < tlv.end; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}

/** DER encoding of one element (definite length), for the few structures we build by hand. */
export function encodeTlv(tag: number, content: Uint8Array): Uint8Array<ArrayBuffer> {
  const n = content.length;
  const header =
    n < 0x80
      ? [tag, n]
      : n < 0x100
        ? [tag, 0x81, n]
        : n < 0x10000
          ? [tag, 0x82, n >> 8, n & 0xff]
          : [tag, 0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(header.length + n);
  out.set(header);
  out.set(content, header.length);
  return out;
}
