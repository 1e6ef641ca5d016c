#!/usr/bin/env node
// Copies the current production build (.next, without its cache) into a new temporary directory
// with the server scripts and links to this checkout's node_modules, prisma, public and configs,
// and prints its path.
// For benchmarking a fixed build while the checkout keeps being rebuilt:
//   BENCH_APP_DIR=$(node bench/snapshot.mjs) npm run bench
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = process.cwd();
if (!fs.existsSync(path.join(root, ".next/BUILD_ID"))) {
  console.error("No build here: run `npx next build` first.");
  process.exit(1);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-bench-app-"));
fs.cpSync(path.join(root, ".next"), path.join(dir, ".next"), {
  recursive: true,
  filter: (source) => !source.startsWith(path.join(root, ".next/cache")),
});
// Copied, not linked: scripts/http-server.mjs serves the build next to its own folder.
fs.cpSync(path.join(root, "scripts"), path.join(dir, "scripts"), { recursive: true });
for (const entry of [
  "node_modules",
  "prisma",
  "public",
  "package.json",
  "next.config.mjs",
  "tsconfig.json",
]) {
  if (fs.existsSync(path.join(root, entry)))
    fs.symlinkSync(path.join(root, entry), path.join(dir, entry));
}
console.log(dir);
