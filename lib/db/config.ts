import path from "node:path";
import { type EnvSource, processEnv } from "@/lib/env";

export type DatabaseTarget =
  | { kind: "pglite"; dataDir: string }
  | { kind: "postgres"; url: string };

/** Where the data lives: PostgreSQL when DATABASE_URL is set, otherwise embedded PGlite. */
export function databaseTarget(env: EnvSource = processEnv()): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) return { kind: "postgres", url };
  return {
    kind: "pglite",
    dataDir: path.resolve(/*turbopackIgnore: true*/ env.DATA_DIR?.trim() || "./data"),
  };
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === "pglite") return `embedded PostgreSQL (PGlite) in ${target.dataDir}`;
  const u = new URL(target.url);
  return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
}
