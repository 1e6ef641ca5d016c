// The anchor through the real CLI (`npm run admin -- audit …` is this command line), on a PGlite
// data directory and on a PostgreSQL database: someone with database access rewrites one record
// and every hash after it, so the chain is consistent again. `audit verify` alone cannot see it;
// an anchor taken before the rewrite can, and names where. A backup of such a trail, or of one
// with a plain edit, is refused by `backup import` before it writes anything.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/client";
import { createPostgresDatabase } from "@/lib/testing/databases";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "./append";
import { auditHash } from "./hash";
import { parseAnchor } from "./anchor";

const run = promisify(execFile);
const actor: Actor = { type: "user", id: "u1", label: "ops@example.com", role: "admin" };

type Target = {
  env: Record<string, string>;
  open: () => ReturnType<typeof openDatabase>;
  drop: () => Promise<void>;
};

async function pgliteTarget(): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-anchor-"));
  return {
    env: { DATA_DIR: dir, DATABASE_URL: "" },
    open: () => openDatabase("anchor test", { kind: "pglite", dataDir: dir }),
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
async function postgresTarget(): Promise<Target> {
  const { url, drop } = await createPostgresDatabase();
  return {
    env: { DATABASE_URL: url },
    open: () => openDatabase("anchor test", { kind: "postgres", url }),
    drop,
  };
}

/** Runs the admin CLI as `npm run admin` does; resolves with the exit code and both outputs. */
async function admin(target: Target, ...args: string[]) {
  const result = await run(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/admin.ts", ...args],
    { env: { ...process.env, ...target.env } },
  ).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
  return result;
}

async function withDb<T>(target: Target, work: (db: Db) => Promise<T>): Promise<T> {
  const opened = await target.open();
  try {
    return await work(opened.prisma);
  } finally {
    await opened.close();
  }
}

/** What an intruder with database access does: edit record `seq`, then recompute every later hash. */
async function rewriteFrom(db: Db, seq: bigint) {
  await db.$executeRawUnsafe(
    `ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`,
  );
  const rows = await db.auditEvent.findMany({
    where: { seq: { gte: seq - 1n } },
    orderBy: { seq: "asc" },
  });
  let prevHash = rows[0]!.hash;
  for (const row of rows.slice(1)) {
    const summary = row.seq === seq ? { i: 999, note: "rewritten" } : row.summary;
    const { hash: _old, ...fields } = { ...row, summary, prevHash };
    const hash = auditHash(fields);
    await db.$executeRawUnsafe(
      `UPDATE audit_event SET summary = $1::jsonb, "prevHash" = $2, hash = $3 WHERE seq = $4`,
      JSON.stringify(summary),
      prevHash,
      hash,
      row.seq,
    );
    prevHash = hash;
  }
  await db.$executeRawUnsafe(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete`);
}

const append = (db: Db, from: number, to: number) =>
  (async () => {
    for (let i = from; i <= to; i++)
      await db.$transaction((tx) =>
        appendAudit(tx, actor, {
          action: "test.write",
          objectType: "thing",
          objectId: `t${i}`,
          summary: { i },
        }),
      );
  })();

describe.each([
  ["pglite", pgliteTarget],
  ["postgres", postgresTarget],
] as const)("audit anchors through the CLI on %s", (_kind, make) => {
  let target: Target;
  let early = "";
  let later = "";
  beforeAll(async () => {
    target = await make();
    await withDb(target, (db) => append(db, 1, 6));
  }, 120_000);
  afterAll(() => target?.drop());

  it("prints the head as SEQ:HASH on its last line", async () => {
    const out = await admin(target, "audit", "anchor");
    expect(out.code).toBe(0);
    early = out.stdout.trim().split("\n").at(-1)!;
    expect(early).toMatch(/^6:[0-9a-f]{64}$/);
    const head = await withDb(target, (db) =>
      db.auditEvent.findUniqueOrThrow({ where: { seq: 6n } }),
    );
    expect(early).toBe(`6:${head.hash}`);
    expect(parseAnchor(early).ok).toBe(true);
  }, 300_000);

  it("still reaches the anchor after more records; a rewrite of record 3 and every later hash passes verify alone, not verify --anchor", async () => {
    await withDb(target, (db) => append(db, 7, 9));
    const fine = await admin(target, "audit", "verify", "--anchor", early);
    expect(fine).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/intact: 9 records verified; it reaches the anchor/),
    });
    later = `9:${(await withDb(target, (db) => db.auditEvent.findUniqueOrThrow({ where: { seq: 9n } }))).hash}`;

    await withDb(target, (db) => rewriteFrom(db, 3n));
    const alone = await admin(target, "audit", "verify");
    expect(alone).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("Audit chain intact: 9 records verified."),
    });

    const anchored = await admin(target, "audit", "verify", "--anchor", early);
    expect(anchored.code).toBe(3);
    expect(anchored.stderr).toMatch(
      /Audit chain BROKEN at record 6: the chain no longer reaches anchor 6:[0-9a-f]{12}…: record 6 now hashes to [0-9a-f]{12}…, so a record from 1 to 6 was rewritten or removed/,
    );
    // Two anchors: the first one missed is named, and the range narrows to after the one that holds.
    const both = await admin(target, "audit", "verify", "--anchor", later, "--anchor", early);
    expect(both.code).toBe(3);
    expect(both.stderr).toContain("BROKEN at record 6");
  }, 300_000);

  it("names removed records, and refuses a malformed anchor as a usage error", async () => {
    const beyond = await admin(target, "audit", "verify", "--anchor", `12:${"a".repeat(64)}`);
    expect(beyond.code).toBe(3);
    expect(beyond.stderr).toMatch(
      /BROKEN at record 12: the chain no longer reaches anchor 12:a{12}…: it ends at record 9, so records were removed/,
    );
    const bad = await admin(target, "audit", "verify", "--anchor", "6:nothex");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"6:nothex" is not an anchor: expected SEQ:HASH/);
  }, 300_000);

  it("backup import refuses a backup whose chain was edited, before it writes anything (exit 3)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-anchor-backup-"));
    const empty = await make();
    try {
      const file = path.join(dir, "backup.json");
      expect((await admin(target, "backup", "export", "--out", file)).code).toBe(0);
      const doc = JSON.parse(fs.readFileSync(file, "utf8"));
      doc.tables.audit_event[3].summary = { i: 4, note: "edited in the file" };
      fs.writeFileSync(file, JSON.stringify(doc));
      await withDb(empty, async () => {}); // migrated, empty
      const out = await admin(empty, "backup", "import", "--in", file);
      expect(out.code).toBe(3);
      expect(out.stderr).toMatch(
        /The backup's audit trail is broken at record 4: its content was altered after it was written\. 3 records before it hold\..*nothing was imported/,
      );
      const counts = await withDb(empty, async (db) => [
        await db.auditEvent.count(),
        await db.user.count(),
        await db.gateway.count(),
        await db.appSetting.count(),
      ]);
      expect(counts).toEqual([0, 0, 0, 0]);
    } finally {
      await empty.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
