import type { MetricFamily } from "./prometheus";

/**
 * The server process's memory, under the names Prometheus' Node.js client uses, so that an ops
 * team's usual panels and a memory-limit alert work on it; `external` holds the embedded
 * database's WebAssembly memory (see "Memory" in docs/benchmarks.md).
 */
export function processMetricFamilies(usage = process.memoryUsage()): MetricFamily[] {
  const gauge = (name: string, help: string, value: number): MetricFamily => ({
    name,
    help,
    type: "gauge",
    samples: [{ labels: {}, value }],
  });
  return [
    gauge("process_resident_memory_bytes", "Resident memory size in bytes.", usage.rss),
    gauge(
      "nodejs_heap_size_total_bytes",
      "Process heap size from Node.js in bytes.",
      usage.heapTotal,
    ),
    gauge(
      "nodejs_heap_size_used_bytes",
      "Process heap size used from Node.js in bytes.",
      usage.heapUsed,
    ),
    gauge(
      "nodejs_external_memory_bytes",
      "Node.js external memory size in bytes (WebAssembly and buffers included).",
      usage.external,
    ),
  ];
}
