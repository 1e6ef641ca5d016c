// Property-based robustness: whatever a user pastes or uploads — random bytes, random text, or a
// real certificate / PKCS#7 / PEM bundle / CSR with bytes flipped, inserted, deleted, truncated
// or blocks duplicated — the parsers either return a result or reject with a PkiInputError that
// has a known code and a message. Never another exception, never a hang.
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { parseCertificateBundle } from "./bundle";
import { parseCertificate } from "./certificate";
import { parseCsr } from "./csr";
import { classifyInput } from "./detect";
import { PKI_ERROR_CODES, PkiInputError } from "./errors";
import { makeCaFixtures, type CaFixtures } from "./test-support/ca";

const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
// Generous per-call bound: the point is "no pathological case", not a benchmark (CI is shared).
const MAX_CALL_MS = 2000;
const CODES = new Set<string>(PKI_ERROR_CODES);

let fx: CaFixtures;
let bases: { bytes: Uint8Array[]; texts: string[] };
beforeAll(async () => {
  fx = makeCaFixtures();
  const run = (...args: string[]) => fx.ssl.run(args);
  run("x509", "-in", "good.pem", "-outform", "DER", "-out", "good.der");
  run("req", "-in", "client.csr", "-outform", "DER", "-out", "client.csr.der");
  const chainText = `Your certificate and chain:\n${fx.chainPem}\n-- \nPKI team\n`;
  bases = {
    bytes: [
      fx.ssl.readBytes("good.der"),
      fx.p7bDer,
      fx.ssl.readBytes("client.csr.der"),
      new TextEncoder().encode(chainText),
    ],
    texts: [chainText, fx.p7bPem, fx.clientCsr, fx.good],
  };
});
afterAll(() => fx?.ssl.cleanup());

type Parser = (input: string | Uint8Array) => Promise<unknown>;
const PARSERS: [string, Parser][] = [
  ["classifyInput", async (input) => classifyInput(input)],
  ["parseCertificate", parseCertificate],
  ["parseCertificateBundle", parseCertificateBundle],
  ["parseCsr", parseCsr],
];

/** Runs every parser on the input; fails the property on any non-PkiInputError or slow call. */
async function allParsersBehave(input: string | Uint8Array): Promise<void> {
  for (const [name, parse] of PARSERS) {
    const started = performance.now();
    try {
      await parse(input);
    } catch (error) {
      if (!(error instanceof PkiInputError)) {
        throw new Error(`${name} threw a non-PkiInputError: ${String(error)}`, { cause: error });
      }
      if (!CODES.has(error.code) || error.message.trim().length === 0) {
        throw new Error(
          `${name} rejected without a known code and message: ${error.code} / ${error.message}`,
        );
      }
      if (name === "classifyInput") throw new Error("classifyInput must never throw");
    }
    const took = performance.now() - started;
    if (took > MAX_CALL_MS) throw new Error(`${name} took ${Math.round(took)} ms`);
  }
}

// ---- input generators -------------------------------------------------------------------------

const PEM_ALPHABET = [
  ..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-\n\r \t:é\u0000",
];
const PEM_WORDS = [
  "-----BEGIN ",
  "-----END ",
  "CERTIFICATE",
  "CERTIFICATE REQUEST",
  "PKCS7",
  "PRIVATE KEY",
  "-----",
  "\n",
  "MII",
  "Proc-Type: 4,ENCRYPTED\n",
];

const randomBytes = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }),
  // Half look like one DER SEQUENCE with a consistent length, so the ASN.1 parsers really run.
  fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((body) => {
    const n = body.length;
    return Uint8Array.from([0x30, 0x82, n >> 8, n & 0xff, ...body]);
  }),
);

const randomText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...PEM_ALPHABET), maxLength: 3000 }),
  fc
    .array(fc.constantFrom(...PEM_WORDS, ...PEM_ALPHABET), { maxLength: 400 })
    .map((parts) => parts.join("")),
  // Well-formed PEM armour around random DER-ish bytes.
  fc
    .tuple(
      fc.constantFrom("CERTIFICATE", "PKCS7", "CERTIFICATE REQUEST", "CMS", "TRUSTED CERTIFICATE"),
      randomBytes,
    )
    .map(
      ([label, der]) =>
        `-----BEGIN ${label}-----\n${btoa(String.fromCharCode(...der))}\n-----END ${label}-----\n`,
    ),
);

type ByteOp =
  | { op: "flip"; at: number; bit: number }
  | { op: "set"; at: number; value: number }
  | { op: "insert"; at: number; bytes: Uint8Array }
  | { op: "delete"; at: number; length: number }
  | { op: "truncate"; at: number }
  | { op: "duplicate"; at: number; length: number };

