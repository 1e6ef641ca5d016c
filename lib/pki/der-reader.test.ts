import { describe, expect, it } from "vitest";
import {
  children,
  DerError,
  encodeTlv,
  readOid,
  readRoot,
  readTime,
  readTlv,
  TAG,
} from "./der-reader";

const bytes = (...b: number[]) => Uint8Array.from(b);

describe("der-reader", () => {
  it("reads short and long lengths and refuses lengths past the end", () => {
    expect(readTlv(bytes(0x04, 0x02, 0xaa, 0xbb), 0)).toEqual({
      tag: 0x04,
      start: 0,
      body: 2,
      end: 4,
    });
    const long = encodeTlv(0x04, new Uint8Array(300));
    expect(readTlv(long, 0)).toEqual({ tag: 0x04, start: 0, body: 4, end: 304 });
    expect(() => readTlv(bytes(0x04, 0x05, 0x00), 0)).toThrow(DerError);
    expect(() => readTlv(bytes(0x30, 0x80, 0x00, 0x00), 0)).toThrow(/length/); // BER indefinite length
    expect(() => readTlv(bytes(0x30, 0x85, 1, 1, 1, 1, 1), 0)).toThrow(DerError);
    expect(() => readTlv(bytes(0x1f, 0x01, 0x00), 0)).toThrow(/tag/);
    expect(() => readTlv(bytes(0x30), 0)).toThrow(DerError);
  });

  it("readRoot insists on one element spanning the input; children stay inside their parent", () => {
    expect(() => readRoot(bytes(0x30, 0x00, 0x00), TAG.SEQUENCE)).toThrow(/extra bytes/);
    // The inner element claims 3 bytes but its parent only has 2.
    const nested = bytes(0x30, 0x04, 0x04, 0x03, 0xaa, 0xbb);
    expect(() => children(nested, readRoot(nested, TAG.SEQUENCE))).toThrow(DerError);
    expect(() => children(bytes(0x04, 0x00), readTlv(bytes(0x04, 0x00), 0))).toThrow(/primitive/);
  });

  it("decodes object identifiers, including large arcs and the 2.x branch", () => {
    const oid = (...content: number[]) =>
      readOid(encodeTlv(0x06, Uint8Array.from(content)), {
        tag: 6,
        start: 0,
        body: 2,
        end: 2 + content.length,
      });
    expect(oid(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b)).toBe("1.2.840.113549.1.1.11");
    expect(oid(0x55, 0x1d, 0x25, 0x00)).toBe("2.5.29.37.0");
    expect(oid(0x88, 0x37, 0x01)).toBe("2.999.1");
    expect(() => oid(0x2a, 0x86)).toThrow(/truncated/);
    expect(() => oid(0x2a, ...new Array(10).fill(0xff), 0x01)).toThrow(/too large/);
  });

  it("reads RFC 5280 times and refuses impossible or non-UTC ones", () => {
    const time = (tag: number, text: string) => {
      const der = encodeTlv(tag, new TextEncoder().encode(text));
      return readTime(der, readTlv(der, 0));
    };
    expect(time(TAG.UTC_TIME, "491231235959Z").toISOString()).toBe("2049-12-31T23:59:59.000Z");
    expect(time(TAG.UTC_TIME, "500101000000Z").toISOString()).toBe("1950-01-01T00:00:00.000Z");
    expect(time(TAG.GENERALIZED_TIME, "20501231235959Z").toISOString()).toBe(
      "2050-12-31T23:59:59.000Z",
    );
    expect(() => time(TAG.UTC_TIME, "250231000000Z")).toThrow(/does not exist/);
    expect(() => time(TAG.UTC_TIME, "2501010000Z")).toThrow(DerError);
    expect(() => time(TAG.GENERALIZED_TIME, "20250101000000+0100")).toThrow(DerError);
    expect(() => time(TAG.UTC_TIME, "9".repeat(200))).toThrow(/too long/);
  });
});
