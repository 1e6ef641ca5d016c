#!/usr/bin/env node
// `npm test`: the linter and formatter check (Biome), unit and database tests (Vitest, on PGlite
// and on the local PostgreSQL), then a production build and the browser tests (Playwright,
// Chromium). Ends with one summary line.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const step = (title, command, args) => {
  console.log(`\n=== ${title} ===`);
  return spawnSync(command, args, { stdio: "inherit", env }).status ?? 1;
};
const counts = { passed: 0, failed: 0, skipped: 0 };
const readJson = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null);
fs.rmSync("test-results", { recursive: true, force: true });
const summary = () =>
  console.log(
    `\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
  );

// Lint first and stop there: a violation takes seconds to see and to fix (ADR 0026).
if (
  step("lint and format (biome ci)", "npx", ["biome", "ci", "--max-diagnostics=none", "."]) !== 0
) {
  counts.failed += 1;
  summary();
  process.exit(1);
}

const unit = step("unit and database tests (vitest)", "npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  "--outputFile=test-results/unit.json",
]);
const unitReport = readJson("test-results/unit.json");
if (unitReport) {
  counts.passed += unitReport.numPassedTests;
  counts.failed += unitReport.numFailedTests;
  counts.skipped += unitReport.numPendingTests + unitReport.numTodoTests;
}

let e2e = 1;
// BUILD_STANDALONE: also the standalone output, which e2e/standalone.spec.ts runs as the image would.
env.BUILD_STANDALONE = "1";
if (step("production build (next build, standalone output too)", "npx", ["next", "build"]) === 0) {
  e2e = step("browser tests (playwright, chromium)", "npx", ["playwright", "test"]);
  const stats = readJson("test-results/e2e.json")?.stats;
  if (stats) {
    counts.passed += stats.expected;
    counts.failed += stats.unexpected + stats.flaky;
    counts.skipped += stats.skipped;
  }
} else {
  counts.failed += 1;
}
if (unit !== 0 && !unitReport) counts.failed += 1;

summary();
process.exit(unit === 0 && e2e === 0 && counts.failed === 0 ? 0 : 1);
