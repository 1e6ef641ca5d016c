import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Called between the steps of background work (the reminder sweep): resolves at once, or after
 * a pause that lets requests run.
 */
export type GiveWay = () => Promise<void>;

export type GiveWayOptions = {
  /** Busy time of the process since the last pause that calls for one. */
  busyMs?: number;
  /** Share of the time the work may keep the process busy while requests wait. */
  share?: number;
  /** The longest pause. */
  maxPauseMs?: number;
};

/**
 * PGlite runs each statement inside this process, and statements chained by `await` run one after
 * the other without the event loop serving anyone: a request that needs a few turns of it (a
 * page's render, its own queries) got one turn per statement and waited for the whole sweep,
 * about 2 s on the 100,000 fleet even once each statement was short. This watches how busy the
 * event loop has been since the last pause: past `busyMs` of work, at least half the time, it
 * pauses for as long as the work held it (at `share` 0.5), so requests get the other half.
 * `busyMs` sets the trade: a request waits for the work about that long at most, and the fewer
 * pauses, the fewer requests wait. In `bench:load` at 100,000, after 50 ms a sweep slowed about
 * a dozen requests of one page by 50–120 ms (its p95 7.1× the health check's); after 150 ms, a
 * few by up to 240 ms (docs/benchmarks.md, thirteenth pass).
 * Against PostgreSQL the process mostly waits on the network, the loop stays idle, and nothing
 * pauses.
 */
export function givingWay({
  busyMs = 150,
  share = 0.5,
  maxPauseMs = 250,
}: GiveWayOptions = {}): GiveWay {
  let since = performance.eventLoopUtilization();
  return async () => {
    const spent = performance.eventLoopUtilization(since);
    if (spent.active < busyMs) return;
    if (spent.utilization >= 0.5)
      await sleep(Math.min(maxPauseMs, (spent.active * (1 - share)) / share));
    since = performance.eventLoopUtilization();
  };
}

/** For callers that run alone (the CLI, tests): never pauses. */
export const neverGiveWay: GiveWay = async () => {};
