#!/usr/bin/env node
// `npm run bench`: issue 7's benchmarks one after the other — bench:load (server time and 20
// concurrent users, PGlite and PostgreSQL), bench:lighthouse and bench:first-load — each in its
// own process against the production build, then one summary of every target, and
// bench/results/bench-<timestamp>.json holding the three results.
// Quick run: BENCH_DURATION=10 BENCH_LIGHTHOUSE_RUNS=1 npm run bench
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureBuild, writeResult } from "./support.mjs";
import { summarizeFirstLoad, summarizeLighthouse, summarizeLoad } from "./summary.mjs";

const STEPS = [
  ["load", "bench:load", summarizeLoad],
  ["lighthouse", "bench:lighthouse", summarizeLighthouse],
  ["first-load", "bench:first-load", summarizeFirstLoad],
];

ensureBuild();
const started = Date.now();
const results = {};
const failed = [];
for (const [name, script] of STEPS) {
  console.log(`\n=== npm run ${script} ===`);
  const run = spawnSync("npm", ["run", "--silent", script], { stdio: "inherit" });
  // The newest result file of this step written during this run.
  const file = fs.existsSync("bench/results")
    ? fs
        .readdirSync("bench/results")
        .filter((f) => f.startsWith(`${name}-`) && f.endsWith(".json"))
        .map((f) => path.join("bench/results", f))
        .filter((f) => fs.statSync(f).mtimeMs >= started)
        .sort()
        .at(-1)
    : undefined;
  if (run.status !== 0 || !file) failed.push(script);
  if (file) results[name] = { file, ...JSON.parse(fs.readFileSync(file, "utf8")) };
}

console.log("\n=== Summary ===");
for (const [name, , summarize] of STEPS) {
  if (results[name]) console.log(`\n${summarize(results[name])}`);
}
if (failed.length) console.log(`\nDid not finish: ${failed.join(", ")} (see above).`);
console.log(`\nResults: ${writeResult("bench", { steps: results, failed }, { stamped: true })}`);
process.exitCode = failed.length ? 1 : 0;
