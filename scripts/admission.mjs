// How many requests the servers of `npm start` let into Next.js's handler at once
// (docs/decisions/0031). A page render is CPU work on one thread: on a machine of two cores,
// twenty renders at once finish no sooner than four, but each holds its own memory all the while,
// and the collector and the database's connections share the cores with them. Past the limit,
// requests wait their turn in arrival order, not yet parsed or routed.

/**
 * The default: with PostgreSQL (DATABASE_URL or DATABASE_URL_FILE), twice the cores Node.js may
 * use, at least 4. On the embedded database, no limit: PGlite runs every query on the server's
 * one thread already, and the limit there served 10 to 20 % fewer requests with a higher peak
 * memory (ADR 0031).
 */
export function defaultLimit(env, cores) {
  return env.DATABASE_URL || env.DATABASE_URL_FILE ? Math.max(4, 2 * cores) : 0;
}

export class AdmissionConfigError extends Error {}

/** MAX_CONCURRENT_REQUESTS: a whole number; 0 turns the limit off. Unset: `defaultLimit`. */
export function admissionLimitFromEnv(env, cores) {
  const text = env.MAX_CONCURRENT_REQUESTS?.trim();
  if (!text) return defaultLimit(env, cores);
  if (!/^\d+$/.test(text) || Number(text) > 10_000)
    throw new AdmissionConfigError(
      `MAX_CONCURRENT_REQUESTS must be a whole number from 0 (no limit) to 10000, not "${env.MAX_CONCURRENT_REQUESTS}".`,
    );
  return Number(text);
}

/** For the server's start-up line. */
export function describeLimit(limit) {
  return limit ? `at most ${limit} requests at once` : "no limit on requests at once";
}

/**
 * Never queued: the health check (a probe that waits behind a busy moment would have the
 * orchestrator restart a working server) and the build's static files (read from disk, no render).
 */
export function bypassesAdmission(url = "") {
  const path = url.split("?", 1)[0];
  return path === "/api/health" || path.startsWith("/_next/static/");
}

/**
 * A gate for `(req, res) => handle(req, res)`. A request holds its place until its response
 * closes (sent, or the client gone), or for `holdMs` at most: a longer one (a download to a slow
 * client, a large upload) is waiting on the network, not on the cores, and must not stall the
 * queue. A request whose client leaves while it waits is dropped from the queue, never handled.
 */
export function admissionGate({ limit, holdMs = 2000, bypass = bypassesAdmission }) {
  let active = 0;
  const waiting = [];
  const stats = { admitted: 0, queued: 0, dropped: 0 };
  const pump = () => {
    while (active < limit && waiting.length > 0) {
      const entry = waiting.shift();
      if (entry.gone) stats.dropped += 1;
      else entry.start();
    }
  };
  const admit = (req, res, handle) => {
    if (!limit || bypass(req.url)) return handle();
    let state = "waiting";
    let timer;
    const entry = {
      get gone() {
        return state === "closed";
      },
      start() {
        state = "running";
        active += 1;
        stats.admitted += 1;
        timer = setTimeout(release, holdMs);
        timer.unref?.();
        handle();
      },
    };
    function release() {
      if (state === "running") {
        active -= 1;
        clearTimeout(timer);
        state = "released";
        pump();
      } else if (state === "waiting") {
        state = "closed";
      }
    }
    res.once("close", release);
    if (active < limit) entry.start();
    else {
      stats.queued += 1;
      waiting.push(entry);
    }
  };
  admit.state = () => ({ limit, active, waiting: waiting.length, ...stats });
  return admit;
}
