#!/usr/bin/env node
// Runs the Prisma CLI offline. Prisma 6.19's CLI insists on fetching a native query engine at
// start even though our client is built with engineType "client" (WebAssembly, no native
// engine) and the schema engine runs as WebAssembly through the driver adapter in
// prisma.config.ts. Pointing PRISMA_QUERY_ENGINE_LIBRARY at an existing file skips that
// download; nothing ever loads it. See docs/decisions/0002-prisma-offline.md.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
env.PRISMA_QUERY_ENGINE_LIBRARY ??= fileURLToPath(new URL("../package.json", import.meta.url));
const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  stdio: "inherit",
  env,
});
if (result.error) throw result.error;
process.exit(result.status ?? 1);
