import type { Writable } from "node:stream";
import type { Db, Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { BACKUP_FORMAT, BACKUP_VERSION, encodeRow } from "./format";
import { BACKUP_TABLES } from "./tables";

/** Rows read per query: memory stays flat however large the database. */
export const BACKUP_PAGE_SIZE = 1000;
/** The export reads in one transaction; a large database on a slow disk may take minutes. */
const EXPORT_TIMEOUT_MS = 30 * 60_000;

type Delegate = {
  findMany(args: {
    where?: Record<string, unknown>;
    orderBy: Record<string, "asc">;
    take: number;
  }): Promise<Record<string, unknown>[]>;
  createMany(args: { data: Record<string, unknown>[] }): Promise<{ count: number }>;
  count(): Promise<number>;
};
/** The model delegates of a client or a transaction, by name (names come from tables.ts). */
export const delegateOf = (db: object, name: string) => (db as Record<string, Delegate>)[name]!;

export type ExportSummary = {
  tables: Record<string, number>;
  rows: number;
  bytes: number;
  ms: number;
};
export type ExportOptions = {
  /** When given, the export is recorded in the audit trail first (who, when, where to). */
  actor?: Actor;
  destination?: string;
};

type Sink = { write(text: string): Promise<void>; end(): Promise<void>; abort(error: Error): void };

function sinkOf(writable: Writable | WritableStream<Uint8Array>): Sink {
  if (writable instanceof WritableStream) {
    const writer = writable.getWriter();
    const encoder = new TextEncoder();
    return {
      write: (text) => writer.write(encoder.encode(text)),
      end: () => writer.close(),
      abort: (error) => void writer.abort(error).catch(() => {}),
    };
  }
  return {
    write: (text) =>
      new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        writable.once("error", onError);
        const ok = writable.write(text, "utf8");
        const done = () => {
          writable.off("error", onError);
          resolve();
        };
        if (ok) done();
        else writable.once("drain", done);
      }),
    end: () =>
      new Promise<void>((resolve, reject) => {
        writable.once("error", reject);
        writable.end(() => resolve());
      }),
    abort: (error) => void writable.destroy(error),
  };
}

/** The last migration applied to this database: a backup can only be restored at the same one. */
export async function schemaMigrationOf(db: Pick<Db, "$queryRawUnsafe">): Promise<string> {
  const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name DESC LIMIT 1`,
  );
  if (!rows[0]) throw new Error("This database has no migration applied.");
  return rows[0].migration_name;
}

/** Writes the document, table by table and page by page, inside the caller's transaction. */
async function writeDocument(
  tx: Tx,
  write: (text: string) => Promise<void>,
  tables: Record<string, number>,
) {
  const header = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    schemaMigration: await schemaMigrationOf(tx),
    createdAt: new Date().toISOString(),
  };
  await write(`${JSON.stringify(header).slice(0, -1)},"tables":{`);
  for (const [index, table] of BACKUP_TABLES.entries()) {
    await write(`${index === 0 ? "" : ","}\n${JSON.stringify(table.table)}:[`);
    const delegate = delegateOf(tx, table.delegate);
    let count = 0;
    let after: unknown;
    for (;;) {
      const page = await delegate.findMany({
        where: after === undefined ? undefined : { [table.key]: { gt: after } },
        orderBy: { [table.key]: "asc" },
        take: BACKUP_PAGE_SIZE,
      });
      if (page.length > 0) {
        await write(
          page
            .map(
              (row, i) => `${count + i === 0 ? "" : ","}\n${JSON.stringify(encodeRow(table, row))}`,
            )
            .join(""),
        );
        count += page.length;
        after = page[page.length - 1]![table.key];
      }
      if (page.length < BACKUP_PAGE_SIZE) break;
    }
    await write(count > 0 ? "\n]" : "]");
    tables[table.table] = count;
  }
  await write("\n}}\n");
}

/**
 * Writes the whole database as one backup document to `writable`, then ends it. Reads in one
 * REPEATABLE READ transaction, so the copy is consistent even while the app keeps writing (on
 * PGlite, which has one connection, other queries wait until it is done), page by page. On an
 * error the writable is destroyed (aborted) and the error thrown.
 */
export async function exportDatabase(
  db: Db,
  writable: Writable | WritableStream<Uint8Array>,
  options: ExportOptions = {},
): Promise<ExportSummary> {
  const started = Date.now();
  if (options.actor) {
    const actor = options.actor;
    await db.$transaction((tx) =>
      appendAudit(tx, actor, {
        action: "backup.export",
        objectType: "database",
        summary: {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          destination: options.destination ?? "file",
        },
      }),
    );
  }
  const sink = sinkOf(writable);
  let bytes = 0;
  const write = (text: string) => {
    bytes += Buffer.byteLength(text);
    return sink.write(text);
  };
  const tables: Record<string, number> = {};
  try {
    await db.$transaction((tx) => writeDocument(tx, write, tables), {
      isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
      timeout: EXPORT_TIMEOUT_MS,
      maxWait: 60_000,
    });
  } catch (error) {
    sink.abort(error as Error);
    throw error;
  }
  await sink.end();
  return {
    tables,
    rows: Object.values(tables).reduce((a, b) => a + b, 0),
    bytes,
    ms: Date.now() - started,
  };
}
