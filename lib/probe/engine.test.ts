// The probe against real TLS servers on loopback: Node's tls and `openssl s_server`, with chains
// made by openssl. Each case also checks that the probe finished within its time-out.
import dns from "node:dns";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseCertificate } from "@/lib/pki";
import { makeCaFixtures, type CaFixtures } from "@/lib/pki/test-support/ca";
import { runProbe, type ProbeOptions, type ProbeTrust } from "./engine";
import {
  closedPort,
  makeServerPki,
  startNodeTlsServer,
  startOpenSslServer,
  startSilentServer,
  type RunningServer,
  type ServerPki,
} from "./test-support";

const OPTIONS: ProbeOptions = { timeoutMs: 2_000, totalTimeoutMs: 6_000, openssl: "openssl" };
const NO_TRUST: ProbeTrust = { d1ServerRoots: [], thalesClientCaSubjects: [] };

let pki: ServerPki;
let fx: CaFixtures;
let d1Roots: ProbeTrust;
const servers: RunningServer[] = [];

beforeAll(() => {
  pki = makeServerPki();
  fx = makeCaFixtures();
  d1Roots = { d1ServerRoots: [pki.root], thalesClientCaSubjects: [] };
});
afterEach(async () => {
  vi.restoreAllMocks();
  while (servers.length) await servers.pop()!.close();
});
afterAll(() => {
  pki.ssl.cleanup();
  fx.ssl.cleanup();
});

async function serve(start: Promise<RunningServer>) {
  const server = await start;
  servers.push(server);
  return server;
}

const chainOptions = () => ({ key: pki.leafKey, cert: pki.leaf + pki.intermediate });

async function timed<T>(fn: () => Promise<T>) {
  const started = Date.now();
  const value = await fn();
  return { value, elapsed: Date.now() - started };
}

