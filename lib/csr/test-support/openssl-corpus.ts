// TEST-ONLY: a corpus of CSRs made by the openssl CLI alone (no lib/pki), each with the verdict
// the partner would give, so the server's intake is judged against an independent maker.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const MGW = "MGW_000001";
const ORG: [string, string][] = [
  ["C", "FR"],
  ["ST", "Ile-de-France"],
  ["L", "Paris"],
  ["O", "Example Payments, SAS"],
  ["OU", "Payments Ops"],
];
const cnFor = (keyType: "RSA" | "ECDSA", env: "PPR" | "PRD", mgw = MGW) =>
  `TLSMA-${keyType}/${mgw}/${env}`;
/** OpenSSL -subj from ordered pairs; `/` inside values escaped as OpenSSL requires. */
export const subj = (pairs: [string, string][]) =>
  pairs.map(([k, v]) => `/${k}=${v.replace(/\//g, "\\/")}`).join("");
const canonical = (cn: string): [string, string][] => [...ORG, ["CN", cn]];

export interface CorpusCase {
  name: string;
  env: "PPR" | "PRD";
  pem: string;
  /** Refusal codes, in the order the intake reports them; empty = stored. */
  refused: string[];
  /** Warning codes on a stored CSR. */
  warnings: string[];
  /** What `openssl req -verify` says of the signature; null when the input is not a CSR. */
  opensslVerifies: boolean | null;
  /** The key file it was made with, to re-make it with a corrected -subj. */
  key?: string;
  /** Text the first refusal's message must contain (the attribute named, the right -subj, ...). */
  messageIncludes?: string[];
}

export class Corpus {
  readonly dir = mkdtempSync(join(tmpdir(), "csr-corpus-"));
  cases: CorpusCase[] = [];

  path = (name: string) => join(this.dir, name);

  openssl(args: string[], input?: string): string {
    try {
      return execFileSync("openssl", args, {
        cwd: this.dir,
        input,
        stdio: ["pipe", "pipe", "pipe"],
      }).toString();
    } catch (e) {
      const err = e as { stderr?: Buffer; message: string };
      throw new Error(`openssl ${args.join(" ")} failed: ${err.stderr?.toString() ?? err.message}`);
    }
  }

  /** `openssl req -verify` on a PEM: true when OpenSSL checks the self-signature as genuine. */
  verifies(pem: string): boolean {
    const result = spawnSync("openssl", ["req", "-noout", "-verify"], {
      input: pem,
      cwd: this.dir,
    });
    const out = `${result.stdout}${result.stderr}`;
    return (
      result.status === 0 && /verify OK|Certificate request self-signature verify OK/.test(out)
    );
  }

