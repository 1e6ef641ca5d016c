// TEST-ONLY (Node APIs allowed, never imported by app code): a server PKI made with the openssl
// CLI, and real TLS servers on loopback (Node's tls, or `openssl s_server`) for the probe tests
// and the e2e spec.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import tls from "node:tls";
import { OpenSslDir } from "../pki/test-support/openssl";

export type ServerPki = {
  ssl: OpenSslDir;
  root: string;
  intermediate: string;
  /** Valid for localhost, 127.0.0.1, ::1 and probe.example.test. */
  leaf: string;
  leafKey: string;
  /** A second, unrelated root and the client CAs a server may ask for. */
  otherRoot: string;
  clientRoot: string;
  clientIssuing: string;
  /** Paths in `ssl.dir`. */
  files: { leaf: string; leafKey: string; chain: string; clientCas: string };
};

const DAY = 86_400_000;
const stamp = (ms: number) => `${new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;

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
organizationName = optional
organizationalUnitName = optional
localityName = optional
commonName = supplied
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, DNS:probe.example.test, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

/** Root → intermediate → leaf for loopback, and a Thales-like client CA pair (openssl ca). */
export function makeServerPki(): ServerPki {
  const ssl = new OpenSslDir();
  const run = (...args: string[]) => ssl.run(args);
  ssl.write("ca.cnf", CONFIG);
  ssl.write("index.txt", "");
  ssl.write("serial", "2000\n");
  const now = Date.now();
  const key = (name: string) =>
    run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name);
  const csr = (keyFile: string, subj: string, out: string) =>
    run(
      "req",
      "-new",
      "-config",
      "ca.cnf",
      "-multivalue-rdn",
      "-key",
      keyFile,
      "-subj",
      subj,
      "-out",
      out,
    );
  const root = (keyFile: string, subj: string, out: string) => {
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
      "v3_ca",
      "-startdate",
      stamp(now - 365 * DAY),
      "-enddate",
      stamp(now + 3650 * DAY),
    );
    return ssl.read(out);
  };
  const issue = (csrFile: string, caCert: string, caKey: string, ext: string, out: string) => {
    run(
      "ca",
      "-batch",
      "-config",
      "ca.cnf",
      "-notext",
      "-preserveDN",
      "-cert",
      caCert,
      "-keyfile",
      caKey,
      "-in",
      csrFile,
      "-out",
      out,
      "-extensions",
      ext,
      "-startdate",
      stamp(now - DAY),
      "-enddate",
      stamp(now + 365 * DAY),
    );
    return ssl.read(out);
  };
  for (const k of ["root.key", "int.key", "leaf.key", "other.key", "croot.key", "cissuing.key"])
    key(k);
  const rootPem = root("root.key", "/C=FR/O=Probe Test/CN=Probe Test Root CA", "root.pem");
  csr("int.key", "/C=FR/O=Probe Test/CN=Probe Test Issuing CA", "int.csr");
  const intermediate = issue("int.csr", "root.pem", "root.key", "v3_ca", "int.pem");
  csr("leaf.key", "/CN=localhost", "leaf.csr");
  const leaf = issue("leaf.csr", "int.pem", "int.key", "v3_server", "leaf.pem");
  const otherRoot = root("other.key", "/C=US/O=Somebody Else/CN=Unrelated Root CA", "other.pem");
  const clientRoot = root(
    "croot.key",
    "/C=FR/O=Thales Test, D1/CN=Thales Test Client Root CA",
    "croot.pem",
  );
  csr(
    "cissuing.key",
    "/C=FR/O=Thales Test, D1/OU=eCom+L=Paris/CN=Thales Test Client CA",
    "cissuing.csr",
  );
  const clientIssuing = issue("cissuing.csr", "croot.pem", "croot.key", "v3_ca", "cissuing.pem");
  ssl.write("chain.pem", leaf + intermediate);
  ssl.write("client-cas.pem", clientIssuing + clientRoot);
  return {
    ssl,
    root: rootPem,
    intermediate,
    leaf,
    leafKey: ssl.read("leaf.key"),
    otherRoot,
    clientRoot,
    clientIssuing,
    files: {
      leaf: ssl.path("leaf.pem"),
      leafKey: ssl.path("leaf.key"),
      chain: ssl.path("chain.pem"),
      clientCas: ssl.path("client-cas.pem"),
    },
  };
}

export type RunningServer = { port: number; close: () => Promise<void> };

/** A Node TLS server on 127.0.0.1 (any free port) that answers "ok" and closes. */
export async function startNodeTlsServer(
  options: tls.TlsOptions,
  host = "127.0.0.1",
): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer(options, (socket) => {
    socket.on("error", () => {});
    socket.end("ok\n");
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP server that accepts connections and never says a word. */
export async function startSilentServer(): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `openssl s_server` on 127.0.0.1 with the given extra arguments; resolves once it listens. */
export async function startOpenSslServer(
  cwd: string,
  args: string[],
): Promise<RunningServer & { child: ChildProcess }> {
  const child = spawn("openssl", ["s_server", "-accept", "127.0.0.1:0", ...args], {
    cwd,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`openssl s_server did not start: ${output}`)),
      10_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`openssl s_server exited (${code}): ${output}`)));
  });
  return {
    port,
    child,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
