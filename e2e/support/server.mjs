#!/usr/bin/env node
// Serves the production build for the e2e run on a fresh embedded database, and copies the
// server's log to e2e/.artifacts/server.log, where tests read the setup code (as a person
// would read it off the console).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const artifacts = path.resolve("e2e/.artifacts");
fs.mkdirSync(artifacts, { recursive: true });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-e2e-"));
const log = fs.createWriteStream(path.join(artifacts, "server.log"));

const port = process.env.E2E_PORT ?? "3210";
const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", port], {
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    NEXT_TELEMETRY_DISABLED: "1",
    APP_URL: `http://localhost:${port}`,
  },
  stdio: ["ignore", "pipe", "pipe"],
});
for (const stream of [server.stdout, server.stderr]) {
  stream.on("data", (chunk) => {
    log.write(chunk);
    process.stdout.write(chunk);
  });
}
const stop = () => {
  server.kill("SIGTERM");
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
server.on("exit", (code) => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
