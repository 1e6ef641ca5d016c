import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Called between the steps of background work (the reminder sweep): resolves at once, or after
 * a pause that lets requests run.
 */
export type GiveWay = () => Promise<void>;

/** The servers' count of requests in flight (scripts/request-activity.mjs). */
export type RequestActivity = {
  readonly inFlight: number;
  /** Resolves true once at most `atMost` requests are in flight, false after `maxMs`. */
  whenAtMost(atMost: number, maxMs: number): Promise<boolean>;
};

/** What `npm start`'s servers (the image's too) count, or undefined under one that does not (next dev, next start, tests). */
export function serverRequestActivity(): RequestActivity | undefined {
  return (globalThis as Record<symbol, RequestActivity | undefined>)[
    Symbol.for("d1.requestActivity")
  ];
}

export type GiveWayOptions = {
  /**
   * Requests in flight that belong to the work itself (the admin's `POST /api/v1/reminders/sweep`
   * is one): it does not wait for them.
   */
  ownRequests?: number;
  /** The longest wait for a quiet moment: under steady load the work still moves at this pace. */
  maxWaitMs?: number;
  /** Stop waiting at all once aborted (shutdown: the server no longer takes requests). */
  signal?: AbortSignal;
  /** Default: the server's count; without one, the event loop's utilization decides. */
  activity?: RequestActivity;
  /** Without a count: busy time of the process since the last pause that calls for one. */
  busyMs?: number;
  /** Without a count: share of the time the work may keep the process busy while requests wait. */
  share?: number;
  /** Without a count: the longest pause. */
  maxPauseMs?: number;
};

/**
 * PGlite runs each statement inside this process, and statements chained by `await` run one after
 * the other without the event loop serving anyone: a request that needs a few turns of it (a
 * page's render, its own queries) got one turn per statement and waited for the whole sweep,
 * about 2 s on the 100,000 fleet even once each statement was short.
 *
 * Under `npm start` the servers count the requests in flight, and between two steps the work
 * waits until none is (at most `maxWaitMs`): a request then waits for at most the one step the
 * work started in a quiet moment, and the work runs in the gaps between requests, at the pace of
 * one step per `maxWaitMs` under steady load. No long waits, but a step in almost every gap: most
 * requests during the work are a little slower (ADR 0035).
 *
 * Without a count (`next dev`, `next start`, tests), it watches how busy the event loop has been
 * since the last pause: past `busyMs` of work, at least half the time, it pauses for as long as
 * the work held it (at `share` 0.5), so requests get the other half. A request then waits for
 * the work about `busyMs` at most (ADR 0034). Against PostgreSQL the process mostly waits on the network, the
 * loop stays idle, and nothing pauses.
 */
export function givingWay({
  ownRequests = 0,
  maxWaitMs = 250,
  signal,
  activity = serverRequestActivity(),
  busyMs = 150,
  share = 0.5,
  maxPauseMs = 250,
}: GiveWayOptions = {}): GiveWay {
  if (activity)
    return async () => {
      if (signal?.aborted) return;
      // One turn of the loop first: a request that arrived during the last step is counted then.
      await new Promise((resolve) => setImmediate(resolve));
      if (activity.inFlight > ownRequests) await activity.whenAtMost(ownRequests, maxWaitMs);
    };
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
