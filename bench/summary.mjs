// Readable summaries of the results of bench:load, bench:lighthouse and bench:first-load, one
// line a measurement with pass/fail against its target; `npm run bench` prints them together.
const mark = (pass) => (pass ? "pass" : "FAIL");

export function summarizeLoad(result) {
  const { targets } = result;
  const lines = [
    `Server time (production build, loopback, one request at a time, ${result.requestsPerPage} requests a page; load ${result.connections} users × ${result.durationSeconds} s; BENCH_SCALE ${result.scale ?? 1})`,
  ];
  for (const r of result.results) {
    lines.push(
      `${r.database}: ${r.counts.certificates} certificates, ${r.counts.csrs} CSRs, ${r.counts.trustEntries} trust-store entries, ${r.counts.gateways} gateways — /api/health median ${r.latency[0].medianMs} ms, p95 ${r.healthP95Ms} ms`,
    );
    for (const row of r.latency.filter((x) => x.name !== "health")) {
      if (!row.measured)
        lines.push(
          `  ${row.name.padEnd(21)} ${row.path} answers ${row.status}: not measured — FAIL`,
        );
      else
        lines.push(
          `  ${row.name.padEnd(21)} median ${String(row.medianMs).padStart(6)} ms  p95 ${String(row.p95Ms).padStart(6)} ms  (${row.kilobytes} KB)  p95 ≤ ${targets.p95Ms} ms: ${mark(row.p95Pass)}  ${row.ratioToHealth}× health ≤ ${targets.healthRatio}×: ${mark(row.ratioPass)}`,
        );
    }
    if (r.afterChange) {
      const target = targets.afterChangeP95Ms
        ? `p95 ≤ ${targets.afterChangeP95Ms} ms: ${mark(r.afterChange.pass)}`
        : "for information";
      lines.push(
        `  ${"overview after change".padEnd(21)} median ${String(r.afterChange.medianMs).padStart(6)} ms  p95 ${String(r.afterChange.p95Ms).padStart(6)} ms  (first request after each write)  ${target}`,
      );
    }
    if (r.sweep) {
      const all = r.sweep.pages.find((x) => x.name === "all pages");
      lines.push(
        `  ${"during a sweep".padEnd(21)} ${r.sweep.sweepMs} ms (${r.sweep.status}; ${r.sweep.created ?? "?"} created, ${r.sweep.sent ?? "?"} sent): ${all.requests} requests, median ${all.medianMs} ms, p95 ${all.p95Ms} ms, max ${all.maxMs} ms, ${all.over50ms} over 50 ms  for information`,
      );
    }
    for (const row of r.load) {
      if (!row.measured)
        lines.push(
          `  ${row.name.padEnd(21)} ${row.path} answers ${row.status}: not measured — FAIL`,
        );
      else
        lines.push(
          `  ${row.name.padEnd(21)} ${row.connections} users × ${row.seconds} s: ${row.requests} requests (${row.requestsPerSecond}/s), ${row.errors} errors, median ${row.medianMs} ms, p99 ${row.p99Ms} ms  (0 errors, p99 ≤ ${targets.loadP99Ms} ms): ${mark(row.pass)}`,
        );
    }
    if (r.memory) {
      const judged =
        r.database === "PGlite" && targets.pgliteRssMb
          ? `  peak ≤ ${targets.pgliteRssMb} MB: ${mark(r.memory.pass)}`
          : "";
      lines.push(
        `  ${"server memory".padEnd(21)} RSS after the run ${r.memory.rssMb} MB, peak (VmHWM) ${r.memory.peakRssMb} MB (pid ${r.memory.pid}, ${r.memory.processes} process${r.memory.processes > 1 ? "es" : ""})${judged}`,
      );
    }
    if (r.uptime)
      lines.push(
        `  ${"machine load".padEnd(21)} ${r.uptime.atStart?.replace(/^.*load average/, "load average") ?? "?"} at start, ${r.uptime.atEnd?.replace(/^.*load average/, "load average") ?? "?"} at end`,
      );
  }
  return lines.join("\n");
}

export function summarizeLighthouse(result) {
  const { targets } = result;
  const lines = [
    `Lighthouse (headless Chromium, signed in, ${result.database}, median of ${result.runsPerPage}; targets judged on ${targets.judgedOn}: performance ≥ ${targets.performance}, accessibility ≥ ${targets.accessibility})`,
  ];
  for (const p of result.pages) {
    const verdict = p.judged
      ? `${mark(p.performancePass)} / ${mark(p.accessibilityPass)}`
      : "(for information)";
    lines.push(
      `  ${p.form.padEnd(8)} ${p.name.padEnd(10)} performance ${String(p.performance).padStart(3)}  accessibility ${String(p.accessibility).padStart(3)}  LCP ${p.metrics["largest-contentful-paint"]}, TBT ${p.metrics["total-blocking-time"]}  ${verdict}`,
    );
    for (const [category, audits] of Object.entries(p.failingAudits)) {
      if (audits.length)
        lines.push(
          `           ${category} audits below 0.9: ${audits.map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ""}`).join(", ")}`,
        );
    }
  }
  return lines.join("\n");
}

export function summarizeFirstLoad(result) {
  const { targets } = result;
  const lines = [
    `First-load JavaScript (compressed, cold cache, production build; target ≤ ${targets.kilobytes} KB on ${targets.pages.join(" and ")}; PKI libraries only on ${targets.pkiOnlyOn.join(", ")})`,
  ];
  for (const [name, p] of Object.entries(result.pages)) {
    const size = p.sizePass == null ? "" : `  ≤ ${targets.kilobytes} KB: ${mark(p.sizePass)}`;
    const pki =
      p.pkiPass == null
        ? `  PKI libraries ${p.pkiLibrariesInFirstLoad ? "loaded" : "not loaded"} (allowed)`
        : `  no PKI libraries: ${mark(p.pkiPass)}`;
    lines.push(
      `  ${name.padEnd(10)} ${String(p.kilobytes).padStart(6)} KB in ${p.scripts} scripts${size}${pki}`,
    );
  }
  return lines.join("\n");
}
