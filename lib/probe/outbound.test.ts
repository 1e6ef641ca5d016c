// Outbound, as the partner says: "endorse only the Thales Client CA", mutual authentication, over
// the internet. Real TLS servers on loopback; what the probe reads is checked against a separate
// `openssl s_client` run (its own flags, its own name format) and `openssl x509 -subject`.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseCertificate, parseCertificateBundle } from "@/lib/pki";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { addTrustEntries } from "@/lib/trust-store/mutations";
import { seedGateway, testAdmin } from "@/lib/reminder/test-support";
import { evaluateChecklist } from "@/lib/checklist/evaluate";
import { checklistProgress } from "@/lib/checklist/progress";
import { runProbe, type ProbeOptions, type ProbeTrust } from "./engine";
import { probeFindings } from "./findings";
import { addProbeTarget, runProbeTarget } from "./mutations";
import { addressScope, unreachableByD1 } from "./targets";
import {
  makeServerPki,
  startNodeTlsServer,
  type RunningServer,
  type ServerPki,
} from "./test-support";

const run = promisify(execFile);
const OPTIONS: ProbeOptions = { timeoutMs: 2_000, totalTimeoutMs: 6_000, openssl: "openssl" };

let pki: ServerPki;
let thales: ProbeTrust;
const servers: RunningServer[] = [];

beforeAll(async () => {
  pki = makeServerPki();
  thales = {
    d1ServerRoots: [],
    thalesClientCaSubjects: [(await parseCertificate(pki.clientIssuing)).subjectDn],
  };
});
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});
afterAll(() => pki.ssl.cleanup());

async function serve(options: Parameters<typeof startNodeTlsServer>[0]) {
  const server = await startNodeTlsServer({
    key: pki.leafKey,
    cert: pki.leaf + pki.intermediate,
    ...options,
  });
  servers.push(server);
  return server;
}

/** An independent look: `openssl s_client` with RFC 2253 names (the probe asks for another format). Async: the server runs in this process. */
async function sClient(port: number, version: "-tls1_2" | "-tls1_3") {
  const child = run(
    "openssl",
    ["s_client", "-connect", `127.0.0.1:${port}`, version, "-nameopt", "RFC2253"],
    { timeout: 5_000 },
  ).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? "" }));
  const { stdout } = await child;
  const lines = stdout.split("\n");
  const start = lines.indexOf("Acceptable client certificate CA names");
  const names: string[] = [];
  if (start >= 0)
    for (const l of lines.slice(start + 1)) {
      if (!l.trim() || /^(Requested|Client Certificate Types|Shared|---)/.test(l)) break;
      names.push(l.trim());
    }
  return {
    names,
    noneSent: stdout.includes("No client certificate CA names sent"),
    protocol: /(?:New|Reused), (TLSv1\.[23]), Cipher/.exec(stdout)?.[1] ?? null,
  };
}
/** A certificate's subject as `openssl x509` prints it in RFC 2253 (most significant RDN last). */
async function subject2253(pem: string, file: string) {
  pki.ssl.write(file, pem);
  return (
    await run("openssl", [
      "x509",
      "-in",
      pki.ssl.path(file),
      "-noout",
      "-subject",
      "-nameopt",
      "RFC2253",
    ])
  ).stdout
    .trim()
    .replace(/^subject=/, "");
}
const codes = (report: Parameters<typeof probeFindings>[0]) =>
  probeFindings(report).map((f) => f.code);

