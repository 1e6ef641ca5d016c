import { apiRoute } from "@/lib/api/route";
import { certificateMetricsChunks } from "@/lib/metrics/certificates";
import { PROMETHEUS_CONTENT_TYPE, prometheusBody } from "@/lib/metrics/prometheus";

export const dynamic = "force-dynamic";

/**
 * Certificate dates and counts by state, Prometheus text format 0.0.4, for a bearer token
 * (Prometheus: `authorization: { credentials: d1t_… }`). METRICS_PORT serves the same without one.
 */
export const GET = apiRoute(
  "viewer",
  async ({ db }) =>
    new Response(prometheusBody(await certificateMetricsChunks(db)), {
      headers: { "content-type": PROMETHEUS_CONTENT_TYPE, "cache-control": "no-store" },
    }),
);
