import { describe, expect, it } from "vitest";
// biome-ignore format: @ts-expect-error covers one line, so the import stays on one
// @ts-expect-error plain ESM script without types
import { applyForwarded, clientAddress, normalizeAddress, parseTrustedProxies, TrustedProxiesError } from "./forwarded.mjs";

describe("TRUSTED_PROXIES", () => {
  it("is off when unset or empty", () => {
    expect(parseTrustedProxies(undefined)).toBeNull();
    expect(parseTrustedProxies(" , ")).toBeNull();
  });

  it("takes addresses and CIDR ranges, IPv4 and IPv6", () => {
    const trusted = parseTrustedProxies("10.0.0.5, 10.1.0.0/16,fd00::/8, ::1");
    expect(trusted.entries).toEqual(["10.0.0.5", "10.1.0.0/16", "fd00::/8", "::1"]);
    for (const peer of ["10.0.0.5", "::ffff:10.0.0.5", "10.1.200.3", "fd00::1", "::1"])
      expect(clientAddress(peer, { "x-forwarded-for": "203.0.113.7" }, trusted)).toBe(
        "203.0.113.7",
      );
    for (const peer of ["10.0.0.6", "10.2.0.1", "fe80::1", "127.0.0.1"])
      expect(clientAddress(peer, { "x-forwarded-for": "203.0.113.7" }, trusted)).toBe(
        normalizeAddress(peer),
      );
  });

  it.each([
    "proxy.internal",
    "10.0.0.0/33",
    "10.0.0.0/8/8",
    "fd00::/129",
    "10.0.0.300",
    "10.0.0.0/x",
  ])("refuses %j with a message that names it", (entry) => {
    expect(() => parseTrustedProxies(`10.0.0.1,${entry}`)).toThrow(TrustedProxiesError);
    expect(() => parseTrustedProxies(`10.0.0.1,${entry}`)).toThrow(JSON.stringify(entry));
  });
});

describe("the client's address", () => {
  const trusted = parseTrustedProxies("10.0.0.0/8");

  it("is the connection's when no proxy is trusted, whatever the headers claim", () => {
    expect(
      clientAddress(
        "::ffff:192.0.2.1",
        { "x-forwarded-for": "198.51.100.1", "x-real-ip": "198.51.100.2" },
        null,
      ),
    ).toBe("192.0.2.1");
  });

  it("walks X-Forwarded-For from the right past trusted proxies", () => {
    expect(
      clientAddress(
        "10.0.0.1",
        { "x-forwarded-for": "198.51.100.9, 203.0.113.5, 10.0.0.2" },
        trusted,
      ),
    ).toBe("203.0.113.5");
    expect(
      clientAddress("10.0.0.1", { "x-forwarded-for": ["198.51.100.9", "10.0.0.3"] }, trusted),
    ).toBe("198.51.100.9");
    expect(clientAddress("10.0.0.1", { "x-forwarded-for": "10.0.0.7" }, trusted)).toBe("10.0.0.7");
    expect(clientAddress("10.0.0.1", { "x-forwarded-for": "garbage, 10.0.0.2" }, trusted)).toBe(
      "10.0.0.2",
    );
    expect(clientAddress("10.0.0.1", { "x-real-ip": "203.0.113.77" }, trusted)).toBe(
      "203.0.113.77",
    );
    expect(clientAddress("10.0.0.1", {}, trusted)).toBe("10.0.0.1");
  });

  it("rewrites the request's headers: forgeries replaced, a trusted proxy's kept", () => {
    const forged = {
      socket: { remoteAddress: "192.0.2.1" },
      headers: {
        "x-forwarded-for": "198.51.100.1",
        "x-real-ip": "198.51.100.2",
        "x-forwarded-host": "evil.example",
        "x-forwarded-proto": "https",
        "x-forwarded-port": "443",
      } as Record<string, string>,
    };
    applyForwarded(forged, trusted);
    expect(forged.headers).toEqual({ "x-forwarded-for": "192.0.2.1", "x-forwarded-proto": "http" });
    const proxied = {
      socket: { remoteAddress: "10.0.0.1" },
      headers: {
        "x-forwarded-for": "203.0.113.5",
        "x-forwarded-host": "certs.example.com",
        "x-forwarded-proto": "https",
      } as Record<string, string>,
    };
    applyForwarded(proxied, trusted);
    expect(proxied.headers).toEqual({
      "x-forwarded-for": "203.0.113.5",
      "x-forwarded-host": "certs.example.com",
      "x-forwarded-proto": "https",
    });
  });
});