describe("runProbe against real TLS servers", () => {
  it("a TLS 1.2-only server: TLS 1.2 with its cipher, TLS 1.3 refused, chain presented and verified against d1-server-roots", async () => {
    const { port } = await serve(
      startNodeTlsServer({ ...chainOptions(), minVersion: "TLSv1.2", maxVersion: "TLSv1.2" }),
    );
    const {
      value: { report, ok, durationMs },
      elapsed,
    } = await timed(() =>
      runProbe({ host: "127.0.0.1", port, direction: "inbound" }, d1Roots, OPTIONS),
    );
    expect(report.target).toEqual({ host: "127.0.0.1", port, direction: "inbound" });
    expect(report.dns).toEqual({ addresses: [{ address: "127.0.0.1", family: 4, ttl: null }] });
    expect(report.tls12).toMatchObject({ ok: true, protocol: "TLSv1.2" });
    expect(report.tls12.cipher).toMatch(/^TLS_ECDHE_ECDSA_WITH_/);
    expect(report.tls13.ok).toBe(false);
    expect(report.tls13.error).toMatch(/refused this TLS version/);
    expect(report.chain).toMatchObject({ verified: true, verifiedAgainst: "d1-server-roots" });
    expect(report.chain!.error).toBeUndefined();
    // Exactly what the server sent: leaf and intermediate, not the root from our store.
    const [leaf, intermediate] = await Promise.all([
      parseCertificate(pki.leaf),
      parseCertificate(pki.intermediate),
    ]);
    expect(report.chain!.certificates).toEqual([
      {
        subject: leaf.subjectDn,
        issuer: leaf.issuerDn,
        notAfter: leaf.notAfter.toISOString(),
        sha256: leaf.sha256,
        pem: leaf.pem,
      },
      {
        subject: intermediate.subjectDn,
        issuer: intermediate.issuerDn,
        notAfter: intermediate.notAfter.toISOString(),
        sha256: intermediate.sha256,
        pem: intermediate.pem,
      },
    ]);
    // Inbound: our backend reaches it from here, so a loopback address is reachable.
    expect(report).toMatchObject({
      clientCertRequested: false,
      clientCertRequired: false,
      acceptableCaNames: null,
      thalesClientCaAccepted: null,
      reachable: true,
      connected: true,
      addressScope: "loopback",
      timedOut: false,
      connectedAddress: "127.0.0.1",
    });
    expect(ok).toBe(true);
    expect(durationMs).toBeLessThan(OPTIONS.timeoutMs);
    expect(elapsed).toBeLessThan(OPTIONS.timeoutMs);
  });

  it("a TLS 1.3-only openssl s_server, probed as localhost: both loopback addresses reported, TLS 1.3 only", async () => {
    const server = await serve(
      startOpenSslServer(pki.ssl.dir, [
        "-cert",
        pki.files.leaf,
        "-key",
        pki.files.leafKey,
        "-cert_chain",
        pki.ssl.path("int.pem"),
        "-tls1_3",
      ]),
    );
    const {
      value: { report, ok },
      elapsed,
    } = await timed(() =>
      runProbe({ host: "localhost", port: server.port, direction: "inbound" }, d1Roots, OPTIONS),
    );
    expect(report.dns.addresses).toEqual([
      { address: "127.0.0.1", family: 4, ttl: null },
      { address: "::1", family: 6, ttl: null },
    ]);
    expect(report.connectedAddress).toBe("127.0.0.1");
    expect(report.tls13).toEqual({
      ok: true,
      protocol: "TLSv1.3",
      cipher: expect.stringMatching(/^TLS_(AES|CHACHA20)/),
    });
    expect(report.tls12.ok).toBe(false);
    expect(report.tls12.error).toMatch(/refused this TLS version/);
    expect(report.chain).toMatchObject({ verified: true, verifiedAgainst: "d1-server-roots" });
    expect(report.chain!.certificates.map((c) => c.subject)).toEqual([
      "CN=localhost",
      "C=FR, O=Probe Test, CN=Probe Test Issuing CA",
    ]);
    expect(report.clientCertRequested).toBe(false);
    expect(report.timedOut).toBe(false);
    expect(ok).toBe(true);
    expect(elapsed).toBeLessThan(OPTIONS.timeoutMs);
  });

  it("a server that demands a client certificate: both versions negotiated, demand detected, its CA names checked against thales-client-ca", async () => {
    const { port } = await serve(
      startNodeTlsServer({
        ...chainOptions(),
        requestCert: true,
        rejectUnauthorized: true,
        ca: [pki.clientIssuing, pki.clientRoot],
      }),
    );
    const issuing = await parseCertificate(pki.clientIssuing);
    const trust: ProbeTrust = {
      d1ServerRoots: [],
      thalesClientCaSubjects: [issuing.subjectDn, "C=FR, O=Thales Test, CN=Thales Test Issuing CA"],
    };
    const {
      value: { report },
      elapsed,
    } = await timed(() =>
      runProbe({ host: "127.0.0.1", port, direction: "outbound" }, trust, OPTIONS),
    );
    expect(report.tls12).toMatchObject({ ok: true, protocol: "TLSv1.2" });
    expect(report.tls13).toMatchObject({ ok: true, protocol: "TLSv1.3" });
    expect(report.clientCertRequested).toBe(true);
    expect(report.clientCertRequired).toBe(true);
    expect(report.acceptableCaNames).toEqual([
      "C=FR, O=Thales Test\\, D1, OU=eCom + L=Paris, CN=Thales Test Client CA",
      "C=FR, O=Thales Test\\, D1, CN=Thales Test Client Root CA",
    ]);
    // The client root is named too, and is not in the store: one CA too many.
    expect(report.thalesClientCaAccepted).toEqual({
      matches: [issuing.subjectDn],
      missing: ["C=FR, O=Thales Test, CN=Thales Test Issuing CA"],
      extra: ["C=FR, O=Thales Test\\, D1, CN=Thales Test Client Root CA"],
    });
    expect(report.timedOut).toBe(false);
    expect(elapsed).toBeLessThan(OPTIONS.timeoutMs);
  });

  it("a TLS 1.2-only openssl s_server that demands a client certificate: TLS 1.2 still reported, CA names read", async () => {
    const server = await serve(
      startOpenSslServer(pki.ssl.dir, [
        "-cert",
        pki.files.leaf,
        "-key",
        pki.files.leafKey,
        "-cert_chain",
        pki.ssl.path("int.pem"),
        "-tls1_2",
        "-Verify",
        "1",
        "-CAfile",
        pki.files.clientCas,
      ]),
    );
    const {
      value: { report },
      elapsed,
    } = await timed(() =>
      runProbe(
        { host: "127.0.0.1", port: server.port, direction: "outbound" },
        { d1ServerRoots: [], thalesClientCaSubjects: [] },
        OPTIONS,
      ),
    );
    expect(report.tls12).toMatchObject({ ok: true, protocol: "TLSv1.2" });
    expect(report.tls13.ok).toBe(false);
    expect(report.clientCertRequired).toBe(true);
    expect(report.clientCertRequested).toBe(true);
    expect(report.acceptableCaNames).toHaveLength(2);
    expect(report.thalesClientCaAccepted).toEqual({
      matches: [],
      missing: [],
      extra: report.acceptableCaNames,
    });
    // The chain was read before the server stopped, and checked (outbound: against Mozilla).
    expect(report.chain).toMatchObject({ verified: false, verifiedAgainst: "mozilla" });
    expect(report.chain!.certificates).toHaveLength(2);
    expect(elapsed).toBeLessThan(OPTIONS.timeoutMs);
  });

  it("without openssl, a demanded client certificate is still detected, and the CA names are unknown (null)", async () => {
    const { port } = await serve(
      startNodeTlsServer({
        ...chainOptions(),
        requestCert: true,
        rejectUnauthorized: true,
        ca: [pki.clientIssuing],
      }),
    );
    const { report } = await runProbe(
      { host: "127.0.0.1", port, direction: "outbound" },
      { d1ServerRoots: [], thalesClientCaSubjects: ["CN=x"] },
      { ...OPTIONS, openssl: null },
    );
    expect(report).toMatchObject({
      clientCertRequested: true,
      clientCertRequired: true,
      acceptableCaNames: null,
      thalesClientCaAccepted: null,
    });
  });

  it("an optional client certificate request is seen by openssl only: requested, not required", async () => {
    const { port } = await serve(
      startNodeTlsServer({
        ...chainOptions(),
        requestCert: true,
        rejectUnauthorized: false,
        ca: [pki.clientIssuing],
      }),
    );
    const { report } = await runProbe(
      { host: "127.0.0.1", port, direction: "outbound" },
      NO_TRUST,
      OPTIONS,
    );
    expect(report).toMatchObject({
      clientCertRequested: true,
      clientCertRequired: false,
      acceptableCaNames: [expect.stringContaining("CN=Thales Test Client CA")],
    });
  });
});

