#!/usr/bin/env node
// `npm start`: builds the app if there is no build of the current sources yet, then serves it.
// A newcomer runs `npm install && npm start` and nothing else.
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const buildId = path.join(root, ".next", "BUILD_ID");
const sources = ["app", "components", "lib", "prisma", "public", "next.config.ts", "package.json", "package-lock.json", "instrumentation.ts", "tsconfig.json", "postcss.config.mjs"];

function newestMtime(entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(full, { withFileTypes: true })
    .filter((d) => d.name !== "generated" && d.name !== "node_modules")
    .reduce((max, d) => Math.max(max, newestMtime(path.join(entry, d.name))), stat.mtimeMs);
}

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
if (built < Math.max(...sources.map(newestMtime))) {
  console.log("[start] building the app (first start or sources changed)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { stdio: "inherit", env, cwd: root });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
const server = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", ...process.argv.slice(2)], { stdio: "inherit", env, cwd: root });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
