// TEST-ONLY (Node APIs through the openssl fixtures): server chains for the server chain change
// tests, unit and e2e alike. All chain to the fixtures' Amazon-like test root (a private CA).
import type { CaFixtures } from "@/lib/pki/test-support/ca";

export type ServerChains = {
  /** The fixtures' own server chain (CN=d1.example.test): the one in service. */
  chainA: string;
  /** A new server certificate (CN=api-b.example.test) with the same CAs, as PEM and DER PKCS#7. */
  chainB: string;
  chainBp7bDer: Uint8Array;
  leafB: string;
  /** Another one (CN=api-c.example.test). */
  chainC: string;
  /** A server certificate that expired 10 days ago, with its CAs. */
  expiredChain: string;
};

const DAY = 86_400_000;
const stamp = (ms: number) => `${new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;

/** Issues server certificates (serverAuth, SANs) from the fixtures' Amazon-like intermediate. */
export function makeServerChains(fx: CaFixtures): ServerChains {
  const issue = (name: string, cn: string, fromMs: number, toMs: number) => {
    fx.ssl.run([
      "genpkey",
      "-algorithm",
      "EC",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-out",
      `${name}.key`,
    ]);
    fx.ssl.run([
      "req",
      "-new",
      "-config",
      "ca.cnf",
      "-key",
      `${name}.key`,
      "-sha256",
      "-subj",
      `/CN=${cn}`,
      "-out",
      `${name}.csr`,
    ]);
    fx.ssl.run([
      "ca",
      "-batch",
      "-config",
      "ca.cnf",
      "-notext",
      "-preserveDN",
      "-cert",
      "amazon-int.pem",
      "-keyfile",
      "amazon-int.key",
      "-in",
      `${name}.csr`,
      "-out",
      `${name}.pem`,
      "-extensions",
      "v3_server",
      "-startdate",
      stamp(fromMs),
      "-enddate",
      stamp(toMs),
    ]);
    return fx.ssl.read(`${name}.pem`);
  };
  const now = Date.now();
  const cas = fx.amazonIntermediate + fx.amazonRoot;
  const leafB = issue("server-b", "api-b.example.test", now - DAY, now + 398 * DAY);
  const leafC = issue("server-c", "api-c.example.test", now - DAY, now + 398 * DAY);
  const expired = issue("server-old", "api-old.example.test", now - 500 * DAY, now - 10 * DAY);
  fx.ssl.write("chain-b.pem", leafB + cas);
  fx.ssl.run([
    "crl2pkcs7",
    "-nocrl",
    "-certfile",
    "chain-b.pem",
    "-outform",
    "DER",
    "-out",
    "chain-b.p7b",
  ]);
  return {
    chainA: fx.amazonLeaf + cas,
    chainB: leafB + cas,
    chainBp7bDer: fx.ssl.readBytes("chain-b.p7b"),
    leafB,
    chainC: leafC + cas,
    expiredChain: expired + cas,
  };
}
