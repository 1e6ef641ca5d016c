import "server-only";
import http from "node:http";
import type { Db } from "@/lib/db/client";
import { pipeline, Readable } from "node:stream";
import { certificateMetricsChunks } from "./certificates";
import { PROMETHEUS_CONTENT_TYPE } from "./prometheus";
import { type EnvSource, processEnv } from "@/lib/env";

/**
 * METRICS_PORT: the same metrics without a token, on a port of their own, for a Prometheus that
 * cannot send one. Only GET /metrics (and /api/metrics); nothing else of the app is reachable
 * there. Bind it to an interface that only the monitoring network reaches (METRICS_HOST).
 */
/** Loopback unless METRICS_HOST says otherwise: the port answers without a token. */
export const metricsHostFromEnv = (env: EnvSource = processEnv()) =>
  env.METRICS_HOST?.trim() || "127.0.0.1";

export function startMetricsServer(
  port: number,
  host: string,
  getDb: () => Promise<Db>,
): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== "/metrics" && path !== "/api/metrics")
      return void res
        .writeHead(404, { "content-type": "text/plain" })
        .end("Not found: try /metrics\n");
    if (req.method !== "GET" && req.method !== "HEAD")
      return void res.writeHead(405, { allow: "GET, HEAD" }).end();
    try {
      const chunks = await certificateMetricsChunks(await getDb());
      res.writeHead(200, { "content-type": PROMETHEUS_CONTENT_TYPE, "cache-control": "no-store" });
      if (req.method === "HEAD") return void res.end();
      // Chunk by chunk as the scraper reads (lib/metrics/prometheus.ts, prometheusBody); a
      // failure half-way cuts the connection, so the scraper sees an error, not a short text.
      pipeline(Readable.from(chunks), res, (error) => {
        if (error) console.error("[metrics] the exposition stopped half-way:", error.message);
      });
    } catch (error) {
      console.error("[metrics] could not read the database:", (error as Error).message);
      res.writeHead(503, { "content-type": "text/plain" }).end("database unavailable\n");
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}
