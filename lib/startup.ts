import "server-only";
import { db } from "@/lib/db/client";
import { DataDirLockedError } from "@/lib/db/lock";
import { issueSetupCode } from "@/lib/auth/setup";
import { schedulerConfigFromEnv } from "@/lib/reminder/config";
import { startReminderScheduler } from "@/lib/reminder/scheduler";
import { startMetricsServer } from "@/lib/metrics/server";
import { dailyProbesRunning } from "@/lib/probe/schedule";
import { installShutdownHandlers, onShutdown } from "@/lib/shutdown";
import { applyFileVariables } from "@/lib/deploy/file-variables";

export async function startServer() {
  installShutdownHandlers();
  try {
    const fromFiles = applyFileVariables();
    if (fromFiles.length) console.info(`[startup] read ${fromFiles.join(", ")} from ${fromFiles.map((n) => `${n}_FILE`).join(", ")}`);
  } catch (error) {
    console.error(`[startup] ${(error as Error).message}`);
    process.exit(1);
  }
  try {
    const prisma = await db();
    const code = await issueSetupCode(prisma);
    if (code) {
      const url = process.env.APP_URL || `http://localhost:${process.env.PORT || 3000}`;
      console.info(
        `\n[setup] No user exists yet. Open ${url}/setup and enter this one-time setup code:\n` +
          `[setup] SETUP CODE: ${code}\n`,
      );
    }
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      // A second instance on one embedded database would corrupt it: refuse to start.
      console.error(`[startup] ${error.message}`);
      process.exit(1);
    }
    // Otherwise keep serving: /api/health reports the database as down and pages show the error.
    console.error(`[startup] the database could not be opened: ${(error as Error).message}`);
  }
  startBackgroundWork();
}

const started = globalThis as unknown as { d1BackgroundStarted?: boolean };

/**
 * The reminder scheduler (ADR 0007), and the unauthenticated metrics port when METRICS_PORT is
 * set. Once per process, even if start-up runs again (development reloads).
 */
function startBackgroundWork() {
  if (started.d1BackgroundStarted) return;
  started.d1BackgroundStarted = true;
  // A daily probe under way records its result before the database closes.
  onShutdown("the daily probes", dailyProbesRunning);
  const scheduler = schedulerConfigFromEnv();
  if (scheduler.enabled) {
    const running = startReminderScheduler(db, scheduler);
    onShutdown("the reminder scheduler", running.stop);
    console.info(`[reminders] scheduler on: a sweep every ${Math.round(scheduler.intervalMs / 1000)} s (REMINDERS_SCHEDULER=off turns it off)`);
  } else {
    console.info("[reminders] scheduler off on this instance (REMINDERS_SCHEDULER)");
  }
  const port = Number(process.env.METRICS_PORT);
  if (process.env.METRICS_PORT && Number.isInteger(port) && port > 0 && port < 65536) {
    const host = process.env.METRICS_HOST?.trim() || "0.0.0.0";
    const listening = startMetricsServer(port, host, db).then(
      (server) => {
        console.info(`[metrics] Prometheus metrics without a token on http://${host}:${port}/metrics`);
        return server;
      },
      (error: Error) => {
        console.error(`[metrics] could not listen on ${host}:${port}: ${error.message}`);
        return null;
      },
    );
    onShutdown("the metrics port", async () => {
      const server = await listening;
      if (!server) return;
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeIdleConnections();
      await closed;
    });
  } else if (process.env.METRICS_PORT) {
    console.error(`[metrics] METRICS_PORT must be a port number, not "${process.env.METRICS_PORT}"`);
  }
}
