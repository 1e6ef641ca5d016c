// Shared set-up for the benchmarks: a production build served on a fresh embedded database,
// an admin and a token made with the CLI, and Debian's Chromium.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { serverEnvironment } from "../scripts/server-launch.mjs";

/** Rounded to one decimal (null stays null). */
export const round = (v) => (v == null ? null : Math.round(v * 10) / 10);
export function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export function ensureBuild() {
  if (process.env.BENCH_APP_DIR) {
    if (fs.existsSync(path.join(process.env.BENCH_APP_DIR, ".next/BUILD_ID"))) return;
    throw new Error(`BENCH_APP_DIR=${process.env.BENCH_APP_DIR} holds no build (.next/BUILD_ID)`);
  }
  if (fs.existsSync(".next/BUILD_ID")) return;
  const r = spawnSync("npx", ["next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) process.exit(1);
}

export const chromiumPath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) =>
  fs.existsSync(p),
);
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

const cli = (args, env) =>
  execFileSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/admin.ts", ...args],
    { env: { ...process.env, ...env }, encoding: "utf8" },
  )
    .trim()
    .split("\n")
    .at(-1);

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The bench's admin and an admin API token, made with the CLI on the database of `env`. */
export function createAccount(env) {
  const admin = { email: "bench@example.com", password: "benchmark password 1" };
  cli(
    ["user", "create", "--email", admin.email, "--password", admin.password, "--role", "admin"],
    env,
  );
  const token = cli(["token", "create", "--name", "bench", "--role", "admin"], env);
  return { admin, token };
}

/**
 * Starts the app on a throwaway data directory with an admin and an admin token; or, with
 * `options.env` (DATA_DIR or DATABASE_URL of a database the caller made and drops), on that one.
 * `options.account`: the admin and token already made there (createAccount). `options.beforeStart`
 * runs once the admin exists, before the server starts.
 */
