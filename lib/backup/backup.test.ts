import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/databases";
import { makeCaFixtures, type CaFixtures } from "@/lib/pki/test-support/ca";
import { verifyAuditChain } from "@/lib/audit/verify";
import { appendAudit } from "@/lib/audit/append";
import { cliActor } from "@/lib/auth/actor";
import { listCertificates } from "@/lib/certificate/data";
import { exportDatabase } from "./export";
import { importDatabase } from "./import";
import { BACKUP_FORMAT, BackupError } from "./format";
import { BACKUP_TABLES, EXCLUDED_MODELS } from "./tables";
import { seedActor, seedEveryKindOfRow } from "./test-support";

let fx: CaFixtures;
beforeAll(() => {
  fx = makeCaFixtures();
}, 120_000);
afterAll(() => fx.ssl.cleanup());

/** The backup document as text, exported through a Node writable like the CLI's file. */
async function exportText(
  t: TestDatabase,
  options: Parameters<typeof exportDatabase>[2] = {},
): Promise<string> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      chunks.push(chunk);
      done();
    },
  });
  await exportDatabase(t.prisma, sink, options);
  return Buffer.concat(chunks).toString("utf8");
}
const withoutCreatedAt = (text: string) =>
  text.replace(/"createdAt":"[^"]+","tables"/, '"createdAt":"-","tables"');

/** Row counts of every backed-up table. */
async function counts(t: TestDatabase) {
  const out: Record<string, number> = {};
  for (const table of BACKUP_TABLES)
    out[table.table] = await (t.prisma as unknown as Record<string, { count(): Promise<number> }>)[
      table.delegate
    ]!.count();
  return out;
}

