import fs from "node:fs";
import { type EnvSource, processEnv } from "@/lib/env";

/** Secrets that may come from a file (Compose and Kubernetes secrets are mounted as files). */
export const FILE_VARIABLES = ["AUTH_SECRET", "DATABASE_URL", "SMTP_URL"] as const;

/**
 * NAME_FILE=/run/secrets/x sets NAME to the file's content (trailing newline trimmed) when NAME
 * itself is unset, so that a secret never has to sit in the environment of a compose file.
 * Runs at server start, before the database opens. An unreadable file stops the start: a
 * missing secret must not silently fall back to a generated one.
 */
export function applyFileVariables(env: EnvSource = processEnv()): string[] {
  const applied: string[] = [];
  for (const name of FILE_VARIABLES) {
    const file = env[`${name}_FILE`]?.trim();
    if (!file || env[name]?.trim()) continue;
    try {
      env[name] = fs.readFileSync(file, "utf8").replace(/\r?\n$/, "");
    } catch (error) {
      throw new Error(
        `${name}_FILE=${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    if (!env[name]!.trim()) throw new Error(`${name}_FILE=${file} is empty`);
    applied.push(name);
  }
  return applied;
}
