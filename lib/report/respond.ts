import "server-only";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import {
  generateReport,
  produceReport,
  resolveReportScope,
  type ReportData,
  type ReportOptions,
  type ReportScope,
  type ReportSummary,
} from "./data";
import {
  inventoryCsvHeader,
  inventoryCsvRows,
  inventoryJsonRows,
  jsonAroundInventory,
  reportCsv,
  reportFilename,
} from "./formats";
import { reportPdf } from "./pdf";
import type { ReportQuery } from "./schema";

const CONTENT_TYPES = {
  pdf: "application/pdf",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
} as const;

/** Generates the report in the asked format (audited) and answers it as a download; 404 for an unknown environment. */
export async function reportResponse(
  db: Db,
  actor: Actor,
  query: ReportQuery,
): Promise<{ ok: true; response: Response } | { ok: false; status: 404 | 503; message: string }> {
  const resolved = await resolveReportScope(db, query.environment);
  if (!resolved.ok) return { ...resolved, status: 404 };
  let report: Body;
  try {
    report = await reportBody(db, actor, resolved.scope, query);
  } catch (error) {
    if (error instanceof SpoolError) return { ok: false, status: 503, message: error.message };
    throw error;
  }
  const { meta, body } = report;
  return {
    ok: true,
    response: new Response(
      Readable.toWeb(Readable.from(bytes(body))) as ReadableStream<Uint8Array>,
      {
        headers: {
          "content-type": CONTENT_TYPES[query.format],
          "content-disposition": `attachment; filename="${reportFilename(meta, query.format, query.section)}"`,
          "cache-control": "no-store",
          "x-audit-head": `${meta.auditHead.seq}:${meta.auditHead.hash}`,
        },
      },
    ),
  };
}

/** A web stream carries bytes only. */
async function* bytes(body: Body["body"]): AsyncGenerator<Uint8Array> {
  for await (const part of body) yield typeof part === "string" ? Buffer.from(part) : part;
}

type Body = {
  meta: Omit<ReportData, "inventory">;
  body: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;
};

/**
 * The report's text. The PDF is laid out in memory (its pages are numbered "i of n"). CSV and
 * JSON never hold the inventory: its rows are written to a file in the temporary folder as the
 * report reads them (inside its transaction, so they match the audit head), and the answer is
 * read back from that file. The file is unlinked as soon as it is open for reading: nothing is
 * left behind, even by a crash.
 */
export async function reportBody(
  db: Db,
  actor: Actor,
  scope: ReportScope,
  query: ReportQuery,
  options: Omit<ReportOptions, "section"> = {},
): Promise<Body> {
  const settings = { ...options, section: query.section };
  if (query.format === "pdf") {
    const data = await generateReport(db, actor, scope, "pdf", settings);
    return { meta: data, body: [await reportPdf(data)] };
  }
  const section = query.section ?? "inventory";
  if (query.format === "csv" && section !== "inventory") {
    // One of the small tables: the inventory rows are not needed.
    const { inventoryCount: _, ...meta } = await produceReport(
      db,
      actor,
      scope,
      "csv",
      () => {},
      settings,
    );
    return { meta, body: [reportCsv({ ...meta, inventory: [] }, section)] };
  }
  const spool = await Spool.create();
  try {
    let first = true;
    if (query.format === "csv") await spool.write(inventoryCsvHeader());
    const summary: ReportSummary = await produceReport(
      db,
      actor,
      scope,
      query.format,
      async (rows) => {
        if (query.format === "csv") await spool.write(inventoryCsvRows(rows));
        else {
          await spool.write((first ? "" : ",\n") + inventoryJsonRows(rows));
          first = false;
        }
      },
      settings,
    );
    const { inventoryCount, ...meta } = summary;
    if (query.format === "csv") return { meta, body: await spool.readBack() };
    const around = jsonAroundInventory(meta, inventoryCount);
    if ("whole" in around) {
      await spool.discard();
      return { meta, body: [around.whole] };
    }
    const rows = await spool.readBack();
    return {
      meta,
      body: (async function* () {
        yield around.before;
        yield* rows;
        yield around.after;
      })(),
    };
  } catch (error) {
    await spool.discard();
    throw error;
  }
}

/** The temporary folder cannot be written: the report is refused, and nothing is audited. */
export class SpoolError extends Error {
  constructor(cause: unknown) {
    const code = (cause as NodeJS.ErrnoException)?.code ?? String(cause);
    super(
      `The report is written to the temporary folder (${os.tmpdir()}) before it is sent, and that failed (${code}). ` +
        "Give the server a writable temporary folder with room for the report (TMPDIR; the Kubernetes manifest mounts one at /tmp), or ask for one environment.",
    );
    this.name = "SpoolError";
  }
}

/** A private file in the temporary folder, written once and read back once. */
class Spool {
  private constructor(
    private readonly dir: string,
    private readonly handle: fs.FileHandle,
  ) {}

  static async create(): Promise<Spool> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "d1-report-")).catch((error) => {
      throw new SpoolError(error);
    });
    try {
      return new Spool(dir, await fs.open(path.join(dir, "rows"), "w", 0o600));
    } catch (error) {
      await fs.rm(dir, { recursive: true, force: true });
      throw new SpoolError(error);
    }
  }

  /** A failed write (a full disk) ends the report's transaction: its audit record is not kept. */
  async write(text: string): Promise<void> {
    if (text)
      await this.handle.write(text).catch((error) => {
        throw new SpoolError(error);
      });
  }

  /** The file's content as a stream; the file is already gone from the folder when this returns. */
  async readBack(): Promise<AsyncIterable<Uint8Array>> {
    await this.handle.close();
    const reader = await fs.open(path.join(this.dir, "rows"), "r");
    await fs.rm(this.dir, { recursive: true, force: true });
    return reader.createReadStream({ highWaterMark: 256 * 1024 });
  }

  async discard(): Promise<void> {
    await this.handle.close().catch(() => {});
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}
