import "server-only";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { probeConfigFromEnv } from "./config";
import type { ProbeOptions } from "./engine";
import { runProbeTarget } from "./mutations";

export const DAILY_MS = 24 * 60 * 60 * 1000;
/** At most this many targets per tick: a tick's work stays bounded, the rest waits for the next. */
export const MAX_PROBES_PER_RUN = 20;
const CONCURRENCY = 2;

export const schedulerActor: Actor = {
  type: "system",
  id: null,
  label: "scheduler:daily-probe",
  role: "admin",
};

export type DailySummary = {
  due: number;
  ran: { targetId: string; ok: boolean }[];
  failed: { targetId: string; message: string }[];
};

/** The daily targets whose latest result is older than 24 hours (or that have none yet). */
export function dueDailyTargets(db: Db, now = new Date(), limit = MAX_PROBES_PER_RUN) {
  return db.probeTarget.findMany({
    where: { daily: true, results: { none: { at: { gt: new Date(now.getTime() - DAILY_MS) } } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true },
  });
}

/** Probes every due daily target, two at a time, each bounded by its own time-outs. */
export async function runDueProbes(
  db: Db,
  now = new Date(),
  options: ProbeOptions = probeConfigFromEnv(),
): Promise<DailySummary> {
  const due = await dueDailyTargets(db, now);
  const summary: DailySummary = { due: due.length, ran: [], failed: [] };
  const queue = [...due];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        const outcome = await runProbeTarget(db, schedulerActor, next.id, options, true);
        if (!outcome.ok) summary.failed.push({ targetId: next.id, message: outcome.message });
        else if (outcome.result) summary.ran.push({ targetId: next.id, ok: outcome.result.ok });
      } catch (error) {
        summary.failed.push({ targetId: next.id, message: (error as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return summary;
}

const state = globalThis as unknown as { d1DailyProbes?: Promise<void> | null };

/**
 * The hook the reminder scheduler calls on each tick (lib/reminder/scheduler.ts). It returns at
 * once: the probes run in the background, never two runs at once in this process, so a slow
 * probe never delays a reminder. Errors are logged, not thrown.
 */
export function startDailyProbes(
  db: Db,
  log: Pick<Console, "info" | "error"> = console,
): Promise<void> | null {
  if (state.d1DailyProbes) return null;
  state.d1DailyProbes = runDueProbes(db)
    .then((summary) => {
      if (summary.ran.length || summary.failed.length) {
        log.info(
          `[probes] daily: ${summary.ran.length} probed (${summary.ran.filter((r) => r.ok).length} passed), ${summary.failed.length} failed`,
        );
      }
      for (const failed of summary.failed)
        log.error(`[probes] daily probe of target ${failed.targetId} failed: ${failed.message}`);
    })
    .catch((error: Error) => log.error(`[probes] daily run failed: ${error.message}`))
    .finally(() => {
      state.d1DailyProbes = null;
    });
  return state.d1DailyProbes;
}

/** Resolves when the daily probes under way (if any) have recorded their results: shutdown waits for it. */
export async function dailyProbesRunning(): Promise<void> {
  await state.d1DailyProbes;
}
