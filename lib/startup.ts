import "server-only";
import { db } from "@/lib/db/client";
import { DataDirLockedError } from "@/lib/db/lock";
import { issueSetupCode } from "@/lib/auth/setup";
import { schedulerConfigFromEnv } from "@/lib/reminder/config";
import { startReminderScheduler } from "@/lib/reminder/scheduler";
import { metricsHostFromEnv, startMetricsServer } from "@/lib/metrics/server";
import { redactUrl } from "@/lib/reminder/redact";
import { anchorConfigFromEnv, startAnchorSchedule } from "@/lib/audit/anchor-schedule";
import { rejudgeLegacyVerdicts } from "@/lib/certificate/reevaluate";
import { dailyProbesRunning } from "@/lib/probe/schedule";
import { installShutdownHandlers, onShutdown } from "@/lib/shutdown";
import { applyFileVariables } from "@/lib/deploy/file-variables";
import { applyHeapGrowth } from "@/lib/deploy/heap-growth";
import { env, environmentProblems } from "@/lib/env";

export async function startServer() {
  installShutdownHandlers();
  try {
    const fromFiles = applyFileVariables();
    if (fromFiles.length)
      console.info(
        `[startup] read ${fromFiles.join(", ")} from ${fromFiles.map((n) => `${n}_FILE`).join(", ")}`,
      );
  } catch (error) {
    console.error(`[startup] ${(error as Error).message}`);
    process.exit(1);
  }
  // A setting that does not say what was meant must not be guessed at (after the _FILE ones).
  const problems = environmentProblems();
  if (problems.length) {
    for (const problem of problems) console.error(`[startup] ${problem}`);
    process.exit(1);
  }
  // After the check above, so the value is a good one.
  const heapGrowth = applyHeapGrowth();
  if (heapGrowth)
    console.info(
      `[memory] the JavaScript heap grows at most ${heapGrowth} % past what is live before it is collected (HEAP_GROWTH_PERCENT)`,
    );
  try {
    const prisma = await db();
    const code = await issueSetupCode(prisma);
    if (code) {
      const url = env.APP_URL || `http://localhost:${env.PORT || 3000}`;
      console.info(
        `\n[setup] No user exists yet. Open ${url}/setup and enter this one-time setup code:\n` +
          `[setup] SETUP CODE: ${code}\n`,
      );
    }
    // Verdicts stored before they followed client-cert-issuers (ADR 0014), judged again once.
    const rejudged = await rejudgeLegacyVerdicts(prisma).catch((error: Error) => {
      console.error(`[verdicts] ${error.message}`);
      return 0;
    });
    if (rejudged > 0)
      console.info(
        `[verdicts] ${rejudged} certificate verdict(s) judged again against client-cert-issuers`,
      );
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
    console.info(
      `[reminders] scheduler on: a sweep every ${Math.round(scheduler.intervalMs / 1000)} s (REMINDERS_SCHEDULER=off turns it off)`,
    );
  } else {
    console.info("[reminders] scheduler off on this instance (REMINDERS_SCHEDULER)");
  }
  startAuditAnchors();
  const port = Number(env.METRICS_PORT);
  if (env.METRICS_PORT && Number.isInteger(port) && port > 0 && port < 65536) {
    const host = metricsHostFromEnv();
    const listening = startMetricsServer(port, host, db).then(
      (server) => {
        console.info(
          `[metrics] Prometheus metrics without a token on http://${host}:${port}/metrics`,
        );
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
  } else if (env.METRICS_PORT) {
    console.error(`[metrics] METRICS_PORT must be a port number, not "${env.METRICS_PORT}"`);
  }
}

/** The audit anchor on a schedule (ADR 0018): to the log, and to AUDIT_ANCHOR_WEBHOOK_URL when set. */
function startAuditAnchors() {
  const anchors = anchorConfigFromEnv();
  for (const problem of anchors.problems) console.error(`[audit] ${problem}`);
  if (anchors.intervalMs === null)
    return console.info(
      "[audit] no scheduled audit anchor on this instance (AUDIT_ANCHOR_INTERVAL=off)",
    );
  startAnchorSchedule(db, anchors);
  const to = anchors.webhook
    ? `the log and the webhook ${redactUrl(anchors.webhook.url)}`
    : "the log";
  console.info(
    `[audit] the audit anchor goes to ${to} every ${Math.round(anchors.intervalMs / 60_000)} min (AUDIT_ANCHOR_INTERVAL)`,
  );
}
