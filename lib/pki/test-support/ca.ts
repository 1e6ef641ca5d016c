// TEST-ONLY (Node APIs allowed): a small PKI made with the openssl CLI — a Thales-like root and
// issuing CA with good and bad client certificates, an Amazon-like server chain, PKCS#7 bundles,
// garbage — so parse, bundle, chain and policy tests run on what real tools produce.
import { ECDSA_CN, OpenSslDir, opensslSubj, ORG, RSA_CN } from "./openssl";

export interface CaFixtures {
  ssl: OpenSslDir;
  /** Thales-like root (ECDSA P-384, self-signed) and issuing CA (RSA 2048, pathlen 0). */
  root: string;
  issuing: string;
  /** P-256 key and its CSR with the partner DN; `good` was issued from this CSR. */
  clientKey: string;
  clientCsr: string;
  good: string;
  /** Bad client certificates, all issued by `issuing` unless said otherwise. */
  rsa2048: string;
  rsa2048Csr: string;
  sha1: string;
  oneYear: string;
  expired: string;
  notYetValid: string;
  serverAuthOnly: string;
  noEku: string;
  /** Signed with RSASSA-PSS (SHA-256) by the issuing CA. */
  pss: string;
  /** An unrelated root and a client certificate (same DN and key as `good`) it issued. */
  unrelatedCa: string;
  unrelated: string;
  /** An issuing CA that expired, and a (still valid) leaf it issued while it was valid. */
  expiredIssuing: string;
  underExpiredIssuing: string;
  /** A leaf whose "issuer" is the good client certificate (not a CA). */
  issuedByLeaf: string;
  /** Amazon-like server chain: root → intermediate → server leaf with SANs. */
  amazonRoot: string;
  amazonIntermediate: string;
  amazonLeaf: string;
  /** A self-signed, non-CA client certificate (as "classic" Thales profiles use). */
  selfSignedLeaf: string;
  /** good + issuing + root as PEM, and as PKCS#7 (PEM text and DER bytes). */
  chainPem: string;
  p7bPem: string;
  p7bDer: Uint8Array;
  garbage: Uint8Array;
  /** 10 MB of bytes that look like PEM text. */
  huge: Uint8Array;
}

const DAY = 86_400_000;

/** openssl ca's -startdate/-enddate format. */
function stamp(ms: number): string {
  return `${new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;
}

const CONFIG = `
[req]
distinguished_name = dn
[dn]
[ca]
default_ca = ca_default
[ca_default]
dir = .
database = ./index.txt
new_certs_dir = .
serial = ./serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no
[policy_any]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
[v3_root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_issuing]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_server_only]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_no_eku]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:d1.example.test, DNS:*.d1.example.test, IP:192.0.2.10
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

