import "server-only";
import type { Db } from "@/lib/db/client";
import { schedulerConfigFromEnv, type SchedulerConfig } from "./config";
import { describeSweep, runSweep, type SweepSummary } from "./sweep";
import { startDailyProbes } from "@/lib/probe/schedule";
import { sweepInactiveUsers } from "@/lib/auth/inactivity-schedule";
import { givingWay } from "@/lib/db/give-way";

const BACKLOG_DELAY_MS = 5_000;

/** `stop` ends the timers and the sweep under way between two deliveries; it resolves once that sweep has recorded its last one. */
export type Scheduler = { stop: () => Promise<void>; runNow: () => Promise<SweepSummary | null> };

/**
 * Runs a sweep shortly after start and then every interval, inside the app process (and again
 * after a few seconds while a backlog is being worked off). Never two at
 * once in this process (a slow sweep makes the next tick skip); other instances may sweep at the
 * same time, which the delivery key and the row claims make safe. Errors are logged, not thrown:
 * a database that is down now is retried at the next tick.
 */
export function startReminderScheduler(
  getDb: () => Promise<Db>,
  config: SchedulerConfig = schedulerConfigFromEnv(),
  log: Pick<Console, "info" | "error"> = console,
): Scheduler {
  let running: Promise<SweepSummary | null> | null = null;
  let stopped = false;
  const stopping = new AbortController();
  let followUp: NodeJS.Timeout | undefined;
  const tick = (): Promise<SweepSummary | null> => {
    if (running || stopped) return Promise.resolve(null);
    running = (async () => {
      try {
        const database = await getDb();
        // Daily TLS probes (lib/probe/schedule.ts) start in the background: they never delay reminders.
        startDailyProbes(database, log);
        // Users not seen for USER_INACTIVE_DAYS are disabled on the same beat (PCI DSS 8.2.6).
        await sweepInactiveUsers(database, log);
        const summary = await runSweep(database, {
          signal: stopping.signal,
          giveWay: givingWay({ signal: stopping.signal }),
        });
        if (stopping.signal.aborted)
          log.info(
            `[reminders] sweep stopped for shutdown after ${summary.outcomes.length} deliveries; the rest waits for the next start`,
          );
        if (summary.created || summary.outcomes.length || summary.cancelled || summary.findings)
          log.info(`[reminders] ${describeSweep(summary)}`);
        for (const failed of summary.outcomes.filter((o) => o.status !== "sent")) {
          log.error(
            `[reminders] ${failed.channel} delivery ${failed.id} ${failed.status}: ${failed.detail}`,
          );
        }
        // A sweep does a bounded amount of work; when some was left over, the next one runs soon.
        if (summary.more && !stopped) {
          followUp = setTimeout(tick, BACKLOG_DELAY_MS);
          followUp.unref();
        }
        return summary;
      } catch (error) {
        log.error(`[reminders] sweep failed: ${(error as Error).message}`);
        return null;
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const first = setTimeout(tick, config.firstRunDelayMs);
  const every = setInterval(tick, config.intervalMs);
  // Timers must not keep a process alive on their own (the CLI, tests, a shutting-down server).
  first.unref();
  every.unref();
  return {
    stop: async () => {
      stopped = true;
      stopping.abort();
      clearTimeout(followUp);
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
    runNow: tick,
  };
}
