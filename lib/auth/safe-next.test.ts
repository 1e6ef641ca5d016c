import { describe, expect, it } from "vitest";
import { DEFAULT_NEXT, safeNextPath } from "./safe-next";

describe("safeNextPath", () => {
  it.each([
    "/gateways",
    "/gateways/MGW_000001/prod/csrs?page=2",
    "/audit#latest",
    "/search?q=a%20b",
  ])("keeps the path on this site: %s", (next) => {
    expect(safeNextPath(next)).toBe(next);
  });

  it("normalises dot segments, still on this site", () => {
    expect(safeNextPath("/a/../b")).toBe("/b");
    expect(safeNextPath("/../../etc")).toBe("/etc");
  });

  it.each([
    ["/\\evil.example", "backslash read as a slash"],
    ["/%5Cevil.example", "encoded backslash"],
    ["/%09/evil.example", "encoded tab"],
    ["/\t/evil.example", "raw tab"],
    ["/\n/evil.example", "raw newline"],
    ["/%0a/evil.example", "encoded newline"],
    ["/%2F/evil.example", "encoded slash"],
    ["//evil.example", "protocol-relative"],
    ["///evil.example", "three slashes"],
    ["http://evil.example/", "absolute http"],
    ["https://evil.example/path", "absolute https"],
    ["javascript:alert(1)", "javascript scheme"],
    ["JaVaScRiPt:alert(1)", "javascript scheme, mixed case"],
    ["evil.example", "relative, no slash"],
    ["/x\u0000y", "NUL"],
    ["/x\u007fy", "DEL"],
    ["/x\u0085y", "C1 control"],
    ["/%E0%A4%A", "broken percent-encoding"],
    ["", "empty"],
    [`/${"a".repeat(3000)}`, "too long"],
  ])("falls back to the overview for %j (%s)", (next) => {
    expect(safeNextPath(next)).toBe(DEFAULT_NEXT);
  });

  it.each([undefined, null, 42, ["/a"], { href: "/a" }])(
    "falls back for a non-string %j",
    (next) => {
      expect(safeNextPath(next)).toBe(DEFAULT_NEXT);
    },
  );

  it("every accepted value resolves to this site in a real URL parser", () => {
    const site = "https://certs.example.com";
    for (const next of ["/a", "/a?b=//c", "/%2e%2e/x", "/a/%2e%2e/%2e%2e/b"]) {
      expect(new URL(safeNextPath(next), site).origin).toBe(site);
    }
  });
});
