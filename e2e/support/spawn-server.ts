import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import net from "node:net";

export type RunningServer = {
  url: string;
  proc: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
  kill9: () => Promise<void>;
};

/**
 * Starts another instance of the production build (the one `npm test` built). `http`: through
 * scripts/http-server.mjs, as `npm start` serves it (forwarding headers only from
 * TRUSTED_PROXIES), instead of `next start`. APP_URL: "" in `env` leaves APP_URL unset.
 */
export async function startServer(
  port: number,
  env: Record<string, string>,
  options: { http?: boolean } = {},
): Promise<RunningServer> {
  const command = options.http
    ? ["scripts/http-server.mjs", "-p", String(port)]
    : ["node_modules/next/dist/bin/next", "start", "-p", String(port)];
  const proc = spawn(process.execPath, command, {
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      APP_URL: `http://localhost:${port}`,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  proc.stdout!.on("data", (c) => (output += c));
  proc.stderr!.on("data", (c) => (output += c));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const url = `http://localhost:${port}`;
  const server: RunningServer = {
    url,
    proc,
    log: () => output,
    stop: async () => {
      proc.kill("SIGTERM");
      await exited;
    },
    kill9: async () => {
      proc.kill("SIGKILL");
      await exited;
    },
  };
  try {
    await waitForHealth(url, () => output);
  } catch (error) {
    // Not left running when it never came up (or the test gave up waiting).
    await server.stop();
    throw error;
  }
  return server;
}

export async function waitForHealth(url: string, log: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server at ${url} did not become healthy:\n${log()}`);
}

/** Runs the admin CLI on the given database and returns its last line (a token, for example). */
export function adminCli(args: string[], env: Record<string, string>): string {
  const out = execFileSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/admin.ts", ...args],
    {
      env: { ...process.env, ...env },
      encoding: "utf8",
    },
  );
  return out.trim().split("\n").at(-1)!;
}

/** A TCP port free on loopback right now (for a second server or a peer started by a test). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