describe("chains that do not verify", () => {
  it("a private CA against Mozilla's roots (outbound): not verified, with the reason in plain words", async () => {
    const { port } = await serve(startNodeTlsServer(chainOptions()));
    const { report, ok } = await runProbe(
      { host: "127.0.0.1", port, direction: "outbound" },
      d1Roots,
      OPTIONS,
    );
    expect(report.tls13.ok).toBe(true);
    expect(report.chain).toMatchObject({ verified: false, verifiedAgainst: "mozilla" });
    expect(report.chain!.error).toBe(
      "Does not verify against Mozilla's roots: the chain does not lead to a root in this trust store (its issuer is unknown here, or the server does not send its intermediate certificate) (UNABLE_TO_GET_ISSUER_CERT_LOCALLY).",
    );
    expect(ok).toBe(false);
  });

  it("inbound with a d1-server-roots store that does not hold the server's root", async () => {
    const { port } = await serve(startNodeTlsServer(chainOptions()));
    const { report } = await runProbe(
      { host: "127.0.0.1", port, direction: "inbound" },
      { d1ServerRoots: [pki.otherRoot], thalesClientCaSubjects: [] },
      OPTIONS,
    );
    expect(report.chain).toMatchObject({ verified: false, verifiedAgainst: "d1-server-roots" });
    expect(report.chain!.error).toMatch(
      /^Does not verify against the d1-server-roots store: .*\(UNABLE_TO_GET_ISSUER_CERT_LOCALLY\)\.$/,
    );
  });

  it("a trusted chain whose leaf is for another host name", async () => {
    const { port } = await serve(
      startNodeTlsServer({
        key: fx.ssl.read("server.key"),
        cert: fx.amazonLeaf + fx.amazonIntermediate,
      }),
    );
    const { report } = await runProbe(
      { host: "127.0.0.1", port, direction: "inbound" },
      { d1ServerRoots: [fx.amazonRoot], thalesClientCaSubjects: [] },
      OPTIONS,
    );
    expect(report.chain).toMatchObject({ verified: false, verifiedAgainst: "d1-server-roots" });
    expect(report.chain!.error).toMatch(
      /^The certificate is not valid for 127\.0\.0\.1: IP: 127\.0\.0\.1 is not in the cert's list: 192\.0\.2\.10 \(ERR_TLS_CERT_ALTNAME_INVALID\)\.$/,
    );
  });

  it("a server that does not send its intermediate certificate", async () => {
    const { port } = await serve(startNodeTlsServer({ key: pki.leafKey, cert: pki.leaf }));
    const { report } = await runProbe(
      { host: "127.0.0.1", port, direction: "inbound" },
      d1Roots,
      OPTIONS,
    );
    expect(report.chain!.certificates).toHaveLength(1);
    expect(report.chain).toMatchObject({
      verified: false,
      error: expect.stringContaining("UNABLE_TO_VERIFY_LEAF_SIGNATURE"),
    });
  });
});

