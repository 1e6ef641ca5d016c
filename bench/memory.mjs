#!/usr/bin/env node
// `npm run bench:memory`: where the server's memory goes. The production server on the bench
// fleet (BENCH_SCALE as in bench:load, PGlite unless BENCH_DATABASES says otherwise), idle for
// 30 s after start (the first reminder sweep runs at 15 s), then BENCH_MEMORY_PAGES inventory
// pages (default 3,000: 10 at a time over 50 different pages); /api/metrics is read before and
// after, and the largest resident mappings are listed from /proc/<pid>/smaps. BENCH_NODE_ARGS
// passes flags to the server's node (e.g. --max-old-space-size=1024) to compare settings;
// BENCH_MEMORY_REPORT=1 also asks for the inventory report as CSV at the end (=pdf: as a PDF).
import fs from "node:fs";
import { percentile, round } from "./support.mjs";
import { startSeededApp } from "./seed.mjs";

const PAGES = Number(process.env.BENCH_MEMORY_PAGES ?? 3000);
const kind = (process.env.BENCH_DATABASES ?? "pglite").split(",")[0];
const mb = (bytes) => Math.round(bytes / 1048576);

async function gauges(app) {
  const response = await fetch(`${app.url}/api/metrics`, {
    headers: { authorization: `Bearer ${app.token}` },
  });
  const text = await response.text();
  const value = (name) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
  return {
    rssMb: mb(value("process_resident_memory_bytes")),
    heapUsedMb: mb(value("nodejs_heap_size_used_bytes")),
    heapTotalMb: mb(value("nodejs_heap_size_total_bytes")),
    externalMb: mb(value("nodejs_external_memory_bytes")),
  };
}

/** The resident mappings of 8 MB or more, largest first (anonymous ones are heaps and WebAssembly memory). */
function largestMappings(pid) {
  const mappings = [];
  let current = null;
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      current = {
        sizeMb: mb(Number.parseInt(header[2], 16) - Number.parseInt(header[1], 16)),
        name: header[3] || "(anonymous)",
      };
      mappings.push(current);
    } else if (current && line.startsWith("Rss:"))
      current.rssMb = Math.round(Number(line.split(/\s+/)[1]) / 1024);
  }
  return mappings.filter((m) => m.rssMb >= 8).sort((a, b) => b.rssMb - a.rssMb);
}

const seeded = await startSeededApp(kind);
const { app, cookie } = seeded;
try {
  await new Promise((resolve) => setTimeout(resolve, 30_000));
  const before = await gauges(app);
  const times = [];
  const started = performance.now();
  for (let i = 0; i < PAGES / 10; i++)
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        const t = performance.now();
        const response = await fetch(`${app.url}/certificates?page=${1 + (i % 50)}`, {
          headers: { cookie },
        });
        await response.text();
        if (response.status !== 200) throw new Error(`inventory answered ${response.status}`);
        times.push(performance.now() - t);
      }),
    );
  const seconds = round((performance.now() - started) / 1000);
  const after = await gauges(app);
  console.log(
    `\n${seeded.database.label}, BENCH_NODE_ARGS="${process.env.BENCH_NODE_ARGS ?? ""}":` +
      `\n  before the pages: RSS ${before.rssMb} MB, heap used ${before.heapUsedMb} of ${before.heapTotalMb} MB, external ${before.externalMb} MB` +
      `\n  ${times.length} inventory pages in ${seconds} s, p50 ${round(percentile(times, 50))} ms, p99 ${round(percentile(times, 99))} ms` +
      `\n  after the pages:  RSS ${after.rssMb} MB, heap used ${after.heapUsedMb} of ${after.heapTotalMb} MB, external ${after.externalMb} MB`,
  );
  console.log("  largest resident mappings:");
  for (const m of largestMappings(app.pid).slice(0, 10))
    console.log(`    ${String(m.rssMb).padStart(5)} MB of a ${m.sizeMb} MB mapping  ${m.name}`);
  if (process.env.BENCH_MEMORY_REPORT) {
    const reportFormat = process.env.BENCH_MEMORY_REPORT === "pdf" ? "pdf" : "csv";
    const t = performance.now();
    const response = await fetch(`${app.url}/api/v1/reports/inventory?format=${reportFormat}`, {
      headers: { authorization: `Bearer ${app.token}` },
    });
    const bytes = (await response.arrayBuffer()).byteLength;
    const peak = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${app.pid}/status`, "utf8"))?.[1];
    console.log(
      `  inventory report (${reportFormat.toUpperCase()}): ${response.status}, ${mb(bytes)} MB in ${round((performance.now() - t) / 1000)} s; ` +
        `then heap used ${(await gauges(app)).heapUsedMb} MB, peak RSS ${Math.round(Number(peak) / 1024)} MB`,
    );
  }
} finally {
  await seeded.stop();
}
