import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";

describe.each(DATABASE_KINDS)("binary columns on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => (t = await createTestDatabase(kind)));
  afterAll(() => t.drop());

  it("store and return the exact bytes (not their base64 text)", async () => {
    const gateway = await t.prisma.gateway.create({
      data: {
        merchantGatewayId: "BYTES_0001",
        name: "b",
        environments: { create: [{ code: "PPR" }] },
      },
      include: { environments: true },
    });
    const der = new Uint8Array([0x30, 0x82, 0x00, 0xff, 0x5c, 0x78, 0x00, 0x41]);
    const entry = await t.prisma.trustStoreEntry.create({
      data: {
        environmentId: gateway.environments[0]!.id,
        kind: "thales_client_ca",
        der,
        sha256: "x",
        subjectDn: "CN=x",
        issuerDn: "CN=x",
        notBefore: new Date(),
        notAfter: new Date(),
        isCa: true,
        selfIssued: true,
        createdByLabel: "t",
      },
    });
    const read = await t.prisma.trustStoreEntry.findUniqueOrThrow({ where: { id: entry.id } });
    expect(Array.from(read.der)).toEqual(Array.from(der));
    const length = await t.prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT octet_length(der)::int AS n FROM trust_store_entry WHERE id = '${entry.id}'`,
    );
    expect(length[0]!.n).toBe(8);
  });
});
