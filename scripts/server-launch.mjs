// What the server's node process must be given when it starts, because it cannot be changed once
// running: one place for everything that starts the server from a checkout. `npm start`
// (scripts/start.mjs) and the benchmarks (bench/support.mjs) pass it; the container image's
// command (scripts/container-start.sh) does the same, and lib/deploy/launch.test.ts runs both on
// the same cases (docs/decisions/0029).

/**
 * glibc's allocator, read once when the process starts. By default each thread that allocates
 * gets an arena of its own (up to 8 per core: V8's compiler and collector threads, libuv's
 * pool), and the size above which a block is mapped on its own, and so given back when freed,
 * rises to the largest block freed so far. Memory that Node.js and V8 freed outside the
 * JavaScript heap stayed resident: 90 to 120 MB of the embedded server's 462 MB peak at 100,000
 * certificates. With two arenas and a fixed 128 KiB threshold it held 60 MB, the peak was
 * 415 MB, and it served as many requests. With PostgreSQL the peak did not change (897 against
 * 910 MB at 10,000) and the overview after a change got slower, so there glibc keeps its defaults.
 */
export const ALLOCATOR_ENV = Object.freeze({
  MALLOC_ARENA_MAX: "2",
  MALLOC_MMAP_THRESHOLD_: "131072",
});

/**
 * V8's young generation, read once when the process starts: each of its two halves may grow to
 * 16 MB by default, and under 20 concurrent users both are in use. At 8 MB the embedded server's
 * peak at 100,000 certificates was 389.6 MB instead of 400.9 MB in back-to-back `bench:load`
 * runs, with 4 % fewer inventory pages a second under load and the same p99 (ADR 0036). With
 * PostgreSQL the larger young generation is what helped the p99 under load (ADR 0028), so there
 * V8 keeps its default.
 */
export const YOUNG_GENERATION_OPTION = "--max-semi-space-size=8";

/**
 * The server process's environment: `env`, plus, when the server uses the embedded database
 * (neither DATABASE_URL nor DATABASE_URL_FILE), the allocator settings it does not set itself and
 * YOUNG_GENERATION_OPTION appended to NODE_OPTIONS unless that already sizes the young generation.
 */
export function serverEnvironment(env) {
  if (env.DATABASE_URL || env.DATABASE_URL_FILE) return env;
  const result = { ...env };
  for (const [name, value] of Object.entries(ALLOCATOR_ENV))
    if (!result[name]) result[name] = value;
  const options = result.NODE_OPTIONS?.trim() ?? "";
  if (!options.includes("--max-semi-space-size"))
    result.NODE_OPTIONS = options
      ? `${options} ${YOUNG_GENERATION_OPTION}`
      : YOUNG_GENERATION_OPTION;
  return result;
}
