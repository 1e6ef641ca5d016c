import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { exportDatabase } from "@/lib/backup/export";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/backup (admin): the whole database as a backup document, recorded in the audit
 * trail. It is written to a private temporary file first, then sent: the read transaction lasts
 * as long as the export, not as long as a slow download (on PGlite it holds the only connection).
 * There is no import over HTTP: an import needs an empty database (see docs/backup.md).
 */
export const GET = apiRoute("admin", async ({ req, db, actor }) => {
  const query = [...new URL(req.url).searchParams.keys()];
  if (query.length > 0)
    return apiError(
      400,
      "invalid_query",
      `GET /api/v1/backup takes no parameters (got ${query.join(", ")}).`,
    );
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "d1-backup-"));
  const file = path.join(dir, "backup.json");
  const cleanup = () => fs.promises.rm(dir, { recursive: true, force: true }).catch(() => {});
  try {
    const summary = await exportDatabase(db, fs.createWriteStream(file, { mode: 0o600 }), {
      actor,
      destination: "download (GET /api/v1/backup)",
    });
    const stream = fs.createReadStream(file);
    stream.once("close", cleanup);
    const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, "-");
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-length": String(summary.bytes),
        "content-disposition": `attachment; filename="d1-dashboard-backup-${stamp}Z.json"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    await cleanup();
    throw error;
  }
});
