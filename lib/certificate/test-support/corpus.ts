// TEST-ONLY (Node APIs allowed): the certificate corpus of issue 14, made with the openssl CLI
// only (`openssl req`, `openssl x509 -req`, `openssl ca`), never with lib/pki, each case with the
// verdict it must get and what `openssl verify` says about it against the environment's store.
import { OpenSslDir, opensslSubj, ORG } from "@/lib/pki/test-support/openssl";

export type Env = "PPR" | "PRD";
export type Verdict = "compliant" | "unverified" | "non_compliant";

export interface CorpusCase {
  name: string;
  /** PPR's client-cert-issuers holds the test root and issuing CA; PRD's is empty. */
  env: Env;
  /** What is uploaded: PEM texts, one per file. */
  files: string[];
  /** A CSR (PEM) to register in the environment before the import. */
  csrBefore?: string;
  expected: {
    verdict: Verdict;
    adopted: boolean;
    /** The chain check's reason code. */
    chain: string;
    /** The codes of the failed checks, sorted ([] unless non_compliant by a non-chain check). */
    failed: string[];
    /** Reasons expected among the checks (key.rsa_pss, subject.cn_template, csr.key_mismatch, …). */
    reasons?: string[];
    /** Several leaves: the verdict of each, in upload order, or "duplicate" when refused as one. */
    each?: (Verdict | "duplicate")[];
  };
  /** `openssl verify -CAfile <env store> [-untrusted <upload CAs>] leaf`: "OK" or the error it prints. */
  openssl: string;
  /** Also `-purpose sslclient` (TLS client use): "OK" or the error. */
  opensslClient?: string;
  /** What openssl verify printed, filled by makeCorpus. */
  opensslOutput?: string;
  opensslClientOutput?: string;
}

