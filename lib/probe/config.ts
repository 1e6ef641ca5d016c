import { type EnvSource, processEnv } from "@/lib/env";
/**
 * Probe limits, from the environment (each instance may differ):
 * - PROBE_TIMEOUT_MS: the time-out of each connection (and of the DNS query), default 5000;
 * - PROBE_TOTAL_TIMEOUT_MS: the bound on a whole probe, default three times the above;
 * - PROBE_OPENSSL: the openssl binary used to read the acceptable client CA names, default
 *   "openssl" on the PATH; "off" skips that step.
 */
export type ProbeConfig = { timeoutMs: number; totalTimeoutMs: number; openssl: string | null };

export const DEFAULT_PROBE_TIMEOUT_MS = 5_000;

function bounded(value: string | undefined, fallback: number, min: number, max: number): number {
  const n = Number(value);
  return value !== undefined && value.trim() !== "" && Number.isFinite(n)
    ? Math.min(max, Math.max(min, Math.round(n)))
    : fallback;
}

export function probeConfigFromEnv(env: EnvSource = processEnv()): ProbeConfig {
  const timeoutMs = bounded(env.PROBE_TIMEOUT_MS, DEFAULT_PROBE_TIMEOUT_MS, 200, 60_000);
  const totalTimeoutMs = bounded(env.PROBE_TOTAL_TIMEOUT_MS, 3 * timeoutMs, timeoutMs, 180_000);
  const flag = (env.PROBE_OPENSSL ?? "").trim();
  const openssl = ["off", "none", "false", "0", "no"].includes(flag.toLowerCase())
    ? null
    : flag || "openssl";
  return { timeoutMs, totalTimeoutMs, openssl };
}
