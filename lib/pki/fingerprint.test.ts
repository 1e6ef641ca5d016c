import { describe, expect, it } from "vitest";
import { fingerprintColonHex, normalizeHex, sha256Hex, toColonHex } from "./fingerprint";

const abc = new TextEncoder().encode("abc");

describe("fingerprints", () => {
  it("sha256Hex matches the FIPS 180-2 test vector", async () => {
    expect(await sha256Hex(abc)).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it("fingerprintColonHex prints uppercase colon-separated bytes", async () => {
    expect(await fingerprintColonHex(abc)).toBe(
      "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD",
    );
    expect(await fingerprintColonHex(abc, "SHA-1")).toBe(
      "A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D",
    );
    expect(toColonHex(new Uint8Array([0, 15, 255]))).toBe("00:0F:FF");
  });

  it("normalizeHex makes colon and plain spellings comparable", () => {
    expect(normalizeHex("8E:CD:e6 88")).toBe("8ecde688");
  });
});
