import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

/**
 * Opens the embedded database under dataDir/pgdata. A first start runs initdb; an interrupted
 * initdb leaves a directory PGlite can never open again, so it runs in a scratch directory that
 * is renamed into place only once complete.
 */
export async function openPglite(dataDir: string): Promise<PGlite> {
  const pgdata = path.join(dataDir, "pgdata");
  // Leftovers of an initdb that crashed; safe to remove, since we hold the directory's lock.
  for (const entry of fs.readdirSync(dataDir)) {
    if (entry.startsWith("pgdata.init-")) fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true });
  }
  if (!fs.existsSync(path.join(pgdata, "PG_VERSION"))) {
    const scratch = path.join(dataDir, `pgdata.init-${process.pid}`);
    fs.rmSync(scratch, { recursive: true, force: true });
    const fresh = new PGlite(scratch);
    await fresh.waitReady;
    await fresh.close();
    fs.rmSync(pgdata, { recursive: true, force: true });
    fs.renameSync(scratch, pgdata);
  }
  const db = new PGlite(pgdata);
  await db.waitReady;
  return db;
}