describe("endorse only the Thales Client CA", () => {
  it("a server that asks for client certificates from the Thales CA only: nothing flagged, and openssl sees the same single name", async () => {
    const { port } = await serve({
      requestCert: true,
      rejectUnauthorized: true,
      ca: [pki.clientIssuing],
    });
    const { report } = await runProbe(
      { host: "127.0.0.1", port, direction: "outbound" },
      thales,
      OPTIONS,
    );
    expect(report.acceptableCaNames).toEqual([
      "C=FR, O=Thales Test\\, D1, OU=eCom + L=Paris, CN=Thales Test Client CA",
    ]);
    expect(report.thalesClientCaAccepted).toEqual({
      matches: thales.thalesClientCaSubjects,
      missing: [],
      extra: [],
    });
    expect(codes(report)).not.toContain("extra-client-ca");
    expect(codes(report)).toContain("thales-client-ca-named");
    const witness = await sClient(port, "-tls1_2");
    expect(witness.names).toEqual([await subject2253(pki.clientIssuing, "w-issuing.pem")]);
    expect(witness.names).toHaveLength(report.acceptableCaNames!.length);
  });

  it("a server that also accepts another CA: that CA is flagged by name, the Thales CA is not", async () => {
    const { port } = await serve({
      requestCert: true,
      rejectUnauthorized: true,
      ca: [pki.clientIssuing, pki.otherRoot],
    });
    const { report } = await runProbe(
      { host: "127.0.0.1", port, direction: "outbound" },
      thales,
      OPTIONS,
    );
    const other = (await parseCertificate(pki.otherRoot)).subjectDn;
    expect(other).toBe("C=US, O=Somebody Else, CN=Unrelated Root CA");
    expect(report.acceptableCaNames).toEqual([
      "C=FR, O=Thales Test\\, D1, OU=eCom + L=Paris, CN=Thales Test Client CA",
      other,
    ]);
    expect(report.thalesClientCaAccepted).toEqual({
      matches: thales.thalesClientCaSubjects,
      missing: [],
      extra: [other],
    });
    const flagged = probeFindings(report).filter((f) => f.code === "extra-client-ca");
    expect(flagged).toEqual([
      {
        code: "extra-client-ca",
        tone: "bad",
        text: "Our server also accepts client certificates issued by C=US, O=Somebody Else, CN=Unrelated Root CA, which is not in the thales-client-ca store. The partner says to endorse only the Thales Client CA: remove this CA from the server's client CA list.",
      },
    ]);
    // openssl, asked separately over TLS 1.3, names the same two CAs, the other one as `openssl x509` prints its subject.
    const witness = await sClient(port, "-tls1_3");
    expect(witness.protocol).toBe("TLSv1.3");
    expect(witness.names).toEqual([
      await subject2253(pki.clientIssuing, "w-issuing.pem"),
      await subject2253(pki.otherRoot, "w-other.pem"),
    ]);
    expect(witness.names[1]).toBe("CN=Unrelated Root CA,O=Somebody Else,C=US");
  });

  it("with an empty thales-client-ca store every accepted CA is flagged, and the page says to add the Thales CA", async () => {
    const { port } = await serve({
      requestCert: true,
      rejectUnauthorized: true,
      ca: [pki.clientIssuing],
    });
    const { report } = await runProbe(
      { host: "127.0.0.1", port, direction: "outbound" },
      { d1ServerRoots: [], thalesClientCaSubjects: [] },
      OPTIONS,
    );
    expect(report.thalesClientCaAccepted).toEqual({
      matches: [],
      missing: [],
      extra: report.acceptableCaNames,
    });
    expect(codes(report)).toEqual(
      expect.arrayContaining(["thales-client-ca-store-empty", "extra-client-ca"]),
    );
  });
});

describe("mutual authentication", () => {
  it("a server that asks for no client certificate: TLS works, mutual TLS does not, and the finding says the checklist item stays open", async () => {
    const { port } = await serve({});
    const { report, ok } = await runProbe(
      { host: "127.0.0.1", port, direction: "outbound" },
      thales,
      OPTIONS,
    );
    expect(report).toMatchObject({
      tls12: { ok: true },
      tls13: { ok: true },
      clientCertRequested: false,
      clientCertRequired: false,
      acceptableCaNames: null,
    });
    expect(ok).toBe(false);
    expect(codes(report)).toEqual(
      expect.arrayContaining(["client-cert-not-requested", "tls-item-needs-mutual-tls"]),
    );
    // openssl agrees: no CertificateRequest, so no CA names.
    const witness = await sClient(port, "-tls1_2");
    expect(witness).toMatchObject({ names: [], protocol: "TLSv1.2" });
  });
});

