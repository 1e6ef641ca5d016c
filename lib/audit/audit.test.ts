import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "@/lib/testing/databases";
import { appendAudit } from "./append";
import { verifyAuditChain } from "./verify";
import type { Actor } from "@/lib/auth/actor";

const actor: Actor = { type: "user", id: "u1", label: "ops@example.com", role: "admin" };

describe.each(DATABASE_KINDS)("audit chain on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    for (let i = 0; i < 5; i++) {
      await t.prisma.$transaction((tx) =>
        appendAudit(tx, actor, {
          action: "test.write",
          objectType: "thing",
          objectId: `t${i}`,
          summary: { i, b: "x", a: [1, { z: 1, y: 2 }] },
        }),
      );
    }
  });
  afterAll(() => t.drop());

  it("verifies when untouched", async () => {
    expect(await verifyAuditChain(t.prisma)).toEqual({ ok: true, count: 5 });
  });

  it("stays a single chain when many appends race", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.prisma.$transaction((tx) =>
          appendAudit(tx, actor, { action: "test.race", objectType: "thing", summary: { i } }),
        ),
      ),
    );
    expect(await verifyAuditChain(t.prisma)).toEqual({ ok: true, count: 25 });
  });

  it("refuses UPDATE and DELETE at the database", async () => {
    // (The PGlite adapter drops the database's message, so only PostgreSQL shows it.)
    const message = kind === "postgres" ? /append-only/ : undefined;
    await expect(
      t.prisma.$executeRawUnsafe(`UPDATE audit_event SET "actorLabel" = 'x' WHERE seq = 2`),
    ).rejects.toThrow(message);
    await expect(
      t.prisma.$executeRawUnsafe(`DELETE FROM audit_event WHERE seq = 2`),
    ).rejects.toThrow(message);
    await expect(t.prisma.$executeRawUnsafe(`TRUNCATE audit_event`)).rejects.toThrow(message);
    expect(await t.prisma.auditEvent.count()).toBe(25);
    expect((await t.prisma.auditEvent.findUniqueOrThrow({ where: { seq: 2n } })).actorLabel).toBe(
      "ops@example.com",
    );
  });

  it("names the first altered record when someone bypasses the trigger", async () => {
    await t.prisma.$executeRawUnsafe(
      `ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`,
    );
    await t.prisma.$executeRawUnsafe(`UPDATE audit_event SET summary = '{"i": 99}' WHERE seq = 3`);
    const report = await verifyAuditChain(t.prisma);
    expect(report).toMatchObject({ ok: false, brokenSeq: 3n, count: 2 });
    expect(report.ok ? "" : report.reason).toMatch(/altered/);
  });
});
