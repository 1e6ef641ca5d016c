import { pingDatabase } from "@/lib/health/data";
import { isShuttingDown } from "@/lib/shutdown";

export const dynamic = "force-dynamic";

/** Liveness and database status, for load balancers and monitors. No authentication. */
export async function GET() {
  // Readiness: an instance that is stopping takes no new work (its requests in flight still finish).
  if (isShuttingDown()) return Response.json({ status: "shutting-down" }, { status: 503 });
  const started = performance.now();
  try {
    await pingDatabase();
    return Response.json({
      status: "ok",
      database: { status: "up", latencyMs: Math.round(performance.now() - started) },
    });
  } catch (error) {
    console.error("[health] database unreachable:", (error as Error).message);
    return Response.json(
      { status: "error", database: { status: "down", error: "unreachable" } },
      { status: 503 },
    );
  }
}
