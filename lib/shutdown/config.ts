import { type EnvSource, processEnv } from "@/lib/env";
/** SHUTDOWN_TIMEOUT_SECONDS: how long a SIGTERM waits for requests in flight and a sweep under way. */
export const DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 25;

export function shutdownTimeoutMs(env: EnvSource = processEnv()): number {
  const raw = env.SHUTDOWN_TIMEOUT_SECONDS?.trim();
  const seconds = Number(raw);
  if (!raw) return DEFAULT_SHUTDOWN_TIMEOUT_SECONDS * 1000;
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 3600) {
    console.error(
      `[shutdown] SHUTDOWN_TIMEOUT_SECONDS must be 1 to 3600 seconds, not "${raw}": using ${DEFAULT_SHUTDOWN_TIMEOUT_SECONDS}`,
    );
    return DEFAULT_SHUTDOWN_TIMEOUT_SECONDS * 1000;
  }
  return Math.round(seconds * 1000);
}