const DAY = 86_400_000;
const MGW = "MGW_000001";
const cn = (keyType: "RSA" | "ECDSA", env: Env) => `TLSMA-${keyType}/${MGW}/${env}`;
const stamp = (ms: number) => `${new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;

const EXTENSIONS = `
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[server_only]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
[self_client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
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
[policy_any]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
[req]
distinguished_name = dn
[dn]
`;

export interface Corpus {
  ssl: OpenSslDir;
  cases: CorpusCase[];
  /** The PEM of the test root and issuing CA (PPR's store). */
  root: string;
  issuing: string;
  /** The private key PEM (a bad input). */
  privateKey: string;
}

export function makeCorpus(): Corpus {
  const ssl = new OpenSslDir();
  const run = (...args: string[]) => ssl.run(args);
  ssl.write("x.cnf", EXTENSIONS);
  ssl.write("index.txt", "");
  ssl.write("serial", "2000\n");
  const now = Date.now();
  let n = 0;

  const key = (name: string, spec: "P-256" | "P-384" | "RSA2048" | "RSA4096" | "PSS4096") => {
    const opts =
      spec === "RSA2048"
        ? ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]
        : spec === "RSA4096"
          ? ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:4096"]
          : spec === "PSS4096"
            ? ["-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:4096"]
            : ["-algorithm", "EC", "-pkeyopt", `ec_paramgen_curve:${spec}`];
    run("genpkey", ...opts, "-out", name);
    return name;
  };
  const req = (keyFile: string, subj: string) => {
    const out = `r${++n}.csr`;
    run("req", "-new", "-config", "x.cnf", "-key", keyFile, "-sha256", "-subj", subj, "-out", out);
    return out;
  };
  const partner = (keyType: "RSA" | "ECDSA", env: Env) =>
    opensslSubj({ ...ORG, CN: cn(keyType, env) });
  /** `openssl x509 -req`: starts now, 1826 days (5 years). */
  const sign = (
    csr: string,
    ca: { cert: string; key: string },
    ext = "client",
    extra: string[] = [],
  ) => {
    const out = `c${++n}.pem`;
    run(
      "x509",
      "-req",
      "-in",
      csr,
      "-CA",
      ca.cert,
      "-CAkey",
      ca.key,
      "-CAcreateserial",
      "-days",
      "1826",
      "-sha256",
      "-extfile",
      "x.cnf",
      "-extensions",
      ext,
      ...extra,
      "-out",
      out,
    );
    return ssl.read(out);
  };
  /** `openssl ca`, which sets both dates (old or expired certificates). */
  const caSign = (csr: string, ca: { cert: string; key: string }, from: number, to: number) => {
    const out = `c${++n}.pem`;
    run(
      "ca",
      "-batch",
      "-config",
      "x.cnf",
      "-notext",
      "-preserveDN",
      "-cert",
      ca.cert,
      "-keyfile",
      ca.key,
      "-in",
      csr,
      "-out",
      out,
      "-extensions",
      "client",
      "-md",
      "sha256",
      "-startdate",
      stamp(from),
      "-enddate",
      stamp(to),
    );
    return ssl.read(out);
  };

  // The test PKI: root → issuing CA (RSA, so that it can also sign with PSS) → sub-CA; another root.
  key("root.key", "P-256");
  run(
    "req",
    "-x509",
    "-new",
    "-config",
    "x.cnf",
    "-key",
    "root.key",
    "-sha256",
    "-days",
    "7300",
    "-subj",
    "/C=FR/O=Corpus Thales/CN=Corpus Thales Root CA",
    "-extensions",
    "ca_ext",
    "-out",
    "root.pem",
  );
  const rootCa = { cert: "root.pem", key: "root.key" };
  key("issuing.key", "RSA2048");
  ssl.write(
    "issuing.pem",
    sign(req("issuing.key", "/C=FR/O=Corpus Thales/CN=Corpus Thales Issuing CA"), rootCa, "ca_ext"),
  );
  const issuing = { cert: "issuing.pem", key: "issuing.key" };
  key("sub.key", "P-256");
  ssl.write(
    "sub.pem",
    sign(req("sub.key", "/C=FR/O=Corpus Thales/CN=Corpus Thales Sub CA"), issuing, "ca_ext"),
  );
  const sub = { cert: "sub.pem", key: "sub.key" };
  key("other.key", "P-256");
  run(
    "req",
    "-x509",
    "-new",
    "-config",
    "x.cnf",
    "-key",
    "other.key",
    "-sha256",
    "-days",
    "7300",
    "-subj",
    "/C=FR/O=Someone Else/CN=Other Root CA",
    "-extensions",
    "ca_ext",
    "-out",
    "other.pem",
  );
  const other = { cert: "other.pem", key: "other.key" };
  const [rootPem, issuingPem, subPem, otherPem] = [
    "root.pem",
    "issuing.pem",
    "sub.pem",
    "other.pem",
  ].map((f) => ssl.read(f)) as [string, string, string, string];

  key("ec.key", "P-256"); // adopted ECDSA certificates (old: made before any CSR here)
  key("rsa.key", "RSA4096"); // adopted RSA certificates and the self-signed one
  key("matched.key", "P-256");
  key("csr-b.key", "P-256");
  key("mismatch.key", "P-256");
  key("rsa2048.key", "RSA2048");
  key("p384.key", "P-384");
  key("pss.key", "PSS4096");

  // Adopted certificates of an estate already live: issued two years ago, for five years.
  const old = (keyFile: string, keyType: "RSA" | "ECDSA", env: Env, ca = issuing) =>
    caSign(req(keyFile, partner(keyType, env)), ca, now - 730 * DAY, now - 730 * DAY + 1826 * DAY);
  const ecPpr = () => req("ec.key", partner("ECDSA", "PPR"));

  const signedByStore = old("ec.key", "ECDSA", "PPR");
  const matchedCsrFile = req("matched.key", partner("ECDSA", "PPR"));
  const csrB = req("csr-b.key", partner("ECDSA", "PPR"));
  const bundleRsa = old("rsa.key", "RSA", "PPR");

  const ok = (chain = "issuers.verified") => ({
    verdict: "compliant" as const,
    adopted: true,
    chain,
    failed: [],
  });
  const fails = (failed: string[], reasons: string[] = [], chain = "issuers.verified") => ({
    verdict: "non_compliant" as const,
    adopted: true,
    chain,
    failed,
    reasons,
  });
  const UNABLE = "unable to get local issuer certificate";

  const cases: CorpusCase[] = [
    {
      name: "signed by the store's issuing CA, no CSR: compliant, adopted",
      env: "PPR",
      files: [signedByStore],
      expected: { ...ok(), reasons: ["csr.adopted"] },
      openssl: "OK",
      opensslClient: "OK",
    },
    {
      name: "RSA 4096 adopted, chain through the upload's intermediate",
      env: "PPR",
      files: [old("rsa.key", "RSA", "PPR") + issuingPem],
      expected: ok(),
      openssl: "OK",
      opensslClient: "OK",
    },
    {
      name: "intermediate chain: issued by a sub-CA that came in the upload",
      env: "PPR",
      files: [old("ec.key", "ECDSA", "PPR", sub) + subPem],
      expected: ok(),
      openssl: "OK",
    },
    {
      name: "intermediate missing from the upload: another CA as far as the store knows",
      env: "PPR",
      files: [old("ec.key", "ECDSA", "PPR", sub)],
      expected: fails(["cert.chain_verifies"], [], "issuers.not_in_store"),
      openssl: UNABLE,
    },
    {
      name: "matched CSR: compliant, not adopted",
      env: "PPR",
      csrBefore: ssl.read(matchedCsrFile),
      files: [sign(matchedCsrFile, issuing)],
      expected: {
        verdict: "compliant",
        adopted: false,
        chain: "issuers.verified",
        failed: [],
        reasons: ["csr.matched"],
      },
      openssl: "OK",
      opensslClient: "OK",
    },
    {
      name: "store empty: unverified",
      env: "PRD",
      files: [old("ec.key", "ECDSA", "PRD")],
      expected: { verdict: "unverified", adopted: true, chain: "issuers.store_empty", failed: [] },
      openssl: UNABLE,
    },
    {
      name: "CA only inside the upload (store empty): unverified",
      env: "PRD",
      files: [old("ec.key", "ECDSA", "PRD") + issuingPem + rootPem],
      expected: {
        verdict: "unverified",
        adopted: true,
        chain: "issuers.ca_only_in_upload",
        failed: [],
      },
      openssl: "self-signed certificate in certificate chain",
    },
    {
      name: "self-signed RSA 4096, 5 years, clientAuth: never compliant",
      env: "PRD",
      files: [
        (() => {
          run(
            "req",
            "-x509",
            "-new",
            "-config",
            "x.cnf",
            "-key",
            "rsa.key",
            "-sha256",
            "-days",
            "1826",
            "-subj",
            partner("RSA", "PRD"),
            "-extensions",
            "self_client",
            "-out",
            "self.pem",
          );
          return ssl.read("self.pem");
        })(),
      ],
      expected: fails(["cert.chain_verifies"], [], "issuers.self_signed"),
      openssl: "self-signed certificate",
    },
    {
      name: "wrong CA (not in the store, not uploaded)",
      env: "PPR",
      files: [old("ec.key", "ECDSA", "PPR", other)],
      expected: fails(["cert.chain_verifies"], [], "issuers.not_in_store"),
      openssl: UNABLE,
    },
    {
      name: "wrong CA that came in the upload: unverified until an admin trusts it",
      env: "PPR",
      files: [old("ec.key", "ECDSA", "PPR", other) + otherPem],
      expected: {
        verdict: "unverified",
        adopted: true,
        chain: "issuers.ca_only_in_upload",
        failed: [],
      },
      openssl: "self-signed certificate in certificate chain",
    },
    {
      name: "expired",
      env: "PPR",
      files: [caSign(ecPpr(), issuing, now - 1900 * DAY, now - 74 * DAY)],
      expected: fails(["cert.valid_now"]),
      openssl: "certificate has expired",
    },
    {
      name: "no clientAuth (serverAuth only)",
      env: "PPR",
      files: [sign(ecPpr(), issuing, "server_only")],
      expected: fails(["cert.eku_client_auth"]),
      openssl: "OK",
      opensslClient: "unsuitable certificate purpose",
    },
    {
      name: "RSA 2048",
      env: "PPR",
      files: [sign(req("rsa2048.key", partner("RSA", "PPR")), issuing)],
      expected: fails(["cert.key_allowed"]),
      openssl: "OK",
    },
    {
      name: "ECDSA P-384",
      env: "PPR",
      files: [sign(req("p384.key", partner("ECDSA", "PPR")), issuing)],
      expected: fails(["cert.key_allowed"]),
      openssl: "OK",
    },
    {
      name: "RSA-PSS key (rsassaPss SPKI)",
      env: "PPR",
      files: [sign(req("pss.key", partner("RSA", "PPR")), issuing)],
      expected: fails(["cert.key_allowed"], ["key.rsa_pss"]),
      openssl: "OK",
    },
    {
      name: "RSA-PSS signature by the CA",
      env: "PPR",
      files: [
        sign(ecPpr(), issuing, "client", [
          "-sigopt",
          "rsa_padding_mode:pss",
          "-sigopt",
          "rsa_pss_saltlen:32",
        ]),
      ],
      expected: fails(["cert.signature_sha256"], ["signature.rsa_pss"]),
      openssl: "OK",
    },
    {
      name: "wrong CN for the environment (PRD's CN in PPR)",
      env: "PPR",
      files: [sign(req("ec.key", partner("ECDSA", "PRD")), issuing)],
      expected: fails(["cert.subject_policy"], ["subject.cn_template"]),
      openssl: "OK",
    },
    {
      name: "wrong CN for the key type (RSA CN on an ECDSA key)",
      env: "PPR",
      files: [sign(req("ec.key", partner("RSA", "PPR")), issuing)],
      expected: fails(["cert.subject_policy"], ["subject.cn_template"]),
      openssl: "OK",
    },
    {
      name: "two leaves in one PEM bundle: each judged and stored on its own",
      env: "PPR",
      files: [
        old("ec.key", "ECDSA", "PPR") +
          bundleRsa +
          sign(req("rsa2048.key", partner("RSA", "PPR")), issuing),
      ],
      expected: { ...ok(), each: ["compliant", "compliant", "non_compliant"] },
      openssl: "OK",
    },
    {
      name: "two files, one already stored: one stored, one refused as a duplicate",
      env: "PPR",
      files: [signedByStore, old("ec.key", "ECDSA", "PPR")],
      expected: { ...ok(), each: ["duplicate", "compliant"] },
      openssl: "OK",
    },
    // Last of PPR: from here a CSR for the ECDSA CN waits, so a new ECDSA certificate must carry its key.
    {
      name: "key mismatch with the CSR waiting for this CN",
      env: "PPR",
      csrBefore: ssl.read(csrB),
      files: [sign(req("mismatch.key", partner("ECDSA", "PPR")), issuing)],
      expected: {
        verdict: "non_compliant",
        adopted: false,
        chain: "issuers.verified",
        failed: ["cert.matches_csr"],
        reasons: ["csr.key_mismatch"],
      },
      openssl: "OK",
    },
  ];

  // The independent verdict on trust: openssl verify against the environment's store only.
  ssl.write("ppr-store.pem", rootPem + issuingPem);
  cases.forEach((c, i) => {
    const [leaf, ...cas] = splitPem(c.files[0]!);
    ssl.write(`case${i}.pem`, leaf!);
    ssl.write(`case${i}-untrusted.pem`, cas.join(""));
    const store =
      c.env === "PPR" ? ["-CAfile", "ppr-store.pem", "-no-CAstore"] : ["-no-CAfile", "-no-CAstore"];
    const untrusted = cas.length > 0 ? ["-untrusted", `case${i}-untrusted.pem`] : [];
    c.opensslOutput = verify(ssl, ["-no-CApath", ...store, ...untrusted, `case${i}.pem`]);
    if (c.opensslClient)
      c.opensslClientOutput = verify(ssl, [
        "-no-CApath",
        ...store,
        ...untrusted,
        "-purpose",
        "sslclient",
        `case${i}.pem`,
      ]);
  });
  return { ssl, cases, root: rootPem, issuing: issuingPem, privateKey: ssl.read("ec.key") };
}

function verify(ssl: OpenSslDir, args: string[]): string {
  try {
    return ssl.runAll(["verify", ...args]).trim();
  } catch (error) {
    return (error as Error).message;
  }
}

export function splitPem(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
}