describe("servers that do not answer", () => {
  it("a listening socket that never speaks: timed out within the limit", async () => {
    const { port } = await serve(startSilentServer());
    const options = { ...OPTIONS, timeoutMs: 1_000, totalTimeoutMs: 3_000 };
    const {
      value: { report, ok, durationMs },
      elapsed,
    } = await timed(() =>
      runProbe({ host: "127.0.0.1", port, direction: "outbound" }, NO_TRUST, options),
    );
    expect(report).toMatchObject({
      connected: true,
      reachable: false,
      addressScope: "loopback",
      timedOut: true,
      chain: null,
      clientCertRequested: null,
      acceptableCaNames: null,
    });
    expect(report.tls12).toEqual({ ok: false, error: "No complete TLS answer within 1000 ms." });
    expect(report.tls13).toEqual({ ok: false, error: "No complete TLS answer within 1000 ms." });
    expect(ok).toBe(false);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(options.timeoutMs + 1_000);
    expect(durationMs).toBeLessThanOrEqual(elapsed);
  });

  it("a closed port: not reachable, and fast", async () => {
    const port = await closedPort();
    const {
      value: { report },
      elapsed,
    } = await timed(() =>
      runProbe({ host: "127.0.0.1", port, direction: "outbound" }, NO_TRUST, OPTIONS),
    );
    expect(report).toMatchObject({
      connected: false,
      reachable: false,
      addressScope: null,
      timedOut: false,
      chain: null,
    });
    expect(report.tls12.error).toBe(
      `Connection refused by 127.0.0.1:${port}: nothing listens on this port.`,
    );
    expect(elapsed).toBeLessThan(1_000);
  });

  it("the whole probe stays within PROBE_TOTAL_TIMEOUT_MS even when each step may take longer", async () => {
    const { port } = await serve(startSilentServer());
    const options = { ...OPTIONS, timeoutMs: 5_000, totalTimeoutMs: 800 };
    const {
      value: { report },
      elapsed,
    } = await timed(() =>
      runProbe({ host: "127.0.0.1", port, direction: "outbound" }, NO_TRUST, options),
    );
    expect(report.timedOut).toBe(true);
    expect(elapsed).toBeLessThan(1_500);
  });
});

