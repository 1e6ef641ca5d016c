// Types for the test-only parser (the package ships none), as far as the tests use it.
declare module "parse-prometheus-text-format" {
  type Metric = { value: string; labels?: Record<string, string> };
  type Family = {
    name: string;
    help: string;
    type: "GAUGE" | "COUNTER" | "SUMMARY" | "HISTOGRAM" | "UNTYPED";
    metrics: Metric[];
  };
  export default function parsePrometheusTextFormat(text: string): Family[];
}
