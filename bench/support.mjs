// Shared set-up for the benchmarks: a production build served on a fresh embedded database,
// an admin and a token made with the CLI, and Debian's Chromium.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export function ensureBuild() {
  if (fs.existsSync(".next/BUILD_ID")) return;
  const r = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) process.exit(1);
}

export const chromiumPath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
export const chromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"];

const cli = (args, env) =>
  execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/admin.ts", ...args], { env: { ...process.env, ...env }, encoding: "utf8" })
    .trim()
    .split("\n")
    .at(-1);

/** Starts the app on a throwaway data directory with an admin and an admin token. */
export async function startApp(port) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-bench-"));
  const env = { DATA_DIR: dataDir, DATABASE_URL: "" };
  const admin = { email: "bench@example.com", password: "benchmark password 1" };
  cli(["user", "create", "--email", admin.email, "--password", admin.password, "--role", "admin"], env);
  const token = cli(["token", "create", "--name", "bench", "--role", "admin"], env);
  const proc = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: "1", APP_URL: `http://localhost:${port}` },
    stdio: "ignore",
  });
  const url = `http://localhost:${port}`;
  for (let i = 0; i < 240; i++) {
    if (await fetch(`${url}/api/health`).then((r) => r.ok).catch(() => false)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    admin,
    token,
    stop: () => {
      proc.kill("SIGTERM");
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function writeResult(name, result) {
  fs.mkdirSync("bench/results", { recursive: true });
  fs.writeFileSync(`bench/results/${name}.json`, JSON.stringify({ measuredAt: new Date().toISOString(), host: `${os.cpus().length} × ${os.cpus()[0]?.model}`, ...result }, null, 2));
}