export function makeCaFixtures(): CaFixtures {
  const ssl = new OpenSslDir();
  const run = (...args: string[]) => ssl.run(args);
  ssl.write("ca.cnf", CONFIG);
  ssl.write("index.txt", "");
  ssl.write("serial", "1000\n");
  const now = Date.now();

  const key = (name: string, spec: "P-256" | "P-384" | "RSA2048") => {
    const opts =
      spec === "RSA2048"
        ? ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]
        : ["-algorithm", "EC", "-pkeyopt", `ec_paramgen_curve:${spec}`];
    run("genpkey", ...opts, "-out", name);
  };
  const csr = (keyFile: string, subj: string, out: string) => {
    run("req", "-new", "-config", "ca.cnf", "-key", keyFile, "-sha256", "-subj", subj, "-out", out);
    return ssl.read(out);
  };
  // `ca -selfsign` rather than `req -x509`, so that roots can start in the past like real ones.
  const selfSigned = (keyFile: string, subj: string, ext: string, out: string) => {
    csr(keyFile, subj, `${out}.csr`);
    run(
      "ca",
      "-batch",
      "-config",
      "ca.cnf",
      "-notext",
      "-preserveDN",
      "-selfsign",
      "-keyfile",
      keyFile,
      "-in",
      `${out}.csr`,
      "-out",
      out,
      "-extensions",
      ext,
      "-startdate",
      stamp(now - 3650 * DAY),
      "-enddate",
      stamp(now + 7300 * DAY),
    );
    return ssl.read(out);
  };
  /** Issues `csrFile` with `openssl ca`, which (unlike `x509 -req`) can set both dates. */
  const issue = (o: {
    csr: string;
    caCert: string;
    caKey: string;
    ext: string;
    out: string;
    from?: number;
    to?: number;
    md?: string;
    extra?: string[];
  }) => {
    run(
      "ca",
      "-batch",
      "-config",
      "ca.cnf",
      "-notext",
      "-preserveDN",
      "-cert",
      o.caCert,
      "-keyfile",
      o.caKey,
      "-in",
      o.csr,
      "-out",
      o.out,
      "-extensions",
      o.ext,
      "-md",
      o.md ?? "sha256",
      "-startdate",
      stamp(o.from ?? now - DAY),
      "-enddate",
      stamp(o.to ?? now - DAY + 1826 * DAY),
      ...(o.extra ?? []),
    );
    return ssl.read(o.out);
  };

  key("root.key", "P-384");
  key("issuing.key", "RSA2048");
  key("client.key", "P-256");
  key("rsa2048.key", "RSA2048");
  key("other.key", "P-256");
  key("amazon-root.key", "P-256");
  key("amazon-int.key", "P-256");
  key("server.key", "P-256");

  const partnerDn = opensslSubj({ ...ORG, CN: ECDSA_CN });
  const root = selfSigned(
    "root.key",
    "/C=FR/O=Thales Test/CN=Thales Test Root CA",
    "v3_root",
    "root.pem",
  );
  csr("issuing.key", "/C=FR/O=Thales Test/CN=Thales Test Issuing CA", "issuing.csr");
  const issuing = issue({
    csr: "issuing.csr",
    caCert: "root.pem",
    caKey: "root.key",
    ext: "v3_issuing",
    out: "issuing.pem",
    to: now + 3650 * DAY,
  });

  const clientCsr = csr("client.key", partnerDn, "client.csr");
  const rsa2048Csr = csr("rsa2048.key", opensslSubj({ ...ORG, CN: RSA_CN }), "rsa2048.csr");
  const byIssuing = { caCert: "issuing.pem", caKey: "issuing.key" };
  const good = issue({ ...byIssuing, csr: "client.csr", ext: "v3_client", out: "good.pem" });
  const rsa2048 = issue({ ...byIssuing, csr: "rsa2048.csr", ext: "v3_client", out: "rsa2048.pem" });
  const sha1 = issue({
    ...byIssuing,
    csr: "client.csr",
    ext: "v3_client",
    out: "sha1.pem",
    md: "sha1",
  });
  const oneYear = issue({
    ...byIssuing,
    csr: "client.csr",
    ext: "v3_client",
    out: "one-year.pem",
    to: now - DAY + 365 * DAY,
  });
  const expired = issue({
    ...byIssuing,
    csr: "client.csr",
    ext: "v3_client",
    out: "expired.pem",
    from: now - 1900 * DAY,
    to: now - 74 * DAY,
  });
  const notYetValid = issue({
    ...byIssuing,
    csr: "client.csr",
    ext: "v3_client",
    out: "future.pem",
    from: now + 30 * DAY,
    to: now + 1856 * DAY,
  });
  const serverAuthOnly = issue({
    ...byIssuing,
    csr: "client.csr",
    ext: "v3_server_only",
    out: "server-only.pem",
  });
  const noEku = issue({ ...byIssuing, csr: "client.csr", ext: "v3_no_eku", out: "no-eku.pem" });
  const pss = issue({
    ...byIssuing,
    csr: "client.csr",
    ext: "v3_client",
    out: "pss.pem",
    extra: ["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32"],
  });

  const unrelatedCa = selfSigned(
    "other.key",
    "/C=FR/O=Thales Test/CN=Thales Test Issuing CA",
    "v3_root",
    "other-ca.pem",
  );
  const unrelated = issue({
    csr: "client.csr",
    caCert: "other-ca.pem",
    caKey: "other.key",
    ext: "v3_client",
    out: "unrelated.pem",
  });

  csr("other.key", "/C=FR/O=Thales Test/CN=Old Issuing CA", "old-issuing.csr");
  const expiredIssuing = issue({
    csr: "old-issuing.csr",
    caCert: "root.pem",
    caKey: "root.key",
    ext: "v3_issuing",
    out: "old-issuing.pem",
    from: now - 800 * DAY,
    to: now - 10 * DAY,
  });
  const underExpiredIssuing = issue({
    csr: "client.csr",
    caCert: "old-issuing.pem",
    caKey: "other.key",
    ext: "v3_client",
    out: "under-old.pem",
    from: now - 700 * DAY,
    to: now + 1000 * DAY,
  });
  const issuedByLeaf = issue({
    csr: "rsa2048.csr",
    caCert: "good.pem",
    caKey: "client.key",
    ext: "v3_client",
    out: "by-leaf.pem",
  });

  const amazonRoot = selfSigned(
    "amazon-root.key",
    "/C=US/O=Amazon Test/CN=Amazon Test Root CA 1",
    "v3_root",
    "amazon-root.pem",
  );
  csr("amazon-int.key", "/C=US/O=Amazon Test/CN=Amazon Test RSA 2048 M01", "amazon-int.csr");
  const amazonIntermediate = issue({
    csr: "amazon-int.csr",
    caCert: "amazon-root.pem",
    caKey: "amazon-root.key",
    ext: "v3_issuing",
    out: "amazon-int.pem",
    to: now + 3000 * DAY,
  });
  csr("server.key", "/CN=d1.example.test", "server.csr");
  const amazonLeaf = issue({
    csr: "server.csr",
    caCert: "amazon-int.pem",
    caKey: "amazon-int.key",
    ext: "v3_server",
    out: "amazon-leaf.pem",
    to: now + 395 * DAY,
  });

  const selfSignedLeaf = selfSigned("client.key", partnerDn, "v3_client", "self-signed.pem");

  const chainPem = good + issuing + root;
  ssl.write("chain.pem", chainPem);
  run("crl2pkcs7", "-nocrl", "-certfile", "chain.pem", "-out", "chain.p7b");
  run("crl2pkcs7", "-nocrl", "-certfile", "chain.pem", "-outform", "DER", "-out", "chain.p7b.der");

  const huge = new Uint8Array(10 * 1024 * 1024).fill(0x41);
  return {
    ssl,
    root,
    issuing,
    clientKey: ssl.read("client.key"),
    clientCsr,
    good,
    rsa2048,
    rsa2048Csr,
    sha1,
    oneYear,
    expired,
    notYetValid,
    serverAuthOnly,
    noEku,
    pss,
    unrelatedCa,
    unrelated,
    expiredIssuing,
    underExpiredIssuing,
    issuedByLeaf,
    amazonRoot,
    amazonIntermediate,
    amazonLeaf,
    selfSignedLeaf,
    chainPem,
    p7bPem: ssl.read("chain.p7b"),
    p7bDer: ssl.readBytes("chain.p7b.der"),
    garbage: new Uint8Array(Array.from({ length: 700 }, (_, i) => (i * 131 + 7) % 256)),
    huge,
  };
}