export async function startApp(port, options = {}) {
  const dataDir = options.env ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), "d1-bench-"));
  const env = options.env ?? { DATA_DIR: dataDir, DATABASE_URL: "" };
  const { admin, token } = options.account ?? createAccount(env);
  await options.beforeStart?.();
  // BENCH_APP_DIR: serve a copy of the build made elsewhere (its .next, with links to this
  // checkout's node_modules, prisma, public and configs), so that rebuilding here mid-run is harmless.
  const appDir = process.env.BENCH_APP_DIR || ".";
  // The server `npm start` runs (scripts/http-server.mjs, Next.js's request handler on our own
  // http.Server); BENCH_SERVER=next-start measures `next start` instead, for comparison.
  const server =
    process.env.BENCH_SERVER === "next-start"
      ? [path.join(appDir, "node_modules/next/dist/bin/next"), "start"]
      : [path.join(appDir, "scripts/http-server.mjs")];
  // BENCH_NODE_ARGS: flags for the server's node (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
  const command = [
    process.execPath,
    ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean),
    ...server,
    "-p",
    String(port),
  ];
  // BENCH_CGROUP: a memory cgroup's folder (e.g. /sys/fs/cgroup/memory/d1 with its limit set):
  // the server starts inside it, as in a container with that memory limit. Node.js sizes its
  // heap from the cgroup's limit at start, and the kernel kills the server past it.
  const cgroup = process.env.BENCH_CGROUP;
  const proc = spawn(
    cgroup ? "/bin/sh" : command[0],
    cgroup
      ? ["-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', cgroup, ...command]
      : command.slice(1),
    {
      cwd: appDir,
      // As `npm start` starts it: with the settings of scripts/server-launch.mjs.
      env: serverEnvironment({
        ...process.env,
        ...env,
        NEXT_TELEMETRY_DISABLED: "1",
        APP_URL: `http://localhost:${port}`,
      }),
      // BENCH_SERVER_LOG: a file for the server's output (appended), to look into a run.
      stdio: process.env.BENCH_SERVER_LOG
        ? [
            "ignore",
            fs.openSync(process.env.BENCH_SERVER_LOG, "a"),
            fs.openSync(process.env.BENCH_SERVER_LOG, "a"),
          ]
        : "ignore",
    },
  );
  const url = `http://localhost:${port}`;
  let ready = false;
  for (let i = 0; i < 240 && !ready; i++) {
    ready = await fetch(`${url}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (!ready) await new Promise((r) => setTimeout(r, 250));
  }
  if (!ready) {
    proc.kill("SIGTERM");
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`the app did not answer ${url}/api/health within 60 s`);
  }
  return {
    url,
    admin,
    token,
    pid: proc.pid,
    readyAt: performance.now(),
    stop: async () => {
      if (proc.exitCode === null) {
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, 10_000);
          proc.once("exit", () => resolve(clearTimeout(timer)));
          proc.kill("SIGTERM");
        });
      }
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs the admin in over HTTP, as the sign-in form does; returns the Cookie header for later requests. */
export async function signIn(app) {
  const response = await fetch(`${app.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url },
    body: JSON.stringify(app.admin),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** The same cookies for Playwright's context.addCookies. */
export const cookiesFor = (app, cookieHeader) =>
  cookieHeader.split("; ").map((pair) => {
    const at = pair.indexOf("=");
    return { name: pair.slice(0, at), value: pair.slice(at + 1), url: app.url };
  });

/**
 * First-load JavaScript of each page: compressed bytes of every script a cold load fetches, in a
 * fresh browser context (cache disabled) carrying `cookies`. Also whether the PKI libraries
 * (the CSR builder's code) are among those scripts.
 */
export async function measureFirstLoad(browser, baseUrl, cookies, routes) {
  const firstLoad = {};
  for (const [name, route] of routes) {
    const context = await browser.newContext();
    await context.addCookies(cookies);
    const p = await context.newPage();
    const cdp = await context.newCDPSession(p);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const scripts = new Map();
    const sizes = new Map();
    const headerBytes = new Map();
    const encodings = new Set();
    const rscRequests = [];
    cdp.on(
      "Network.requestWillBeSent",
      (e) => new URL(e.request.url).searchParams.has("_rsc") && rscRequests.push(e.request.url),
    );
    cdp.on("Network.responseReceived", (e) => {
      if (e.type !== "Script") return;
      scripts.set(e.requestId, e.response.url);
      headerBytes.set(e.requestId, e.response.encodedDataLength ?? 0);
      encodings.add(
        Object.entries(e.response.headers).find(
          ([k]) => k.toLowerCase() === "content-encoding",
        )?.[1] ?? "identity",
      );
    });
    // Bytes on the wire (compressed) less the response headers.
    cdp.on("Network.loadingFinished", (e) =>
      sizes.set(e.requestId, e.encodedDataLength - (headerBytes.get(e.requestId) ?? 0)),
    );
    // Until the load event: the page's own scripts (async ones included), not what Next.js
    // fetches afterwards (prefetches of the links in view, lazily loaded chunks).
    const response = await p.goto(`${baseUrl}${route}`, { waitUntil: "load", timeout: 120_000 });
    if (!response?.ok() || new URL(p.url()).pathname !== new URL(`${baseUrl}${route}`).pathname) {
      throw new Error(`first-load: ${route} answered ${response?.status()} at ${p.url()}`);
    }
    const loaded = new Map(scripts);
    // Then a few seconds more, to count the RSC prefetches Next.js fires for the links in view.
    await new Promise((r) => setTimeout(r, 3000));
    const total = [...loaded.keys()].reduce((sum, id) => sum + (sizes.get(id) ?? 0), 0);
    const texts = await Promise.all(
      [...loaded.values()].map((u) => fetch(u).then((r) => r.text())),
    );
    firstLoad[name] = {
      route,
      kilobytes: Math.round(total / 102.4) / 10,
      scripts: loaded.size,
      contentEncoding: [...encodings].join(","),
      pkiLibrariesInFirstLoad: texts.some((t) => t.includes("Pkcs10CertificateRequest")),
      rscPrefetchesIn3s: rscRequests.length,
    };
    await context.close();
  }
  return firstLoad;
}

/** Writes bench/results/<name>.json, or <name>-<timestamp>.json when `stamped`; returns the path. */
export function writeResult(name, result, { stamped = false } = {}) {
  fs.mkdirSync("bench/results", { recursive: true });
  const measuredAt = new Date().toISOString();
  const file = `bench/results/${name}${stamped ? `-${measuredAt.replace(/[:.]/g, "-")}` : ""}.json`;
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        measuredAt,
        host: `${os.cpus().length} × ${os.cpus()[0]?.model}`,
        loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
        ...result,
      },
      null,
      2,
    ),
  );
  return file;
}
