import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * PGlite has no protection against a second process opening the same directory: both write
 * their own copy and the directory can be ruined for good. So the owner holds a lock file with
 * its pid; a second process gets a clear error. A lock whose process is gone (kill -9, crash)
 * is stale and taken over at once.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `The data directory ${dataDir} is in use by process ${holder.pid} (${holder.purpose}, ` +
        `since ${holder.since}). The embedded database allows one process at a time: stop that ` +
        `process first, or set DATABASE_URL to a PostgreSQL server to run several. If no such ` +
        `process exists, delete ${path.join(dataDir, LOCK_FILE)}.`,
    );
    this.name = "DataDirLockedError";
  }
}

type LockInfo = { pid: number; host: string; purpose: string; since: string };
const LOCK_FILE = ".lock";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(file: string): LockInfo | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockInfo;
  } catch {
    return null; // unreadable or half-written: treat as stale
  }
}

/** Takes the lock or throws DataDirLockedError. Returns a release function. */
export function lockDataDir(dataDir: string, purpose: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const mine: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    purpose,
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: "wx" });
      const release = () => {
        if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readLock(file);
    if (holder && holder.pid !== process.pid && holder.host === mine.host && isAlive(holder.pid)) {
      throw new DataDirLockedError(dataDir, holder);
    }
    if (holder?.pid === process.pid) throw new Error(`This process already holds ${file}`);
    fs.rmSync(file, { force: true }); // stale: its process is gone
  }
  throw new Error(`Could not take the lock ${file}`);
}
