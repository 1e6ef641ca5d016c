import "server-only";
import { closeDb } from "@/lib/db/client";
import { shutdownTimeoutMs } from "./config";

type Step = { name: string; stop: () => Promise<unknown> };
type State = { steps: Step[]; started: boolean; installed: boolean };

const holder = globalThis as unknown as { d1Shutdown?: State };
holder.d1Shutdown ??= { steps: [], started: false, installed: false };
const state = holder.d1Shutdown;

/** True once SIGTERM/SIGINT arrived: /api/health answers 503 so that load balancers stop sending. */
export function isShuttingDown(): boolean {
  return state.started;
}

/** Background work to end before the database closes (the scheduler, the metrics port). */
export function onShutdown(name: string, stop: () => Promise<unknown>): void {
  state.steps.push({ name, stop });
}

/**
 * Clean shutdown (ADR 0019). Next's own server (`next start`, the standalone server.js) already
 * answers SIGTERM/SIGINT: it stops listening, waits for the requests in flight, then calls
 * process.exit(143/130). We cooperate instead of replacing it: on the signal we stop the
 * background work at once, and we hold Next's process.exit until that work has finished and the
 * database is closed, then exit 0. SHUTDOWN_TIMEOUT_SECONDS bounds the whole; past it we close
 * what we can and exit 1.
 */
export function installShutdownHandlers(log: Pick<Console, "info" | "error"> = console): void {
  if (state.installed) return;
  state.installed = true;
  const realExit = process.exit.bind(process);
  let finishing: Promise<void> | null = null;
  let background: Promise<unknown> = Promise.resolve();

  const finish = (code: number) => {
    finishing ??= (async () => {
      await background;
      await closeDb().catch((error: Error) =>
        log.error(`[shutdown] closing the database failed: ${error.message}`),
      );
      log.info(`[shutdown] database closed; exiting with ${code}`);
    })();
    return finishing.then(() => realExit(code));
  };

  const begin = (signal: NodeJS.Signals) => {
    if (state.started) return;
    state.started = true;
    const timeoutMs = shutdownTimeoutMs();
    log.info(
      `[shutdown] ${signal}: no new requests; finishing those in flight and the current reminder delivery (at most ${timeoutMs / 1000} s)`,
    );
    background = Promise.allSettled(
      state.steps.map((step) =>
        step
          .stop()
          .catch((error: Error) =>
            log.error(`[shutdown] stopping ${step.name} failed: ${error.message}`),
          ),
      ),
    );
    // Next calls process.exit once its server has drained: that is when the database may close.
    process.exit = ((code?: number) =>
      void finish(
        code === undefined || code === 143 || code === 130 || code === 0 ? 0 : Number(code),
      )) as typeof process.exit;
    const timer = setTimeout(() => {
      log.error(
        `[shutdown] still busy after ${timeoutMs / 1000} s (SHUTDOWN_TIMEOUT_SECONDS): closing anyway; requests still in flight are cut off`,
      );
      void finish(1);
      // closing itself may hang on a stuck query: never outlive the bound by more than a few seconds
      setTimeout(() => realExit(1), 5_000).unref();
    }, timeoutMs);
    timer.unref();
  };
  process.on("SIGTERM", begin);
  process.on("SIGINT", begin);
}