describe("DNS", () => {
  it("reports every resolved address with its TTL and connects to the resolved address, with the name as SNI", async () => {
    const { port } = await serve(startNodeTlsServer(chainOptions()));
    vi.spyOn(dns.promises.Resolver.prototype, "resolve4").mockResolvedValue([
      { address: "127.0.0.1", ttl: 300 },
      { address: "127.0.0.2", ttl: 300 },
    ] as never);
    vi.spyOn(dns.promises.Resolver.prototype, "resolve6").mockRejectedValue(
      Object.assign(new Error("queryAaaa ENODATA"), { code: "ENODATA" }),
    );
    const { report, ok } = await runProbe(
      { host: "probe.example.test", port, direction: "inbound" },
      d1Roots,
      OPTIONS,
    );
    expect(report.dns).toEqual({
      addresses: [
        { address: "127.0.0.1", family: 4, ttl: 300 },
        { address: "127.0.0.2", family: 4, ttl: 300 },
      ],
    });
    expect(report.connectedAddress).toBe("127.0.0.1");
    // Verified for the name (the certificate names probe.example.test), not for the address.
    expect(report.chain).toMatchObject({ verified: true });
    expect(ok).toBe(true);
  });

  it("refuses, at probe time, a name that now resolves to a metadata address, and connects nowhere", async () => {
    vi.spyOn(dns.promises.Resolver.prototype, "resolve4").mockResolvedValue([
      { address: "169.254.169.254", ttl: 5 },
    ] as never);
    vi.spyOn(dns.promises.Resolver.prototype, "resolve6").mockResolvedValue([
      { address: "2001:db8::1", ttl: 5 },
    ] as never);
    const { report } = await runProbe(
      { host: "rebound.example.test", port: 443, direction: "inbound" },
      NO_TRUST,
      OPTIONS,
    );
    expect(report.dns.addresses).toEqual([
      { address: "169.254.169.254", family: 4, ttl: 5 },
      { address: "2001:db8::1", family: 6, ttl: 5 },
    ]);
    expect(report.dns.error).toMatch(
      /^rebound\.example\.test resolves to a refused address\. 169\.254\.169\.254 is a cloud metadata address/,
    );
    expect(report).toMatchObject({ reachable: false, chain: null });
    expect(report.tls12.error).toBe("Not probed: the name resolves to a refused address.");
  });

  it("a name that does not exist: said plainly, nothing tried", async () => {
    const notFound = Object.assign(new Error("queryA ENOTFOUND"), { code: "ENOTFOUND" });
    vi.spyOn(dns.promises.Resolver.prototype, "resolve4").mockRejectedValue(notFound);
    vi.spyOn(dns.promises.Resolver.prototype, "resolve6").mockRejectedValue(notFound);
    vi.spyOn(dns.promises, "lookup").mockRejectedValue(notFound);
    const { report } = await runProbe(
      { host: "nowhere.example.test", port: 443, direction: "inbound" },
      NO_TRUST,
      OPTIONS,
    );
    expect(report.dns).toEqual({
      addresses: [],
      error: "nowhere.example.test does not exist in DNS (ENOTFOUND).",
    });
    expect(report.reachable).toBe(false);
  });

  it("refuses a metadata address given directly, before any connection", async () => {
    const {
      value: { report },
      elapsed,
    } = await timed(() =>
      runProbe({ host: "169.254.169.254", port: 80, direction: "outbound" }, NO_TRUST, OPTIONS),
    );
    expect(report.dns.error).toMatch(/cloud metadata address/);
    expect(report.reachable).toBe(false);
    expect(elapsed).toBeLessThan(100);
  });
});
