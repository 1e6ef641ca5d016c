// SIGTERM, as Kubernetes and `docker stop` send it, on a real server process with a real
// database and a real SMTP peer on loopback (lib/shutdown, ADR 0019).
import { test, expect } from "@playwright/test";
import { execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";
import { createPostgresDatabase } from "../lib/testing/databases";
import { adminCli, startServer } from "./support/spawn-server";

test.describe.configure({ mode: "serial", timeout: 180_000 });

const TIMEOUT_SECONDS = 10;

/** Sends SIGTERM; resolves with the exit code and how long the process took to exit. */
async function sigterm(
  proc: ChildProcess,
): Promise<{ code: number | null; signal: string | null; ms: number }> {
  const started = Date.now();
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    proc.once("exit", (code, signal) => resolve({ code, signal })),
  );
  proc.kill("SIGTERM");
  return { ...(await exited), ms: Date.now() - started };
}

/** PostgreSQL's pg_control state (DBState) of an embedded data directory: 1 = shut down cleanly, 6 = in production (needs recovery). */
const pgControlState = (dataDir: string) =>
  fs.readFileSync(path.join(dataDir, "pgdata", "global", "pg_control")).readInt32LE(16);

for (const kind of ["pglite", "postgres"] as const) {
  test(`SIGTERM during parallel writes: requests in flight finish, exit 0 in time, no partial rows, a clean restart (${kind})`, async () => {
    let env: Record<string, string>;
    let cleanup: () => Promise<void>;
    let dataDir = "";
    if (kind === "pglite") {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-sigterm-"));
      env = { DATA_DIR: dataDir, DATABASE_URL: "" };
      cleanup = async () => fs.rmSync(dataDir, { recursive: true, force: true });
    } else {
      const database = await createPostgresDatabase();
      env = { DATABASE_URL: database.url };
      cleanup = database.drop;
    }
    try {
      env = {
        ...env,
        SHUTDOWN_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
        REMINDERS_SCHEDULER: "off",
      };
      const token = adminCli(["token", "create", "--name", "writer", "--role", "admin"], env);
      const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
      const port = kind === "pglite" ? 3251 : 3252;
      const server = await startServer(port, env);
      const answered: number[] = [];
      let refused = 0;
      const writer = async (lane: number) => {
        for (let i = 0; ; i++) {
          const id = `T${lane}${String(i).padStart(8, "0")}`;
          // a new connection per request: after SIGTERM, new ones are refused
          const response = await fetch(`${server.url}/api/v1/gateways`, {
            method: "POST",
            headers: { ...headers, connection: "close" },
            body: JSON.stringify({ merchantGatewayId: id, name: `term ${i}` }),
          }).catch(() => null);
          if (!response) return void refused++;
          answered.push(response.status);
        }
      };
      const lanes = [1, 2, 3, 4].map(writer);
      while (answered.length < 30) await new Promise((r) => setTimeout(r, 20));
      const stopped = await sigterm(server.proc);
      await Promise.all(lanes);

      expect(stopped).toMatchObject({ code: 0, signal: null });
      expect(stopped.ms).toBeLessThan(TIMEOUT_SECONDS * 1000);
      expect(refused).toBe(4); // each lane ends on a refused connection, not an error response
      expect(answered.every((s) => s === 201)).toBe(true);
      expect(server.log()).toContain("[shutdown] SIGTERM: no new requests");
      expect(server.log()).toContain("[shutdown] database closed; exiting with 0");
      if (kind === "pglite") {
        expect(fs.existsSync(path.join(dataDir, ".lock"))).toBe(false); // the lock is released
        expect(pgControlState(dataDir)).toBe(1); // shut down cleanly: the next open needs no recovery
      }

      // The CLI opens the database at once (no lock left behind) and the audit chain is whole.
      expect(adminCli(["audit", "verify"], env)).toMatch(/Audit chain intact/);
      const restarted = await startServer(port, env);
      try {
        const { gateways } = await (
          await fetch(`${restarted.url}/api/v1/gateways`, { headers })
        ).json();
        // every 201 the clients saw is there, and nothing they did not see
        expect(gateways).toHaveLength(answered.length);
        for (const g of gateways)
          expect(g.environments.map((e: { code: string }) => e.code)).toEqual(["PPR", "PRD"]);
        const audit = await (await fetch(`${restarted.url}/api/v1/audit`, { headers })).json();
        expect(audit.total).toBe(gateways.length + 1); // one per gateway, plus the CLI's token
      } finally {
        await restarted.stop();
      }
    } finally {
      await cleanup();
    }
  });
}