  req(key: string, pairs: [string, string][], extra: string[] = []): string {
    return this.openssl(["req", "-new", "-key", key, "-subj", subj(pairs), ...extra]);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The CSR's DER with its last byte flipped: structure intact, signature broken. */
function tamper(pem: string): string {
  const b64 = pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
  const der = Buffer.from(b64, "base64");
  der[der.length - 1]! ^= 0x01;
  const body = der
    .toString("base64")
    .match(/.{1,64}/g)!
    .join("\n");
  return `-----BEGIN CERTIFICATE REQUEST-----\n${body}\n-----END CERTIFICATE REQUEST-----\n`;
}

/**
 * Builds the corpus. Accepted CSRs each need their own key (one key, one CSR), so the RSA-4096
 * keys are made in parallel once; refused ones reuse a key, since they are never stored.
 */
export async function makeCorpus(): Promise<Corpus> {
  const c = new Corpus();
  const rsa4096 = ["rsa-a", "rsa-b", "rsa-c", "rsa-d"];
  await Promise.all([
    ...rsa4096.map((k) =>
      run(
        "openssl",
        ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:4096", "-out", `${k}.key`],
        { cwd: c.dir },
      ),
    ),
    run(
      "openssl",
      [
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:4096",
        "-pkeyopt",
        "rsa_keygen_pubexp:3",
        "-out",
        "rsa-e3.key",
      ],
      { cwd: c.dir },
    ),
  ]);
  const gen = (name: string, args: string[]) =>
    c.openssl(["genpkey", ...args, "-out", `${name}.key`]);
  for (let i = 1; i <= 8; i++)
    gen(`ec-${i}`, [
      "-algorithm",
      "EC",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-pkeyopt",
      "ec_param_enc:named_curve",
    ]);
  gen("rsa2048", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]);
  gen("rsapss", ["-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048"]);
  gen("p384", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"]);
  gen("k256", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1"]);
  gen("brainpool", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:brainpoolP256r1"]);
  gen("explicit", [
    "-algorithm",
    "EC",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-pkeyopt",
    "ec_param_enc:explicit",
  ]);
  gen("ed25519", ["-algorithm", "ED25519"]);
  const k = (name: string) => `${name}.key`;

  const add = (
    x: Omit<CorpusCase, "opensslVerifies" | "warnings" | "refused"> & {
      refused?: string[];
      warnings?: string[];
      opensslVerifies?: boolean | null;
    },
  ) => c.cases.push({ refused: [], warnings: [], opensslVerifies: true, ...x });
  const rsaPpr = canonical(cnFor("RSA", "PPR"));
  const ecPpr = canonical(cnFor("ECDSA", "PPR"));
  const RIGHT_RSA_SUBJ = subj(rsaPpr);

  // --- Accepted, no warning: both key types, both environments.
  add({ name: "RSA 4096, PPR", env: "PPR", key: k("rsa-a"), pem: c.req(k("rsa-a"), rsaPpr) });
  add({
    name: "RSA 4096, PRD",
    env: "PRD",
    key: k("rsa-b"),
    pem: c.req(k("rsa-b"), canonical(cnFor("RSA", "PRD"))),
  });
  add({ name: "ECDSA P-256, PPR", env: "PPR", key: k("ec-1"), pem: c.req(k("ec-1"), ecPpr) });
  add({
    name: "ECDSA P-256, PRD",
    env: "PRD",
    key: k("ec-2"),
    pem: c.req(k("ec-2"), canonical(cnFor("ECDSA", "PRD"))),
  });
  // --- Accepted with a warning.
  add({
    name: "RSA, CN first (order)",
    env: "PPR",
    key: k("rsa-c"),
    pem: c.req(k("rsa-c"), [["CN", cnFor("RSA", "PPR")], ...ORG]),
    warnings: ["subject.order"],
  });
  add({
    name: "ECDSA PRD, OU before O (order)",
    env: "PRD",
    key: k("ec-3"),
    pem: c.req(k("ec-3"), [
      ORG[0]!,
      ORG[1]!,
      ORG[2]!,
      ORG[4]!,
      ORG[3]!,
      ["CN", cnFor("ECDSA", "PRD")],
    ]),
    warnings: ["subject.order"],
  });
  add({
    name: "RSA exponent 3",
    env: "PPR",
    key: k("rsa-e3"),
    pem: c.req(k("rsa-e3"), rsaPpr),
    warnings: ["key.rsa_exponent"],
  });
  add({
    name: "requests serverAuth EKU",
    env: "PPR",
    key: k("ec-4"),
    pem: c.req(k("ec-4"), ecPpr, ["-addext", "extendedKeyUsage=serverAuth"]),
    warnings: ["extension.requested"],
    messageIncludes: [
      "extendedKeyUsage (serverAuth)",
      "Thales decides what the certificate carries",
    ],
  });
  add({
    name: "requests keyCertSign",
    env: "PPR",
    key: k("ec-5"),
    pem: c.req(k("ec-5"), ecPpr, ["-addext", "keyUsage=critical,digitalSignature,keyCertSign"]),
    warnings: ["extension.requested"],
  });
  add({
    name: "requests a SAN",
    env: "PPR",
    key: k("ec-6"),
    pem: c.req(k("ec-6"), ecPpr, ["-addext", "subjectAltName=DNS:gw.example.com"]),
    warnings: ["extension.requested"],
  });
  add({
    name: "requests CA:FALSE and clientAuth",
    env: "PPR",
    key: k("rsa-d"),
    pem: c.req(k("rsa-d"), rsaPpr, [
      "-addext",
      "basicConstraints=CA:FALSE",
      "-addext",
      "extendedKeyUsage=clientAuth",
    ]),
    warnings: ["extension.requested"],
  });
  add({
    name: "order and a SAN, both warnings",
    env: "PRD",
    key: k("ec-7"),
    pem: c.req(
      k("ec-7"),
      [
        ["C", "FR"],
        ["O", "Example Payments, SAS"],
        ["ST", "Ile-de-France"],
        ["L", "Paris"],
        ["OU", "Payments Ops"],
        ["CN", cnFor("ECDSA", "PRD")],
      ],
      ["-addext", "subjectAltName=DNS:gw.example.com"],
    ),
    warnings: ["subject.order", "extension.requested"],
  });

  // --- Subject structure refusals (reuse one RSA key: never stored).
  const a = k("rsa-a");
  add({
    name: "extra emailAddress",
    env: "PPR",
    key: a,
    pem: c.req(a, [...rsaPpr, ["emailAddress", "ops@example.com"]]),
    refused: ["subject.extra_attribute"],
    messageIncludes: ["emailAddress=ops@example.com", `-subj "${RIGHT_RSA_SUBJ}"`],
  });
  add({
    name: "extra serialNumber",
    env: "PPR",
    key: a,
    pem: c.req(a, [...rsaPpr, ["serialNumber", "42"]]),
    refused: ["subject.extra_attribute"],
    messageIncludes: ["serialNumber=42", `-subj "${RIGHT_RSA_SUBJ}"`],
  });
  add({
    name: "extra DC",
    env: "PPR",
    key: a,
    pem: c.req(a, [["DC", "com"], ...rsaPpr]),
    refused: ["subject.extra_attribute"],
    messageIncludes: ["DC=com"],
  });
  add({
    name: "second CN after the right one",
    env: "PPR",
    key: a,
    pem: c.req(a, [...rsaPpr, ["CN", "www.example.com"]]),
    refused: ["subject.repeated_attribute"],
    messageIncludes: ["2 CN attributes", `-subj "${RIGHT_RSA_SUBJ}"`],
  });
  add({
    name: "second CN before the right one",
    env: "PPR",
    key: a,
    pem: c.req(a, [["CN", "www.example.com"], ...rsaPpr]),
    refused: ["subject.repeated_attribute"],
    messageIncludes: ["2 CN attributes", `-subj "${RIGHT_RSA_SUBJ}"`],
  });
  add({
    name: "two OUs",
    env: "PPR",
    key: a,
    pem: c.req(a, [...ORG, ["OU", "Second Unit"], ["CN", cnFor("RSA", "PPR")]]),
    refused: ["subject.repeated_attribute"],
    messageIncludes: [
      "2 OU attributes",
      "OU=Payments Ops, OU=Second Unit",
      `-subj "${RIGHT_RSA_SUBJ}"`,
    ],
  });
  const mv = `${subj(ORG.slice(0, 4))}/OU=Payments Ops+CN=${cnFor("RSA", "PPR").replace(/\//g, "\\/")}`;
  add({
    name: "multi-valued OU+CN",
    env: "PPR",
    key: a,
    pem: c.openssl(["req", "-new", "-key", a, "-multivalue-rdn", "-subj", mv]),
    refused: ["subject.multi_valued_rdn"],
    messageIncludes: ["OU and CN", `-subj "${RIGHT_RSA_SUBJ}"`],
  });
  add({
    name: "missing OU",
    env: "PPR",
    key: a,
    pem: c.req(a, [ORG[0]!, ORG[1]!, ORG[2]!, ORG[3]!, ["CN", cnFor("RSA", "PPR")]]),
    refused: ["subject.missing_field"],
  });
  add({
    name: "lower-case country",
    env: "PPR",
    key: a,
    pem: c.req(a, [["C", "fr"], ...ORG.slice(1), ["CN", cnFor("RSA", "PPR")]]),
    refused: ["subject.country_format"],
  });
  add({
    name: "semicolon in O",
    env: "PPR",
    key: a,
    pem: c.req(a, [
      ...ORG.slice(0, 3),
      ["O", "Example;Payments"],
      ORG[4]!,
      ["CN", cnFor("RSA", "PPR")],
    ]),
    refused: ["subject.forbidden_characters"],
  });
  // --- The CN against the template.
  add({
    name: "PPR CN sent to PRD",
    env: "PRD",
    key: a,
    pem: c.req(a, rsaPpr),
    refused: ["subject.cn_mismatch"],
    messageIncludes: ["TLSMA-RSA/MGW_000001/PRD"],
  });
  add({
    name: "ECDSA key with an RSA CN",
    env: "PPR",
    key: k("ec-8"),
    pem: c.req(k("ec-8"), rsaPpr),
    refused: ["subject.cn_mismatch"],
    messageIncludes: ["TLSMA-ECDSA/MGW_000001/PPR"],
  });
  add({
    name: "another gateway's CN",
    env: "PPR",
    key: a,
    pem: c.req(a, canonical(cnFor("RSA", "PPR", "MGW_000002"))),
    refused: ["subject.cn_mismatch"],
  });
  add({
    name: "a host name as CN",
    env: "PPR",
    key: a,
    pem: c.req(a, canonical("gw.example.com")),
    refused: ["subject.cn_mismatch"],
  });
  // --- Key and signature.
  add({
    name: "RSA 2048",
    env: "PPR",
    key: k("rsa2048"),
    pem: c.req(k("rsa2048"), rsaPpr),
    refused: ["key.rsa_size"],
  });
  add({
    name: "RSA-PSS key (rsassaPss SPKI)",
    env: "PPR",
    key: k("rsapss"),
    pem: c.req(k("rsapss"), rsaPpr),
    refused: ["key.rsa_pss"],
    messageIncludes: ["rsassaPss", "not checked"],
  });
  add({
    name: "RSASSA-PSS signature on an rsaEncryption key",
    env: "PPR",
    key: a,
    pem: c.req(a, rsaPpr, ["-sha256", "-sigopt", "rsa_padding_mode:pss"]),
    refused: ["signature.rsassa_pss"],
    messageIncludes: ["RSASSA-PSS", "not checked"],
  });
  add({
    name: "secp256k1",
    env: "PPR",
    key: k("k256"),
    pem: c.req(k("k256"), ecPpr),
    refused: ["key.ec_curve"],
    messageIncludes: ["curve secp256k1", "signature was not checked"],
  });
  add({
    name: "brainpoolP256r1",
    env: "PPR",
    key: k("brainpool"),
    pem: c.req(k("brainpool"), ecPpr),
    refused: ["key.ec_curve"],
    messageIncludes: ["curve brainpoolP256r1", "signature was not checked"],
  });
  add({
    name: "P-256 with explicit parameters",
    env: "PPR",
    key: k("explicit"),
    pem: c.req(k("explicit"), ecPpr),
    refused: ["key.ec_curve"],
    messageIncludes: [
      "curve explicit parameters",
      "named curve P-256",
      "signature was not checked",
    ],
  });
  add({
    name: "P-384",
    env: "PPR",
    key: k("p384"),
    pem: c.req(k("p384"), ecPpr),
    refused: ["key.ec_curve"],
  });
  add({
    name: "Ed25519",
    env: "PPR",
    key: k("ed25519"),
    pem: c.req(k("ed25519"), ecPpr),
    refused: ["key.type_not_allowed", "signature.hash_not_sha256"],
  });
  add({
    name: "RSA SHA-1",
    env: "PPR",
    key: a,
    pem: c.req(a, rsaPpr, ["-sha1"]),
    refused: ["signature.hash_not_sha256"],
  });
  add({
    name: "RSA SHA-512",
    env: "PPR",
    key: a,
    pem: c.req(a, rsaPpr, ["-sha512"]),
    refused: ["signature.hash_not_sha256"],
  });
  add({
    name: "ECDSA SHA-384",
    env: "PPR",
    key: k("ec-1"),
    pem: c.req(k("ec-1"), ecPpr, ["-sha384"]),
    refused: ["signature.hash_not_sha256"],
  });
  add({
    name: "RSA, tampered signature",
    env: "PPR",
    pem: tamper(c.req(a, rsaPpr)),
    refused: ["signature.invalid"],
    opensslVerifies: false,
  });
  add({
    name: "ECDSA, tampered signature",
    env: "PPR",
    pem: tamper(c.req(k("ec-1"), ecPpr)),
    refused: ["signature.invalid"],
    opensslVerifies: false,
  });
  // --- Requested extensions.
  add({
    name: "asks to be a CA",
    env: "PPR",
    key: a,
    pem: c.req(a, rsaPpr, ["-addext", "basicConstraints=critical,CA:TRUE"]),
    refused: ["extension.ca_requested"],
    messageIncludes: ["basicConstraints CA:TRUE"],
  });
  add({
    name: "asks to be a CA, with pathlen and keyCertSign",
    env: "PPR",
    key: k("ec-1"),
    pem: c.req(k("ec-1"), ecPpr, [
      "-addext",
      "basicConstraints=critical,CA:TRUE,pathlen:0",
      "-addext",
      "keyUsage=keyCertSign",
    ]),
    refused: ["extension.ca_requested"],
  });
  // --- Several at once: every reason is listed.
  add({
    name: "RSA 2048, SHA-1, emailAddress",
    env: "PPR",
    key: k("rsa2048"),
    pem: c.req(k("rsa2048"), [...rsaPpr, ["emailAddress", "a@b.c"]], ["-sha1"]),
    refused: ["key.rsa_size", "signature.hash_not_sha256", "subject.extra_attribute"],
  });
  // --- Not a CSR at all.
  c.openssl([
    "req",
    "-x509",
    "-new",
    "-key",
    a,
    "-subj",
    "/CN=not a csr",
    "-days",
    "1",
    "-out",
    "cert.pem",
  ]);
  add({
    name: "a certificate",
    env: "PPR",
    pem: readFileSync(c.path("cert.pem"), "utf8"),
    refused: ["input.not_a_csr"],
    opensslVerifies: null,
  });
  add({
    name: "a private key",
    env: "PPR",
    pem: readFileSync(c.path(k("ec-1")), "utf8"),
    refused: ["input.private_key"],
    opensslVerifies: null,
  });
  add({
    name: "a CSR with its private key pasted after it",
    env: "PPR",
    pem: c.req(k("ec-1"), ecPpr) + readFileSync(c.path(k("ec-1")), "utf8"),
    refused: ["input.private_key"],
    opensslVerifies: null,
  });
  writeFileSync(
    c.path("garbage.txt"),
    "-----BEGIN CERTIFICATE REQUEST-----\nnot base64 at all\n-----END CERTIFICATE REQUEST-----\n",
  );
  add({
    name: "garbage inside PEM armour",
    env: "PPR",
    pem: readFileSync(c.path("garbage.txt"), "utf8"),
    refused: ["input.undecodable"],
    opensslVerifies: null,
  });
  return c;
}
