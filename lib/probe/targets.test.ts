import { describe, expect, it } from "vitest";
import { probeConfigFromEnv } from "./config";
import { canonicalDn } from "./dn";
import { parseSClientOutput } from "./openssl";
import { checkAddress, checkHost, parseProbeTargetInput } from "./targets";

const METADATA =
  /is a cloud metadata (address|service): a probe there could read the server's cloud credentials\. It is refused\.$/;
const LINK_LOCAL_V4 = /is a link-local address \(169\.254\.0\.0\/16\)/;
const LINK_LOCAL_V6 = /is a link-local address \(fe80::\/10\)/;

describe("probe target validation", () => {
  const refused: [string, RegExp][] = [
    ["169.254.169.254", METADATA],
    ["metadata.google.internal", METADATA],
    ["METADATA.google.internal.", METADATA],
    ["metadata.goog", METADATA],
    ["100.100.100.200", METADATA],
    ["fd00:ec2::254", /is the AWS IPv6 metadata address/],
    ["[fd00:ec2::254]", /is the AWS IPv6 metadata address/],
    ["169.254.10.1", LINK_LOCAL_V4],
    ["169.254.170.2", LINK_LOCAL_V4],
    ["fe80::1", LINK_LOCAL_V6],
    ["febf::1", LINK_LOCAL_V6],
    ["fe80::1%eth0", /An IPv6 zone/],
    [
      "::ffff:169.254.169.254",
      /^::ffff:169\.254\.169\.254 \(that is 169\.254\.169\.254\) is a cloud metadata address/,
    ],
    ["::ffff:a9fe:a9fe", /\(that is 169\.254\.169\.254\) is a cloud metadata address/],
    ["64:ff9b::a9fe:a9fe", /\(that is 169\.254\.169\.254\) is a cloud metadata address/],
    ["::ffff:169.254.1.1", LINK_LOCAL_V4],
    ["0.0.0.0", /is not a server address/],
    ["::", /is not a server address/],
    ["224.0.0.1", /multicast/],
    ["ff02::1", /multicast/],
    ["255.255.255.255", /broadcast/],
    ["", /^Enter a host name or an IP address\.$/],
    ["https://api.example.com", /without https:\/\/ or a path/],
    ["api.example.com/path", /without https:\/\/ or a path/],
    ["api.example.com:443", /^Put the port in the Port field/],
    ["bad_host.example.com", /"bad_host" is not a valid part of a host name/],
    ["-bad.example.com", /"-bad" is not a valid part/],
    ["a..example.com", /empty part/],
    ["2852039166", /cannot end in a number/],
    ["169.254.169", /cannot end in a number/],
    ["0x7f.1", /cannot end in a number/],
    [`${"a".repeat(64)}.example.com`, /at most 63 characters per part/],
    [`${"abcdefghi.".repeat(26)}com`, /at most 253 characters/],
  ];
  it.each(refused)("refuses %j", (host, message) => {
    const result = checkHost(host);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(message);
  });

  const accepted: [string, string, 0 | 4 | 6][] = [
    ["127.0.0.1", "127.0.0.1", 4],
    ["localhost", "localhost", 0],
    ["::1", "::1", 6],
    ["[::1]", "::1", 6],
    ["10.1.2.3", "10.1.2.3", 4],
    ["192.168.0.10", "192.168.0.10", 4],
    ["  API.D1-STG.Example.NET. ", "api.d1-stg.example.net", 0],
    ["d1.example.test", "d1.example.test", 0],
    ["2001:db8::10", "2001:db8::10", 6],
    ["::ffff:127.0.0.1", "::ffff:127.0.0.1", 6],
  ];
  it.each(accepted)("accepts %j (loopback and private ranges are allowed)", (input, host, ip) => {
    expect(checkHost(input)).toEqual({ ok: true, host, ip });
  });

  it("checks resolved addresses with the same rules", () => {
    expect(checkAddress("127.0.0.1")).toEqual({ allowed: true });
    expect(checkAddress("::1")).toEqual({ allowed: true });
    expect(checkAddress("169.254.169.254")).toMatchObject({ allowed: false, code: "metadata" });
    expect(checkAddress("fd00:ec2:0::254")).toMatchObject({ allowed: false, code: "metadata" });
    expect(checkAddress("FE80::abcd")).toMatchObject({ allowed: false, code: "link-local" });
    expect(checkAddress("169.254.0.1")).toMatchObject({ allowed: false, code: "link-local" });
  });

  const ports: [unknown, string | number][] = [
    [443, 443],
    ["8443", 8443],
    [" 1 ", 1],
    [65535, 65535],
    [0, "Port 0 is not a real port: use 1 to 65535 (usually 443 or 8443)."],
    ["0", "Port 0 is not a real port: use 1 to 65535 (usually 443 or 8443)."],
    [65536, "The port must be at most 65535."],
    [-1, "The port must be a whole number from 1 to 65535."],
    [443.5, "The port must be a whole number from 1 to 65535."],
    ["https", "The port must be a whole number from 1 to 65535."],
    ["", "Enter a port (D1 uses 443, or 8443 for our server)."],
    [undefined, "Enter a port (D1 uses 443, or 8443 for our server)."],
  ];
  it.each(ports)("port %j → %j", (port, expected) => {
    const result = parseProbeTargetInput({ direction: "outbound", host: "127.0.0.1", port });
    if (typeof expected === "number")
      expect(result).toEqual({
        ok: true,
        value: { direction: "outbound", host: "127.0.0.1", port: expected, daily: false },
      });
    else expect(result).toEqual({ ok: false, fields: { port: expected } });
  });

  it("names every bad field at once; reads form booleans", () => {
    expect(
      parseProbeTargetInput({ direction: "sideways", host: "169.254.169.254", port: "0" }),
    ).toEqual({
      ok: false,
      fields: {
        direction:
          'Choose "inbound" (a D1 server that we call) or "outbound" (our server that D1 calls).',
        host: "169.254.169.254 is a cloud metadata address: a probe there could read the server's cloud credentials. It is refused.",
        port: "Port 0 is not a real port: use 1 to 65535 (usually 443 or 8443).",
      },
    });
    expect(
      parseProbeTargetInput({
        direction: "inbound",
        host: "D1.example.test",
        port: "443",
        daily: "on",
      }),
    ).toEqual({
      ok: true,
      value: { direction: "inbound", host: "d1.example.test", port: 443, daily: true },
    });
    expect(parseProbeTargetInput(null)).toMatchObject({
      ok: false,
      fields: { direction: expect.any(String), host: expect.any(String), port: expect.any(String) },
    });
  });
});