describe.each([
  ["pglite", "postgres"],
  ["postgres", "pglite"],
] as const)("backup round trip %s → %s", (from, to) => {
  let source: TestDatabase;
  let target: TestDatabase;
  let first = "";

  beforeAll(async () => {
    source = await createTestDatabase(from);
    target = await createTestDatabase(to);
    await seedEveryKindOfRow(source.prisma, fx);
    first = await exportText(source);
  }, 120_000);
  afterAll(async () => {
    await source?.drop();
    await target?.drop();
  });

  it("the seed filled every table, and the document holds every row of each", async () => {
    const doc = JSON.parse(first);
    expect(doc).toMatchObject({
      format: BACKUP_FORMAT,
      version: 1,
      schemaMigration: expect.stringMatching(/^\d{14}_/),
    });
    expect(Object.keys(doc.tables)).toEqual(BACKUP_TABLES.map((t) => t.table));
    const inDb = await counts(source);
    const empty = Object.entries(inDb)
      .filter(([, n]) => n === 0)
      .map(([t]) => t);
    expect(empty, "tables the seed left empty").toEqual([]);
    for (const [table, n] of Object.entries(inDb)) expect(doc.tables[table], table).toHaveLength(n);
    // Excluded on purpose: sessions, rate limits, verifications, setup codes, and the aggregates
    // that triggers derive from the restored rows (ADR 0021).
    for (const name of [
      "session",
      "rate_limit",
      "verification",
      "setup_code",
      "expiry_bucket",
      "reminder_open",
      "certificate_name",
      "csr_name",
      "trust_store_entry_name",
    ])
      expect(doc.tables[name]).toBeUndefined();
    expect(Object.keys(EXCLUDED_MODELS).sort()).toEqual([
      "CertificateName",
      "CsrName",
      "ExpiryBucket",
      "RateLimit",
      "ReminderOpen",
      "Session",
      "SetupCode",
      "TrustStoreEntryName",
      "Verification",
    ]);
  });

  it("encodes bytes as base64, bigint as a string, dates as ISO (UTC) and keeps JSON as is", async () => {
    const doc = JSON.parse(first);
    const cert = await source.prisma.certificate.findFirstOrThrow({
      where: { compliant: true, csrId: { not: null } },
    });
    const row = doc.tables.certificate.find((r: { id: string }) => r.id === cert.id);
    expect(Buffer.from(row.der, "base64").equals(Buffer.from(cert.der))).toBe(true);
    expect(row.notAfter).toBe(cert.notAfter.toISOString());
    expect(row.notAfter).toMatch(/Z$/);
    expect(row.checks).toEqual(cert.checks);
    expect(doc.tables.audit_event[0].seq).toBe("1");
    expect(doc.tables.client_ca_change[0].der).toBe(
      Buffer.from([0x30, 0x82, 0x00, 0x00, 0xff, 0x5c]).toString("base64"),
    );
    expect(
      doc.tables.gateway.find(
        (g: { merchantGatewayId: string }) => g.merchantGatewayId === "MGW_000001",
      ).reminderThresholds,
    ).toEqual([90, 30, 7]);
  });

  it(`imports into an empty ${to} database, and exporting that gives the same document (but for its createdAt)`, async () => {
    const summary = await importDatabase(target.prisma, first);
    expect(summary.rows).toBe(Object.values(await counts(source)).reduce((a, b) => a + b, 0));
    const second = await exportText(target);
    expect(JSON.parse(second).createdAt).not.toBe(""); // its own
    expect(withoutCreatedAt(second)).toBe(withoutCreatedAt(first));
    expect(await counts(target)).toEqual(await counts(source));
  });

  it("the imported audit chain verifies (as `npm run admin -- audit verify` does) and keeps growing from its last record", async () => {
    const before = await verifyAuditChain(target.prisma);
    expect(before).toEqual({ ok: true, count: await source.prisma.auditEvent.count() });
    await target.prisma.$transaction((tx) =>
      appendAudit(tx, cliActor(), { action: "test.after-import", objectType: "test", summary: {} }),
    );
    const after = await verifyAuditChain(target.prisma);
    expect(after).toEqual({ ok: true, count: before.ok ? before.count + 1 : -1 });
    const last = await target.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(last.seq).toBe(BigInt(before.ok ? before.count + 1 : -1));
  });

  it("the app reads the imported data as it read the original: inventory, bytes, sessions gone", async () => {
    const a = await listCertificates(source.prisma, {});
    const b = await listCertificates(target.prisma, {});
    expect(
      b.rows.map((r) => [r.id, r.commonName, r.notAfter.toISOString(), r.supersededById]),
    ).toEqual(a.rows.map((r) => [r.id, r.commonName, r.notAfter.toISOString(), r.supersededById]));
    const der = async (t: TestDatabase) =>
      Buffer.from(
        (await t.prisma.trustStoreEntry.findMany({ orderBy: { id: "asc" } }))[0]!.der,
      ).toString("hex");
    expect(await der(target)).toBe(await der(source));
    expect(await target.prisma.session.count()).toBe(0);
    expect(await target.prisma.rateLimit.count()).toBe(0);
    const alice = await target.prisma.user.findUniqueOrThrow({
      where: { email: "alice@example.com" },
      include: { accounts: true },
    });
    expect(alice.name).toBe('Alice Ünïcode ✓ "quoted"');
    expect(alice.accounts[0]!.password).toMatch(/\S{20,}/); // the password hash came along: alice can sign in
  });

  it("refuses to import into a database that is not empty, and changes nothing there", async () => {
    const before = await counts(target);
    const error = await importDatabase(target.prisma, first).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as BackupError).code).toBe("not_empty");
    expect((error as Error).message).toMatch(
      /not empty \(user: 2 rows, .*audit_event: \d+ rows\).*Nothing was imported/,
    );
    expect(await counts(target)).toEqual(before);
  });
});

