// How many requests the servers of `npm start` hold right now, for the app's background work (the
// reminder sweep) to wait for a quiet moment between its steps (lib/db/give-way.ts, ADR 0035).
// The servers count; the app reads the count through a global registered under a shared symbol,
// because the app's code is bundled by Next.js and cannot import this module by path.

const KEY = Symbol.for("d1.requestActivity");

/**
 * A counter of requests in flight, with waiters: `whenAtMost(n, maxMs)` resolves true once at
 * most `n` requests are in flight, or false after `maxMs`.
 */
export function createRequestActivity() {
  let inFlight = 0;
  let waiters = [];
  const wake = () => {
    const ready = waiters.filter((w) => inFlight <= w.atMost);
    if (ready.length === 0) return;
    waiters = waiters.filter((w) => inFlight > w.atMost);
    for (const w of ready) w.resolve(true);
  };
  return {
    get inFlight() {
      return inFlight;
    },
    started() {
      inFlight += 1;
    },
    ended() {
      inFlight -= 1;
      wake();
    },
    whenAtMost(atMost, maxMs) {
      if (inFlight <= atMost) return Promise.resolve(true);
      return new Promise((resolve) => {
        const waiter = {
          atMost,
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value);
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          resolve(false);
        }, maxMs);
        timer.unref?.();
        waiters.push(waiter);
      });
    },
  };
}

/** The process's counter, created on first use and shared with the app through the global. */
export function requestActivity() {
  globalThis[KEY] ??= createRequestActivity();
  return globalThis[KEY];
}

/**
 * Counts a request from its arrival (before the admission gate: a request waiting there is
 * waiting too) until its response `res` closes: sent, or the client gone. Once per request.
 */
export function countRequest(res, activity = requestActivity()) {
  activity.started();
  res.once("close", () => activity.ended());
}