describe("probe configuration", () => {
  it("5 s per connection by default, the whole probe three times that; bounded; openssl can be turned off", () => {
    expect(probeConfigFromEnv({})).toEqual({
      timeoutMs: 5_000,
      totalTimeoutMs: 15_000,
      openssl: "openssl",
    });
    expect(probeConfigFromEnv({ PROBE_TIMEOUT_MS: "2000" })).toEqual({
      timeoutMs: 2_000,
      totalTimeoutMs: 6_000,
      openssl: "openssl",
    });
    expect(probeConfigFromEnv({ PROBE_TIMEOUT_MS: "10", PROBE_TOTAL_TIMEOUT_MS: "1" })).toEqual({
      timeoutMs: 200,
      totalTimeoutMs: 200,
      openssl: "openssl",
    });
    expect(probeConfigFromEnv({ PROBE_TIMEOUT_MS: "abc", PROBE_OPENSSL: "off" })).toMatchObject({
      timeoutMs: 5_000,
      openssl: null,
    });
    expect(probeConfigFromEnv({ PROBE_OPENSSL: "/opt/openssl/bin/openssl" }).openssl).toBe(
      "/opt/openssl/bin/openssl",
    );
  });
});

describe("reading openssl s_client", () => {
  it("CA names end at the next section; 'No client certificate CA names sent' alone is no request", () => {
    const asked =
      "---\nAcceptable client certificate CA names\nC=FR, O=Thales\\, D1, CN=CA 1\nCN=CA 2\nRequested Signature Algorithms: ECDSA+SHA256\n---\nSSL handshake has read 1 bytes";
    expect(parseSClientOutput(asked)).toEqual({
      requested: true,
      caNames: ["C=FR, O=Thales\\, D1, CN=CA 1", "CN=CA 2"],
      spoke: true,
    });
    const none =
      "Certificate chain\n---\nNo client certificate CA names sent\nPeer signing digest: SHA256\n---";
    expect(parseSClientOutput(none)).toEqual({ requested: false, caNames: [], spoke: true });
    const noNames =
      "Certificate chain\n---\nNo client certificate CA names sent\nClient Certificate Types: ECDSA sign\n";
    expect(parseSClientOutput(noNames)).toEqual({ requested: true, caNames: [], spoke: true });
    expect(parseSClientOutput("connect:errno=111")).toEqual({
      requested: false,
      caNames: [],
      spoke: false,
    });
  });

  it("compares DNs across OpenSSL's and our spelling", () => {
    expect(
      canonicalDn("C=FR, O=Thales Test\\, D1, OU=eCom + L=Paris, CN=Thales Test Client CA"),
    ).toBe(canonicalDn("C=FR, O=Thales Test\\, D1, OU=eCom+L=Paris, CN=Thales Test Client CA"));
    expect(canonicalDn("C = FR, CN = thales  CA")).toBe(canonicalDn("C=FR, CN=Thales CA"));
    expect(canonicalDn("C=FR, CN=Thales CA")).not.toBe(canonicalDn("CN=Thales CA, C=FR"));
    expect(canonicalDn("O=A\\, B")).not.toBe(canonicalDn("O=A, O=B"));
  });
});
