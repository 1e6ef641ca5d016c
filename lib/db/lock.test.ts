import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "./lock";

const run = promisify(execFile);
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-lock-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("data directory lock", () => {
  it("refuses a second holder with an error that names the holder and the way out", () => {
    const dir = tempDir();
    const release = lockDataDir(dir, "first");
    try {
      const lockFile = path.join(dir, ".lock");
      // Another live process holds it: pretend the lock is our parent's (alive, not us).
      fs.writeFileSync(
        lockFile,
        JSON.stringify({
          pid: process.ppid,
          host: os.hostname(),
          purpose: "app server",
          since: "t",
        }),
      );
      expect(() => lockDataDir(dir, "second")).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir, "second")).toThrow(
        /in use by process \d+ \(app server.*DATABASE_URL/s,
      );
    } finally {
      release();
    }
  });

  it("takes over a stale lock whose process is gone (after kill -9)", () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, ".lock"),
      JSON.stringify({ pid: 2 ** 22 + 7, host: os.hostname(), purpose: "dead", since: "t" }),
    );
    const release = lockDataDir(dir, "survivor");
    expect(JSON.parse(fs.readFileSync(path.join(dir, ".lock"), "utf8")).pid).toBe(process.pid);
    release();
    expect(fs.existsSync(path.join(dir, ".lock"))).toBe(false);
  });

  it("makes the admin CLI stop with a clear message while another process holds the directory", async () => {
    const dir = tempDir();
    const release = lockDataDir(dir, "app server, pid test");
    try {
      const cli = run(
        process.execPath,
        ["--conditions=react-server", "--import", "tsx", "scripts/admin.ts", "audit", "verify"],
        {
          env: { ...process.env, DATA_DIR: dir, DATABASE_URL: "" },
        },
      );
      const error = await cli.then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(error?.code).toBe(1);
      expect(error?.stderr).toMatch(
        /The data directory .* is in use by process \d+ \(app server, pid test/,
      );
      expect(fs.existsSync(path.join(dir, "pgdata"))).toBe(false); // it never opened the database
    } finally {
      release();
    }
  }, 30_000);
});
