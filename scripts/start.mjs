#!/usr/bin/env node
// `npm start`: builds the app if there is no build of the current sources yet, then serves it.
// A newcomer runs `npm install && npm start` and nothing else.
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadTls, TlsConfigError, tlsSettingsFromEnv } from "./https-server.mjs";
import { trustedProxiesFromEnv, TrustedProxiesError } from "./forwarded.mjs";
import { serverEnvironment } from "./server-launch.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const buildId = path.join(root, ".next", "BUILD_ID");
const sources = [
  "app",
  "components",
  "lib",
  "prisma",
  "public",
  "next.config.mjs",
  "package.json",
  "package-lock.json",
  "instrumentation.ts",
  "tsconfig.json",
  "postcss.config.mjs",
];

function newestMtime(entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(full, { withFileTypes: true })
    .filter((d) => d.name !== "generated" && d.name !== "node_modules")
    .reduce((max, d) => Math.max(max, newestMtime(path.join(entry, d.name))), stat.mtimeMs);
}

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
// HTTPS without a proxy when TLS_CERT_FILE and TLS_KEY_FILE are set: checked before any build,
// so a wrong path or a key that does not match the certificate fails at once, clearly.
let tlsSettings = null;
try {
  tlsSettings = tlsSettingsFromEnv();
  if (tlsSettings) loadTls(tlsSettings);
} catch (error) {
  if (!(error instanceof TlsConfigError)) throw error;
  console.error(`[start] cannot serve HTTPS: ${error.message}`);
  process.exit(1);
}
// TRUSTED_PROXIES too: a typo would otherwise go unnoticed until someone reads the logs.
try {
  trustedProxiesFromEnv();
} catch (error) {
  if (!(error instanceof TrustedProxiesError)) throw error;
  console.error(`[start] ${error.message}`);
  process.exit(1);
}
const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
if (built < Math.max(...sources.map(newestMtime))) {
  console.log("[start] building the app (first start or sources changed)…");
  const result = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/next/dist/bin/next"), "build"],
    { stdio: "inherit", env, cwd: root },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}
// Both put Next.js on the socket themselves, so that forwarding headers are believed only from
// TRUSTED_PROXIES (scripts/forwarded.mjs); `next start` would pass a forged X-Forwarded-For on.
const serve = [
  path.join(root, tlsSettings ? "scripts/https-server.mjs" : "scripts/http-server.mjs"),
];
const server = spawn(process.execPath, [...serve, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: serverEnvironment(env),
  cwd: root,
});
// SIGHUP: the HTTPS server re-reads its certificate and key.
for (const signal of ["SIGINT", "SIGTERM", ...(tlsSettings ? ["SIGHUP"] : [])])
  process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