test("SIGTERM during a reminder sweep: the sweep stops between deliveries, and after a restart none is sent twice", async () => {
  test.setTimeout(300_000);
  const step = (what: string) =>
    console.log(`[shutdown.spec] ${what} (${received.length} emails so far)`);
  const CERTIFICATES = 15; // two email reminders each (start-renewal-by overdue, expiry in 7 days)
  const received: string[] = [];
  // A slow mail server: each message takes 300 ms, so that the signal lands mid-sweep.
  const smtp = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      let raw = "";
      stream.on("data", (c: Buffer) => (raw += c.toString("utf8")));
      stream.on("end", () =>
        setTimeout(() => {
          // headers unfolded: a long (encoded) subject spans several lines
          received.push(/^Subject: (.*)$/m.exec(raw.replace(/\r?\n[ \t]+/g, " "))?.[1] ?? "?");
          callback();
        }, 300),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-sigterm-sweep-"));
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    REMINDERS_INTERVAL_SECONDS: "10",
    SHUTDOWN_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
  };
  const seed = (...args: string[]) =>
    execFileSync(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "e2e/support/seed-reminders.ts", ...args],
      { env: { ...process.env, ...env }, encoding: "utf8" },
    )
      .trim()
      .split("\n")
      .at(-1)!;
  try {
    seed("seed", String(CERTIFICATES), "ops@example.com");
    const first = await startServer(3253, env);
    step("first server up");
    // the first sweep comes 15 s after start; stop as soon as its first email has arrived
    const deadline = Date.now() + 60_000;
    while (received.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(received.length).toBeGreaterThan(0);
    const stopped = await sigterm(first.proc);
    step(`first server exited with ${stopped.code} after ${stopped.ms} ms`);
    expect(stopped).toMatchObject({ code: 0, signal: null });
    expect(stopped.ms).toBeLessThan(TIMEOUT_SECONDS * 1000);
    expect(first.log()).toMatch(/\[reminders\] sweep stopped for shutdown after \d+ deliveries/);
    const beforeRestart = received.length;
    expect(beforeRestart).toBeLessThan(2 * CERTIFICATES); // the signal did land mid-sweep
    // every email that reached the peer is recorded as sent; none is left claimed ("sending")
    const recorded = JSON.parse(seed("count")) as Record<string, number>;
    expect(recorded.sent).toBe(beforeRestart);
    expect(recorded.sending).toBeUndefined();
    expect(pgControlState(dataDir)).toBe(1);

    const second = await startServer(3253, env);
    step("second server up");
    try {
      const until = Date.now() + 90_000;
      while (received.length < 2 * CERTIFICATES && Date.now() < until)
        await new Promise((r) => setTimeout(r, 100));
      step("all sent; waiting for one more sweep");
      await new Promise((r) => setTimeout(r, 12_000)); // one more sweep: nothing new may go out
    } finally {
      await second.stop();
    }
    expect(received).toHaveLength(2 * CERTIFICATES);
    expect(new Set(received).size).toBe(2 * CERTIFICATES); // no reminder twice
    expect(JSON.parse(seed("count"))).toEqual({ sent: 2 * CERTIFICATES });
  } finally {
    await new Promise<void>((r) => smtp.close(() => r()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