const byteOp: fc.Arbitrary<ByteOp> = fc.oneof(
  fc.record({
    op: fc.constant("flip" as const),
    at: fc.nat(),
    bit: fc.integer({ min: 0, max: 7 }),
  }),
  fc.record({
    op: fc.constant("set" as const),
    at: fc.nat(),
    value: fc.integer({ min: 0, max: 255 }),
  }),
  // Length octets live near the start of each element: bias some edits to the first bytes.
  fc.record({
    op: fc.constant("set" as const),
    at: fc.integer({ min: 0, max: 12 }),
    value: fc.constantFrom(0x00, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff),
  }),
  fc.record({
    op: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    op: fc.constant("delete" as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 32 }),
  }),
  fc.record({ op: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    op: fc.constant("duplicate" as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 400 }),
  }),
);

function mutate(base: Uint8Array, ops: ByteOp[]): Uint8Array {
  let b = Array.from(base);
  for (const o of ops) {
    const at = b.length === 0 ? 0 : o.at % b.length;
    switch (o.op) {
      case "flip":
        if (b.length) b[at] = b[at]! ^ (1 << o.bit);
        break;
      case "set":
        if (b.length) b[at] = o.value;
        break;
      case "insert":
        b.splice(at, 0, ...o.bytes);
        break;
      case "delete":
        b.splice(at, o.length);
        break;
      case "truncate":
        b = b.slice(0, at);
        break;
      case "duplicate":
        b.splice(at, 0, ...b.slice(at, at + o.length));
        break;
    }
  }
  return Uint8Array.from(b);
}

type TextOp =
  | { op: "replace"; at: number; char: string }
  | { op: "delete"; at: number; length: number }
  | { op: "truncate"; at: number }
  | { op: "duplicateBlock"; block: number; at: number }
  | { op: "duplicate"; at: number; length: number };

const textOp: fc.Arbitrary<TextOp> = fc.oneof(
  fc.record({
    op: fc.constant("replace" as const),
    at: fc.nat(),
    char: fc.constantFrom(...PEM_ALPHABET),
  }),
  fc.record({
    op: fc.constant("delete" as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 80 }),
  }),
  fc.record({ op: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("duplicateBlock" as const), block: fc.nat(), at: fc.nat() }),
  fc.record({
    op: fc.constant("duplicate" as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 2000 }),
  }),
);

function mutateText(base: string, ops: TextOp[]): string {
  let t = base;
  for (const o of ops) {
    const at = t.length === 0 ? 0 : o.at % t.length;
    switch (o.op) {
      case "replace":
        t = t.slice(0, at) + o.char + t.slice(at + 1);
        break;
      case "delete":
        t = t.slice(0, at) + t.slice(at + o.length);
        break;
      case "truncate":
        t = t.slice(0, at);
        break;
      case "duplicateBlock": {
        const blocks = t.match(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----\n?/g) ?? [];
        const block = blocks.length ? blocks[o.block % blocks.length]! : "";
        t = t.slice(0, at) + block + t.slice(at);
        break;
      }
      case "duplicate":
        t = t.slice(0, at) + t.slice(at, at + o.length) + t.slice(at);
        break;
    }
  }
  return t;
}

// ---- properties -------------------------------------------------------------------------------

const PROPERTY_TIMEOUT = 300_000;

describe(`fuzzing the parsers (${RUNS} runs per property)`, () => {
  it("random byte arrays", { timeout: PROPERTY_TIMEOUT }, async () => {
    await fc.assert(fc.asyncProperty(randomBytes, allParsersBehave), { numRuns: RUNS });
  });

  it("random strings, with and without PEM armour", { timeout: PROPERTY_TIMEOUT }, async () => {
    await fc.assert(fc.asyncProperty(randomText, allParsersBehave), { numRuns: RUNS });
  });

  it("mutated DER certificate, PKCS#7, CSR and PEM-as-bytes", {
    timeout: PROPERTY_TIMEOUT,
  }, async () => {
    const input = fc
      .tuple(
        fc.nat({ max: bases.bytes.length - 1 }),
        fc.array(byteOp, { minLength: 1, maxLength: 4 }),
      )
      .map(([i, ops]) => mutate(bases.bytes[i]!, ops));
    await fc.assert(fc.asyncProperty(input, allParsersBehave), { numRuns: RUNS });
  });

  it("mutated PEM bundle, PKCS#7 PEM, CSR and certificate text (incl. duplicated blocks)", {
    timeout: PROPERTY_TIMEOUT,
  }, async () => {
    const input = fc
      .tuple(
        fc.nat({ max: bases.texts.length - 1 }),
        fc.array(textOp, { minLength: 1, maxLength: 4 }),
      )
      .map(([i, ops]) => mutateText(bases.texts[i]!, ops));
    await fc.assert(fc.asyncProperty(input, allParsersBehave), { numRuns: RUNS });
  });

  it("every single-bit flip of a real certificate is either parsed or rejected with a code", {
    timeout: PROPERTY_TIMEOUT,
  }, async () => {
    const der = bases.bytes[0]!;
    for (let i = 0; i < der.length; i += 3) {
      const copy = der.slice();
      copy[i] = copy[i]! ^ (1 << (i % 8));
      await allParsersBehave(copy);
    }
  });
});
