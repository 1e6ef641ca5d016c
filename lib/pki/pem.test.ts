import { describe, expect, it } from "vitest";
import { decodePemBlocks, findPemLabels, toPem } from "./pem";

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) % 256);

describe("toPem / decodePemBlocks", () => {
  it("writes 64-character lines and reads them back", () => {
    const der = bytes(200);
    const pem = toPem("CERTIFICATE", der);
    const lines = pem.trimEnd().split("\n");
    expect(lines[0]).toBe("-----BEGIN CERTIFICATE-----");
    expect(lines.at(-1)).toBe("-----END CERTIFICATE-----");
    expect(lines.slice(1, -2).every((l) => l.length === 64)).toBe(true);
    expect(lines.at(-2)!.length).toBeLessThanOrEqual(64);
    expect(pem.endsWith("\n")).toBe(true);
    expect(decodePemBlocks(pem)).toEqual([{ label: "CERTIFICATE", der }]);
  });

  it("tolerates CRLF, indentation and surrounding text, and keeps block order", () => {
    const a = toPem("CERTIFICATE REQUEST", bytes(10));
    const b = toPem("PRIVATE KEY", bytes(20));
    const messy = `Here you go:\r\n  ${a.replace(/\n/g, "\r\n    ")}\nand the key\n${b}thanks`;
    expect(decodePemBlocks(messy).map((x) => [x.label, x.der.length])).toEqual([
      ["CERTIFICATE REQUEST", 10],
      ["PRIVATE KEY", 20],
    ]);
  });

  it("keeps RFC 1421 headers of legacy encrypted keys apart from the body", () => {
    const pem =
      "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00FF\n\nAAEC\n-----END RSA PRIVATE KEY-----";
    expect(decodePemBlocks(pem)).toEqual([
      {
        label: "RSA PRIVATE KEY",
        der: new Uint8Array([0, 1, 2]),
        headers: { "Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-256-CBC,00FF" },
      },
    ]);
  });

  it("skips blocks without END, with a mismatched END, or with invalid base64", () => {
    expect(decodePemBlocks("-----BEGIN CERTIFICATE-----\nAAEC\n")).toEqual([]);
    expect(decodePemBlocks("-----BEGIN CERTIFICATE-----\nAAEC\n-----END PUBLIC KEY-----")).toEqual(
      [],
    );
    expect(decodePemBlocks("-----BEGIN CERTIFICATE-----\nA*EC\n-----END CERTIFICATE-----")).toEqual(
      [],
    );
  });

  it("findPemLabels sees labels even when the block is broken", () => {
    expect(findPemLabels("x -----BEGIN EC PRIVATE KEY----- broken")).toEqual(["EC PRIVATE KEY"]);
  });

  it("stays linear on hostile input (many BEGIN lines without END)", () => {
    const hostile =
      Array.from({ length: 50_000 }, (_, i) => `-----BEGIN L${i}-----\nAAAA\n`).join("") +
      "-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n";
    const started = performance.now();
    expect(decodePemBlocks(hostile)).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
