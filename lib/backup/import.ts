import type { Db, Tx } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { verifyAuditRecords } from "@/lib/audit/verify";
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupError,
  decodeRow,
  documentIssues,
  issuePath,
  type BackupDocument,
  type BackupRow,
} from "./format";
import { delegateOf, schemaMigrationOf } from "./export";
import { BACKUP_TABLES, type BackupTable } from "./tables";

/** Rows per INSERT. */
const INSERT_CHUNK = 500;
/** One transaction for the whole import; a large backup on a slow disk may take minutes. */
const IMPORT_TIMEOUT_MS = 30 * 60_000;

export type ImportSummary = {
  tables: Record<string, number>;
  rows: number;
  createdAt: string;
  schemaMigration: string;
  ms: number;
};
export type ImportOptions = {
  /** When given, a `backup.import` record is appended after the imported chain, in the same transaction. */
  actor?: Actor;
  source?: string;
};

type Input = string | Uint8Array | AsyncIterable<string | Uint8Array>;

async function readText(input: Input): Promise<string> {
  if (typeof input === "string") return input;
  if (input instanceof Uint8Array) return Buffer.from(input).toString("utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of input)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses and checks a backup document: JSON, format, version, then every row. Throws BackupError. */
export function parseBackup(text: string): BackupDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new BackupError(
      "not_json",
      `The file is not valid JSON (${(error as Error).message}). Is it complete? A backup that was cut short cannot be read.`,
    );
  }
  const head = (raw && typeof raw === "object" && !Array.isArray(raw) ? raw : {}) as Record<
    string,
    unknown
  >;
  if (head.format !== BACKUP_FORMAT) {
    throw new BackupError(
      "wrong_format",
      `This is not a D1 dashboard backup: expected "format": "${BACKUP_FORMAT}", found ${head.format === undefined ? "no format" : JSON.stringify(head.format)}.`,
    );
  }
  if (head.version !== BACKUP_VERSION) {
    throw new BackupError(
      "wrong_version",
      `This backup is format version ${JSON.stringify(head.version)}; this version of the app reads version ${BACKUP_VERSION} only.`,
    );
  }
  const issues = documentIssues(raw);
  if (issues.length > 0) {
    const lines = issues
      .slice(0, 5)
      .map((i) => `  ${issuePath(i.path) || "(document)"}: ${i.message}`);
    const more = issues.length > 5 ? `\n  … and ${issues.length - 5} more` : "";
    throw new BackupError(
      "invalid",
      `The backup does not match this version's schema; nothing was imported:\n${lines.join("\n")}${more}`,
    );
  }
  return raw as BackupDocument;
}

/**
 * Rows in an order the foreign keys accept: a row that references another row of its own table
 * (a certificate superseded by a newer one) comes after that row.
 */
function insertionOrder(table: BackupTable, rows: BackupRow[]): BackupRow[] {
  if (table.model !== "Certificate") return rows;
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  const placed = new Set<string>();
  const out: BackupRow[] = [];
  const place = (row: BackupRow, depth = 0) => {
    const id = row.id as string;
    if (placed.has(id)) return;
    if (depth > rows.length)
      throw new BackupError(
        "invalid",
        `tables.certificate: the supersededById links form a loop at ${id}.`,
      );
    const next = row.supersededById ? byId.get(row.supersededById as string) : undefined;
    if (next) place(next, depth + 1);
    placed.add(id);
    out.push(row);
  };
  for (const row of rows) place(row);
  return out;
}

/** A backup whose audit chain does not hold would bring a rewritten history in: refused before any write. */
function refuseBrokenChain(doc: BackupDocument) {
  const table = BACKUP_TABLES.find((t) => t.model === "AuditEvent")!;
  const records = (doc.tables[table.table] ?? []).map(
    (row) => decodeRow(table, row) as unknown as Parameters<typeof verifyAuditRecords>[0][number],
  );
  const chain = verifyAuditRecords(records);
  if (!chain.ok) {
    throw new BackupError(
      "audit_chain_broken",
      `The backup's audit trail is broken at record ${chain.brokenSeq}: ${chain.reason}. ${chain.count} records before it hold. ` +
        "A backup whose history was altered is not imported; nothing was imported. Use another backup.",
    );
  }
}

async function refuseNonEmpty(tx: Tx) {
  const filled: [string, number][] = [];
  for (const t of BACKUP_TABLES) {
    const n = await delegateOf(tx, t.delegate).count();
    if (n > 0) filled.push([t.table, n]);
  }
  if (filled.length > 0) {
    throw new BackupError(
      "not_empty",
      `The target database is not empty (${filled.map(([t, n]) => `${t}: ${n} row${n === 1 ? "" : "s"}`).join(", ")}). ` +
        "A backup is imported only into a new, empty database: create one (PostgreSQL: a new database; embedded: a new DATA_DIR) and import before starting the app on it. Nothing was imported.",
    );
  }
}

/**
 * Restores a backup document into an EMPTY database of the same schema migration, in one
 * transaction: either everything is stored or nothing is. Audit records keep their seq and hash
 * (the chain stays verifiable) and the seq sequence continues after the last one.
 */
export async function importDatabase(
  db: Db,
  input: Input,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = Date.now();
  const doc = parseBackup(await readText(input));
  const target = await schemaMigrationOf(db);
  if (doc.schemaMigration !== target) {
    throw new BackupError(
      "schema_mismatch",
      `The backup was made at schema migration ${doc.schemaMigration}; this database is at ${target}. Import it with the app version that made it, then upgrade. Nothing was imported.`,
    );
  }
  refuseBrokenChain(doc);
  const tables: Record<string, number> = {};
  await db.$transaction(
    async (tx) => {
      await refuseNonEmpty(tx);
      // One-time codes printed by an instance that started on this empty database: a restored one has users.
      await tx.setupCode.deleteMany({});
      for (const table of BACKUP_TABLES) {
        const rows = insertionOrder(table, doc.tables[table.table] ?? []);
        const delegate = delegateOf(tx, table.delegate);
        try {
          for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
            await delegate.createMany({
              data: rows.slice(i, i + INSERT_CHUNK).map((row) => decodeRow(table, row)),
            });
          }
        } catch (error) {
          if (error instanceof BackupError) throw error;
          const reason =
            (error as Error).message.split("\n").filter(Boolean).pop() ?? String(error);
          throw new BackupError(
            "write_failed",
            `Writing table ${table.table} failed: ${reason}. Nothing was imported.`,
          );
        }
        tables[table.table] = rows.length;
        doc.tables[table.table] = []; // let the memory go: a large backup is not held twice
      }
      // The imported records kept their seq: new records continue after the last one.
      await tx.$executeRawUnsafe(
        `SELECT setval(pg_get_serial_sequence('audit_event', 'seq'), COALESCE((SELECT MAX(seq) FROM audit_event), 0) + 1, false)`,
      );
      if (options.actor) {
        await appendAudit(tx, options.actor, {
          action: "backup.import",
          objectType: "database",
          summary: {
            source: options.source ?? "file",
            backupCreatedAt: doc.createdAt,
            schemaMigration: doc.schemaMigration,
            rows: Object.values(tables).reduce((a, b) => a + b, 0),
          },
        });
      }
    },
    { timeout: IMPORT_TIMEOUT_MS, maxWait: 60_000 },
  );
  return {
    tables,
    rows: Object.values(tables).reduce((a, b) => a + b, 0),
    createdAt: doc.createdAt,
    schemaMigration: doc.schemaMigration,
    ms: Date.now() - started,
  };
}
