import { z } from "zod";
import { errorResponse } from "@/lib/openapi/helpers";

export function metricsPaths() {
  return {
    "/api/metrics": {
      get: {
        summary:
          "Prometheus metrics (text format 0.0.4): per certificate not-after, days left, start-renewal-by; counts by state per gateway and environment; trust-store CA not-after, the first unacknowledged reminder per certificate and subject, the last complete sweep and the sweep interval, the latest TLS probe result per target (docs/deployment.md#metrics). Also without a token on METRICS_PORT",
        responses: {
          "200": {
            description: "Metrics",
            content: { "text/plain; version=0.0.4": { schema: z.string() } },
          },
          "401": errorResponse("No valid token"),
        },
      },
    },
  };
}