describe.each(["pglite", "postgres"] as const)("backup import refusals on %s", (kind) => {
  let source: TestDatabase;
  let target: TestDatabase;
  let doc = "";

  beforeAll(async () => {
    source = await createTestDatabase(kind);
    target = await createTestDatabase(kind);
    await seedEveryKindOfRow(source.prisma, fx);
    doc = await exportText(source);
  }, 120_000);
  afterAll(async () => {
    await source?.drop();
    await target?.drop();
  });

  const refused = async (input: string) => {
    const error = await importDatabase(target.prisma, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect(
      Object.values(await counts(target)).every((n) => n === 0),
      "nothing was stored",
    ).toBe(true);
    return error as BackupError;
  };

  it("refuses garbage and a truncated file, naming the problem", async () => {
    expect(await refused("this is not json")).toMatchObject({
      code: "not_json",
      message: expect.stringContaining("not valid JSON"),
    });
    expect(await refused(doc.slice(0, Math.floor(doc.length * 0.7)))).toMatchObject({
      code: "not_json",
      message: expect.stringContaining("cut short"),
    });
    expect(await refused("[]")).toMatchObject({ code: "wrong_format" });
    expect(await refused(JSON.stringify({ format: "something-else", version: 1 }))).toMatchObject({
      code: "wrong_format",
      message: expect.stringContaining('"something-else"'),
    });
  });

  it("refuses another format version and another schema migration", async () => {
    const parsed = JSON.parse(doc);
    expect(await refused(JSON.stringify({ ...parsed, version: 2 }))).toMatchObject({
      code: "wrong_version",
      message: expect.stringContaining("version 2"),
    });
    expect(
      await refused(JSON.stringify({ ...parsed, schemaMigration: "20990101000000_future" })),
    ).toMatchObject({
      code: "schema_mismatch",
      message: expect.stringContaining("20990101000000_future"),
    });
  });

  it("validates every row with the schema: a bad value, a missing column or an unknown one is named by its path", async () => {
    const parsed = JSON.parse(doc);
    const badDate = structuredClone(parsed);
    badDate.tables.certificate[0].notAfter = "next Tuesday";
    expect((await refused(JSON.stringify(badDate))).message).toContain(
      "tables.certificate[0].notAfter",
    );
    const missing = structuredClone(parsed);
    delete missing.tables.gateway[0].name;
    expect((await refused(JSON.stringify(missing))).message).toContain("tables.gateway[0].name");
    const extra = structuredClone(parsed);
    extra.tables.user[0].isSuperuser = true;
    expect((await refused(JSON.stringify(extra))).code).toBe("invalid");
    const badEnum = structuredClone(parsed);
    badEnum.tables.user[0].role = "root";
    expect((await refused(JSON.stringify(badEnum))).message).toContain("tables.user[0].role");
    const noTable = structuredClone(parsed);
    delete noTable.tables.signing_key;
    expect((await refused(JSON.stringify(noTable))).message).toContain("tables.signing_key");
  });

  it("a row that breaks a constraint late in the import (the last tables) stores nothing at all", async () => {
    const parsed = JSON.parse(doc);
    const duplicate = structuredClone(parsed);
    duplicate.tables.signing_key.push({ ...duplicate.tables.signing_key[0] });
    const error = await refused(JSON.stringify(duplicate));
    expect(error).toMatchObject({
      code: "write_failed",
      message: expect.stringMatching(
        /^Writing table signing_key failed: .*Nothing was imported\.$/s,
      ),
    });
    const dangling = structuredClone(parsed);
    dangling.tables.renewal[0].oldCertificateId = "no-such-certificate";
    expect((await refused(JSON.stringify(dangling))).message).toContain(
      "Writing table renewal failed",
    );
  });

  it("refuses a backup whose audit chain was edited, even when every later hash was recomputed, before writing anything", async () => {
    const parsed = JSON.parse(doc);
    const records = parsed.tables.audit_event as {
      seq: string;
      summary: unknown;
      hash: string;
      prevHash: string;
    }[];
    expect(records.length).toBeGreaterThan(3);
    // One edited summary: the record no longer hashes to what it says.
    const edited = structuredClone(parsed);
    edited.tables.audit_event[2].summary = { note: "nothing happened here" };
    const error = await refused(JSON.stringify(edited));
    expect(error).toMatchObject({ code: "audit_chain_broken" });
    expect(error.message).toMatch(
      new RegExp(
        `^The backup's audit trail is broken at record ${records[2]!.seq}: its content was altered after it was written\\. .*nothing was imported`,
      ),
    );
    // A removed record: the next one names the gap.
    const removed = structuredClone(parsed);
    removed.tables.audit_event.splice(1, 1);
    expect((await refused(JSON.stringify(removed))).message).toMatch(
      new RegExp(`broken at record ${records[1]!.seq}: record ${records[1]!.seq} is missing`),
    );
    // Nothing was written, not even the import's own audit record, also with an actor.
    const withActor = await importDatabase(target.prisma, JSON.stringify(edited), {
      actor: cliActor(),
    }).catch((e: unknown) => e);
    expect(withActor).toMatchObject({ code: "audit_chain_broken" });
    expect(await target.prisma.auditEvent.count()).toBe(0);
  });

  it("with an actor, records the export before it, and the import after the imported chain", async () => {
    const audited = await exportText(source, { actor: seedActor, destination: "test" });
    const exported = JSON.parse(audited).tables.audit_event.at(-1);
    expect(exported).toMatchObject({
      action: "backup.export",
      actorLabel: seedActor.label,
      summary: { destination: "test" },
    });
    const summary = await importDatabase(target.prisma, audited, {
      actor: cliActor(),
      source: "backup.json",
    });
    const last = await target.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(last).toMatchObject({
      action: "backup.import",
      actorType: "cli",
      summary: { source: "backup.json", backupCreatedAt: summary.createdAt },
    });
    expect(last.seq).toBe(BigInt(exported.seq) + 1n);
    expect(await verifyAuditChain(target.prisma)).toMatchObject({ ok: true });
  });
});
