// TEST-ONLY helpers (Node APIs allowed here, never imported by lib code): run the openssl
// CLI in a temporary directory to produce real-world fixtures and to cross-check our output.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toPem } from "../pem";

export class OpenSslDir {
  readonly dir = mkdtempSync(join(tmpdir(), "pki-test-"));

  path(name: string): string {
    return join(this.dir, name);
  }

  /** Runs openssl with `args` (cwd = the temp dir) and returns stdout; throws with stderr on failure. */
  run(args: string[], input?: string | Uint8Array): string {
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

  /** Like run, but returns stdout and stderr together (some commands report on stderr). */
  runAll(args: string[], input?: string | Uint8Array): string {
    const result = spawnSync("openssl", args, { cwd: this.dir, input });
    if (result.status !== 0)
      throw new Error(`openssl ${args.join(" ")} failed: ${result.stderr?.toString()}`);
    return `${result.stderr.toString()}\n${result.stdout.toString()}`;
  }

  write(name: string, data: string | Uint8Array): string {
    writeFileSync(this.path(name), data);
    return this.path(name);
  }

  read(name: string): string {
    return readFileSync(this.path(name), "utf8");
  }

  readBytes(name: string): Uint8Array {
    return new Uint8Array(readFileSync(this.path(name)));
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** OpenSSL -subj for the partner DN; slashes inside values are escaped as OpenSSL requires. */
export function opensslSubj(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `/${k}=${v.replace(/\//g, "\\/")}`)
    .join("");
}

export const ORG = {
  C: "FR",
  ST: "Ile-de-France",
  L: "Paris",
  O: "Example Payments, SAS",
  OU: "Payments Ops",
};
export const RSA_CN = "TLSMA-RSA/MGW_000001/PPR";
export const ECDSA_CN = "TLSMA-ECDSA/MGW_000001/PPR";

export interface CsrFixtures {
  ssl: OpenSslDir;
  rsa4096: string;
  rsa2048: string;
  sha1: string;
  ecP256: string;
  ecP384: string;
  wrongCn: string;
  tampered: string;
  certificate: string;
  privateKey: string;
  garbage: Uint8Array;
}

/** Generates the standard CSR fixture set (one RSA-4096 key, reused: generation is slow). */
export function makeCsrFixtures(): CsrFixtures {
  const ssl = new OpenSslDir();
  ssl.run([
    "genpkey",
    "-algorithm",
    "RSA",
    "-pkeyopt",
    "rsa_keygen_bits:4096",
    "-out",
    "rsa4096.key",
  ]);
  ssl.run([
    "genpkey",
    "-algorithm",
    "RSA",
    "-pkeyopt",
    "rsa_keygen_bits:2048",
    "-out",
    "rsa2048.key",
  ]);
  ssl.run([
    "genpkey",
    "-algorithm",
    "EC",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-out",
    "ec256.key",
  ]);
  ssl.run([
    "genpkey",
    "-algorithm",
    "EC",
    "-pkeyopt",
    "ec_paramgen_curve:P-384",
    "-out",
    "ec384.key",
  ]);
  const req = (key: string, cn: string, out: string, digest = "-sha256") => {
    ssl.run([
      "req",
      "-new",
      "-key",
      key,
      digest,
      "-subj",
      opensslSubj({ ...ORG, CN: cn }),
      "-out",
      out,
    ]);
    return ssl.read(out);
  };
  return {
    ssl,
    rsa4096: req("rsa4096.key", RSA_CN, "rsa4096.csr"),
    rsa2048: req("rsa2048.key", RSA_CN, "rsa2048.csr"),
    sha1: req("rsa4096.key", RSA_CN, "sha1.csr", "-sha1"),
    ecP256: req("ec256.key", ECDSA_CN, "ec256.csr"),
    ecP384: req("ec384.key", ECDSA_CN, "ec384.csr"),
    wrongCn: req("rsa4096.key", "www.example.com", "wrongcn.csr"),
    tampered: tamper(ssl, "rsa4096.csr"),
    certificate: selfSigned(ssl, "rsa2048.key"),
    privateKey: ssl.read("rsa4096.key"),
    garbage: new Uint8Array(Array.from({ length: 300 }, (_, i) => (i * 73 + 11) % 256)),
  };
}

/** The CSR with the last byte of its signature flipped: structure intact, signature broken. */
function tamper(ssl: OpenSslDir, csrFile: string): string {
  ssl.run(["req", "-in", csrFile, "-outform", "DER", "-out", `${csrFile}.der`]);
  const der = ssl.readBytes(`${csrFile}.der`);
  der[der.length - 1]! ^= 0x01;
  return toPem("CERTIFICATE REQUEST", der);
}

function selfSigned(ssl: OpenSslDir, keyFile: string): string {
  ssl.run([
    "req",
    "-x509",
    "-new",
    "-key",
    keyFile,
    "-subj",
    "/CN=not a csr",
    "-days",
    "1",
    "-out",
    "cert.pem",
  ]);
  return ssl.read("cert.pem");
}
