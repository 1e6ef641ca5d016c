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
  samples: Sample[];
};

export const escapeLabelValue = (v: string) =>
  v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const escapeHelp = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

export function renderPrometheus(families: MetricFamily[]): string {
  const out: string[] = [];
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
    }
  }
  return `${out.join("\n")}\n`;
}
