// `npm run admin -- backup export --out FILE` and `backup import --in FILE` (wired in scripts/admin.ts).
import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { verifyAuditChain } from "@/lib/audit/verify";
import { exportDatabase } from "./export";
import { importDatabase } from "./import";

const kb = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${(bytes / 1024).toFixed(1)} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Writes the backup to FILE.partial (readable by the owner only: it holds password hashes and
 * the generated AUTH_SECRET), then renames it to FILE, so FILE is never a half-written backup.
 */
export async function backupExportCommand(db: Db, actor: Actor, out: string): Promise<string[]> {
  const file = path.resolve(out);
  const partial = `${file}.partial`;
  const stream = fs.createWriteStream(partial, { mode: 0o600 });
  try {
    const summary = await exportDatabase(db, stream, {
      actor,
      destination: `file ${path.basename(file)}`,
    });
    fs.renameSync(partial, file);
    return [
      ...Object.entries(summary.tables).map(([table, n]) => `  ${table.padEnd(20)} ${n}`),
      `Exported ${summary.rows} rows (${kb(summary.bytes)}) in ${summary.ms} ms to ${file}.`,
      "It holds password hashes, token hashes and the generated AUTH_SECRET: keep it safe.",
    ];
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/** Imports FILE into this (empty) database, then checks the audit chain it brought. */
export async function backupImportCommand(
  db: Db,
  actor: Actor,
  input: string,
): Promise<{ lines: string[]; chainOk: boolean }> {
  const file = path.resolve(input);
  if (!fs.existsSync(file)) throw new Error(`No file ${file}.`);
  const summary = await importDatabase(db, fs.createReadStream(file), {
    actor,
    source: `file ${path.basename(file)}`,
  });
  const chain = await verifyAuditChain(db);
  return {
    chainOk: chain.ok,
    lines: [
      ...Object.entries(summary.tables).map(([table, n]) => `  ${table.padEnd(20)} ${n}`),
      `Imported ${summary.rows} rows from the backup of ${summary.createdAt} (schema ${summary.schemaMigration}) in ${summary.ms} ms.`,
      chain.ok
        ? `Audit chain intact: ${chain.count} records verified (the last one records this import).`
        : `Audit chain BROKEN at record ${chain.brokenSeq}: ${chain.reason}. The backup itself carried a broken chain.`,
      "Sessions were not in the backup: everyone signs in again.",
    ],
  };
}