describe("over the internet", () => {
  it("a loopback target: not reachable by D1, with the reason; TLS versions, chain, client-cert demand and CA names still reported", async () => {
    const { port } = await serve({
      requestCert: true,
      rejectUnauthorized: true,
      ca: [pki.clientIssuing],
    });
    const { report, ok } = await runProbe(
      { host: "127.0.0.1", port, direction: "outbound" },
      thales,
      OPTIONS,
    );
    expect(report).toMatchObject({
      connected: true,
      reachable: false,
      addressScope: "loopback",
      connectedAddress: "127.0.0.1",
    });
    expect(report.tls12).toMatchObject({ ok: true, protocol: "TLSv1.2" });
    expect(report.tls13).toMatchObject({ ok: true, protocol: "TLSv1.3" });
    expect(report.chain!.certificates.map((c) => c.subject)).toEqual([
      "CN=localhost",
      "C=FR, O=Probe Test, CN=Probe Test Issuing CA",
    ]);
    expect(report.clientCertRequired).toBe(true);
    expect(report.acceptableCaNames).toHaveLength(1);
    expect(ok).toBe(false);
    const finding = probeFindings(report).find((f) => f.code === "unreachable-private-address");
    expect(finding).toEqual({
      code: "unreachable-private-address",
      tone: "bad",
      text: "Not reachable by D1: The probe reached our server at 127.0.0.1, a loopback address (only this server reaches it). D1 connects over the internet and cannot reach a loopback address, so this probe does not prove that D1 can reach our server: probe the public name or address D1 will call.",
    });
    expect(codes(report)).toEqual(expect.arrayContaining(["tls-versions", "client-cert-required"]));
    expect(codes(report)).not.toContain("not-connected");
    // Inbound (we call D1 from here), the same address counts as reachable.
    const inbound = await runProbe(
      { host: "127.0.0.1", port, direction: "inbound" },
      thales,
      OPTIONS,
    );
    expect(inbound.report).toMatchObject({
      connected: true,
      reachable: true,
      addressScope: "loopback",
    });
    expect(probeFindings(inbound.report).map((f) => f.code)).not.toContain(
      "unreachable-private-address",
    );
  });

  it("classifies addresses: private, loopback, link-local (IPv4, IPv6 and IPv4 inside IPv6) are not reachable by D1", () => {
    const cases: [string, string][] = [
      ["127.0.0.1", "loopback"],
      ["127.8.9.10", "loopback"],
      ["::1", "loopback"],
      ["::ffff:127.0.0.1", "loopback"],
      ["10.1.2.3", "private"],
      ["172.16.0.1", "private"],
      ["172.31.255.255", "private"],
      ["192.168.1.1", "private"],
      ["100.64.0.1", "private"],
      ["fd12:3456::1", "private"],
      ["::ffff:10.0.0.1", "private"],
      ["169.254.1.1", "link-local"],
      ["fe80::1", "link-local"],
      ["172.32.0.1", "public"],
      ["100.128.0.1", "public"],
      ["8.8.8.8", "public"],
      ["2606:4700::1111", "public"],
      ["192.0.2.10", "public"],
    ];
    expect(cases.map(([a]) => [a, addressScope(a)])).toEqual(cases);
    expect(unreachableByD1("8.8.8.8")).toBeNull();
    expect(unreachableByD1("10.0.0.5")).toMatch(
      /^The probe reached our server at 10\.0\.0\.5, a private address\. D1 connects over the internet/,
    );
  });
});

