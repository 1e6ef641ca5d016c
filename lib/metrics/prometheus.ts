/**
 * Prometheus text exposition format 0.0.4: `# HELP`, `# TYPE`, then one sample per line.
 * Label values escape backslash, double quote and newline; HELP escapes backslash and newline.
 */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export type Sample = { labels: Record<string, string>; value: number };
export type MetricFamily = {
  name: string;
  help: string;
  type: "gauge" | "counter";
  /** An array, or `lazily(rows, …)` for a family with a sample per certificate. */
  samples: Iterable<Sample>;
};

/**
 * Samples made from rows only as they are written: a fleet of 100,000 certificates has several
 * hundred thousand, which as objects and then as one text took the heap past a 192 MB limit in
 * one scrape (121 MB of it strings, in a heap snapshot at the limit).
 * Can be iterated again (a test renders the same families twice).
 */
export function lazily<Row>(rows: readonly Row[], sample: (row: Row) => Sample): Iterable<Sample> {
  return {
    *[Symbol.iterator]() {
      for (const row of rows) yield sample(row);
    },
  };
}

export const escapeLabelValue = (v: string) =>
  v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const escapeHelp = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

/** The exposition text in pieces of about `linesPerChunk` lines, each made when asked for. */
export function* prometheusChunks(
  families: MetricFamily[],
  linesPerChunk = 1000,
): Generator<string> {
  let out: string[] = [];
  for (const family of families) {
    out.push(
      `# HELP ${family.name} ${escapeHelp(family.help)}`,
      `# TYPE ${family.name} ${family.type}`,
    );
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
      out.push(
        `${family.name}${labels.length ? `{${labels.join(",")}}` : ""} ${formatValue(sample.value)}`,
      );
      if (out.length >= linesPerChunk) {
        yield `${out.join("\n")}\n`;
        out = [];
      }
    }
  }
  if (out.length) yield `${out.join("\n")}\n`;
}

export function renderPrometheus(families: MetricFamily[]): string {
  return [...prometheusChunks(families)].join("");
}

/**
 * A response body that renders the next chunk only when the client has read the previous one,
 * so a scrape holds the rows and one chunk, never the whole text.
 */
export function prometheusBody(chunks: Iterable<string>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.iterator]();
  const encoder = new TextEncoder();
  return new ReadableStream({
    pull(controller) {
      const next = iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      iterator.return?.();
    },
  });
}
