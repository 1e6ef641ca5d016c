import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/openapi/document";
import type { ProbeReport } from "./evidence";
import { PROBE_FINDING_CODES, probeFindings } from "./findings";

const base: ProbeReport = {
  target: { host: "merchant.example", port: 443, direction: "outbound" },
  dns: { addresses: [{ address: "192.0.2.10", family: 4, ttl: 60 }] },
  tls12: { ok: true, protocol: "TLSv1.2", cipher: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" },
  tls13: { ok: true, protocol: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" },
  chain: {
    certificates: [
      {
        subject: "CN=merchant.example",
        issuer: "CN=CA",
        notAfter: "2030-01-01T00:00:00.000Z",
        sha256: "ab",
        pem: "",
      },
    ],
    verified: true,
    verifiedAgainst: "mozilla",
  },
  clientCertRequested: true,
  clientCertRequired: true,
  acceptableCaNames: ["CN=Thales Client CA"],
  thalesClientCaAccepted: { matches: ["CN=Thales Client CA"], missing: [] },
  reachable: true,
  timedOut: false,
  connectedAddress: "192.0.2.10",
};
const now = new Date("2029-12-20T00:00:00Z");
const texts = (r: ProbeReport) => probeFindings(r, now).map((f) => `${f.tone}: ${f.text}`);

describe("probe findings in plain words", () => {
  it("a good outbound server", () => {
    expect(texts(base)).toEqual([
      "info: DNS gave 1 address (TTL 60 s). Resolve the name every time and cache no longer than the TTL: D1's addresses change.",
      "good: TLS 1.2 and TLS 1.3 negotiated.",
      "good: The chain verifies against Mozilla's roots for merchant.example.",
      "warn: The server certificate expires in 12 days (2030-01-01).",
      "good: Our server demands a client certificate (mutual TLS).",
      "good: The server names every CA of the thales-client-ca store as acceptable.",
    ]);
  });

  it("an outbound server that does not do mutual TLS, on another port, missing the Thales CA", () => {
    const findings = texts({
      ...base,
      target: { ...base.target, port: 9443 },
      clientCertRequired: false,
      clientCertRequested: false,
      acceptableCaNames: null,
      thalesClientCaAccepted: null,
    });
    expect(findings).toContain(
      "bad: Our server does not ask for a client certificate: D1 calls us with mutual TLS, so the server must demand one issued by the Thales Client CA.",
    );
    expect(findings).toContain("info: D1 calls our server on 443 (preferred) or 8443, not 9443.");
    const missing = texts({
      ...base,
      thalesClientCaAccepted: { matches: [], missing: ["CN=Thales Client CA 2"] },
    });
    expect(missing).toContain(
      "warn: The server does not name CN=Thales Client CA 2 among the client CAs it accepts, yet our thales-client-ca store trusts it.",
    );
  });

  it("unreachable and timed-out targets stop at that", () => {
    const down: ProbeReport = {
      ...base,
      reachable: false,
      timedOut: true,
      chain: null,
      tls12: { ok: false, error: "No TCP answer from 192.0.2.10:443 within 5000 ms." },
      tls13: { ok: false, error: "x" },
    };
    expect(texts(down)).toEqual([
      "info: DNS gave 1 address (TTL 60 s). Resolve the name every time and cache no longer than the TTL: D1's addresses change.",
      "bad: Not reachable: No TCP answer from 192.0.2.10:443 within 5000 ms.",
      "warn: A step ran into its time-out: the server (or a firewall) does not answer in time.",
    ]);
  });

  it("every finding has a code; outbound at a private address, with extra CAs and no mutual TLS", () => {
    const report: ProbeReport = {
      ...base,
      reachable: false,
      connected: true,
      addressScope: "private",
      connectedAddress: "10.0.0.7",
      clientCertRequired: false,
      clientCertRequested: true,
      acceptableCaNames: ["CN=Thales Client CA", "CN=Corporate Issuing CA"],
      thalesClientCaAccepted: {
        matches: ["CN=Thales Client CA"],
        missing: [],
        extra: ["CN=Corporate Issuing CA"],
      },
    };
    expect(probeFindings(report, now).map((f) => `${f.code} ${f.tone}`)).toEqual([
      "dns-ttl info",
      "unreachable-private-address bad",
      "tls-versions good",
      "chain-verified good",
      "server-cert-expiring warn",
      "client-cert-optional warn",
      "tls-item-needs-mutual-tls warn",
      "thales-client-ca-named good",
      "extra-client-ca bad",
    ]);
    // A result stored before `connected` existed: reachable meant connected, nothing more is said.
    const legacy = { ...base, connectedAddress: "127.0.0.1" };
    expect(probeFindings(legacy, now).map((f) => f.code)).not.toContain(
      "unreachable-private-address",
    );
  });

  it("the read endpoints are in the OpenAPI document, with the report's new fields and every finding code", () => {
    const doc = openApiDocument("http://localhost");
    const paths = doc.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths["/api/v1/environments/{envId}/probes"]!).sort()).toEqual([
      "get",
      "post",
    ]);
    expect(Object.keys(paths["/api/v1/environments/{envId}/probes/{targetId}/results"]!)).toEqual([
      "get",
    ]);
    const text = JSON.stringify(paths["/api/v1/environments/{envId}/probes/{targetId}/results"]);
    for (const code of PROBE_FINDING_CODES) expect(text).toContain(`"${code}"`);
    for (const field of ['"extra"', '"connected"', '"addressScope"', '"findings"'])
      expect(text).toContain(field);
  });
});