describe.each(DATABASE_KINDS)("the outbound checklist items on %s", (kind) => {
  let t: TestDatabase;
  let gw: { id: string; ppr: string; prd: string };
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    gw = await seedGateway(t.prisma, { merchantGatewayId: "MGW_OUTBD1" });
    expect(
      (
        await addTrustEntries(
          t.prisma,
          testAdmin,
          gw.ppr,
          "thales-client-ca",
          (
            await parseCertificateBundle(pki.clientIssuing)
          ).certificates,
          "test",
        )
      ).ok,
    ).toBe(true);
  });
  afterAll(() => t.drop());

  const row = async (env: string, id: string) =>
    (await evaluateChecklist(t.prisma, env)).rows.find((r) => r.id === id)!;

  it("“speaks TLS 1.2/1.3” ticks only when our server demands a client certificate, and says why not", async () => {
    const plain = await serve({});
    const added = await addProbeTarget(t.prisma, testAdmin, gw.ppr, {
      direction: "outbound",
      host: "127.0.0.1",
      port: plain.port,
    });
    await runProbeTarget(t.prisma, testAdmin, added.ok ? added.target.id : "", OPTIONS);
    expect(await row(gw.ppr, "outbound.tls")).toMatchObject({
      done: false,
      evidence: null,
      openReason: `Probe of 127.0.0.1:${plain.port}: TLS works, but our server does not demand a client certificate, and the partner requires mutual authentication.`,
    });
    expect((await checklistProgress(t.prisma, [gw.ppr])).get(gw.ppr)!.done).toBe(
      (await evaluateChecklist(t.prisma, gw.ppr)).done,
    );

    const mtls = await serve({
      requestCert: true,
      rejectUnauthorized: true,
      ca: [pki.clientIssuing],
    });
    const second = await addProbeTarget(t.prisma, testAdmin, gw.ppr, {
      direction: "outbound",
      host: "127.0.0.1",
      port: mtls.port,
    });
    await runProbeTarget(t.prisma, testAdmin, second.ok ? second.target.id : "", OPTIONS);
    expect(await row(gw.ppr, "outbound.tls")).toMatchObject({
      done: true,
      openReason: null,
      evidence: {
        label: `Probe of 127.0.0.1:${mtls.port}: TLS handshake completed, client certificate demanded`,
      },
    });
    expect((await checklistProgress(t.prisma, [gw.ppr])).get(gw.ppr)!.done).toBe(
      (await evaluateChecklist(t.prisma, gw.ppr)).done,
    );
  });

  it("“reachable on 443 or 8443” does not tick for a private or loopback address, with the reason; a public one ticks", async () => {
    // Nothing here may listen on 443: the stored facts are those of a probe that connected there.
    const stored = async (host: string, connectedAddress: string, scope: string | undefined) => {
      const target = await t.prisma.probeTarget.create({
        data: {
          environmentId: gw.prd,
          direction: "outbound",
          host,
          port: 443,
          createdByLabel: "admin",
        },
      });
      const facts = {
        target: { host, port: 443, direction: "outbound" },
        dns: { addresses: [{ address: connectedAddress, family: 4, ttl: null }] },
        tls12: { ok: true },
        tls13: { ok: true },
        reachable: scope === undefined,
        connectedAddress,
        ...(scope ? { connected: true, addressScope: scope } : {}),
      };
      await t.prisma.probeResult.create({
        data: { targetId: target.id, ok: false, durationMs: 30, result: facts },
      });
    };
    await stored("10.20.30.40", "10.20.30.40", "private");
    expect(await row(gw.prd, "outbound.reachable")).toMatchObject({
      done: false,
      openReason:
        "Probe of 10.20.30.40:443: it connected at 10.20.30.40, a private address; D1 connects over the internet and cannot reach it.",
    });
    // A result stored before addressScope existed, at a loopback address, said reachable: it no longer counts.
    await stored("localhost", "127.0.0.1", undefined);
    expect((await row(gw.prd, "outbound.reachable")).done).toBe(false);
    expect((await checklistProgress(t.prisma, [gw.prd])).get(gw.prd)!.done).toBe(0);
    await t.prisma.probeTarget.create({
      data: {
        environmentId: gw.prd,
        direction: "outbound",
        host: "merchant.example",
        port: 8443,
        createdByLabel: "admin",
        results: {
          create: {
            ok: true,
            durationMs: 30,
            result: {
              reachable: true,
              connected: true,
              addressScope: "public",
              connectedAddress: "192.0.2.10",
              tls12: { ok: true },
            },
          },
        },
      },
    });
    expect(await row(gw.prd, "outbound.reachable")).toMatchObject({
      done: true,
      openReason: null,
      evidence: { label: "Probe of merchant.example:8443: reachable" },
    });
  });
});
