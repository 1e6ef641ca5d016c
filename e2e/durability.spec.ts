import { test, expect } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createPostgresDatabase } from "../lib/testing/databases";
import { readMigrations } from "../lib/db/migrate";
import { adminCli, startServer } from "./support/spawn-server";

// Real server processes, outside the shared e2e server: several instances and crashes.
test.describe.configure({ mode: "serial", timeout: 180_000 });

test("two instances started at once on one empty PostgreSQL both come up; each migration is applied once", async () => {
  const database = await createPostgresDatabase();
  try {
    const env = { DATABASE_URL: database.url };
    const [a, b] = await Promise.all([startServer(3241, env), startServer(3242, env)]);
    try {
      for (const server of [a, b]) {
        const health = await fetch(`${server.url}/api/health`);
        expect(await health.json()).toMatchObject({ status: "ok", database: { status: "up" } });
        expect(server.log()).toMatch(/SETUP CODE: [0-9A-F-]{19}/);
      }
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const rows = await client.query(
        `SELECT migration_name, count(*)::int AS n FROM "_prisma_migrations" GROUP BY migration_name ORDER BY migration_name`,
      );
      await client.end();
      expect(rows.rows.map((r) => [r.migration_name, r.n])).toEqual(
        readMigrations().map((m) => [m.name, 1]),
      );
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  } finally {
    await database.drop();
  }
});

test("health answers 503 while the database is unreachable", async () => {
  const { spawn } = await import("node:child_process");
  const proc = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", "3245"], {
    env: {
      ...process.env,
      DATABASE_URL: "postgres://postgres@127.0.0.1:1/nowhere",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: "ignore",
  });
  try {
    let response: Response | null = null;
    for (let i = 0; i < 120 && !response; i++) {
      response = await fetch("http://localhost:3245/api/health").catch(() => null);
      if (!response) await new Promise((r) => setTimeout(r, 250));
    }
    expect(response?.status).toBe(503);
    expect(await response!.json()).toMatchObject({ status: "error", database: { status: "down" } });
  } finally {
    proc.kill("SIGTERM");
  }
});

for (const kind of ["pglite", "postgres"] as const) {
  test(`kill -9 of the server in the middle of writes leaves no partial rows, and it restarts (${kind})`, async () => {
    let env: Record<string, string>;
    let cleanup: () => Promise<void>;
    if (kind === "pglite") {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-kill9-"));
      env = { DATA_DIR: dir, DATABASE_URL: "" };
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    } else {
      const database = await createPostgresDatabase();
      env = { DATABASE_URL: database.url };
      cleanup = database.drop;
    }
    try {
      // Tokens are made with the CLI before the server holds the embedded database.
      const token = adminCli(["token", "create", "--name", "writer", "--role", "admin"], env);
      const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
      const port = kind === "pglite" ? 3243 : 3244;
      const server = await startServer(port, env);
      let created = 0;
      let stop = false;
      const writer = async (lane: number) => {
        for (let i = 0; !stop; i++) {
          const id = `K${lane}${String(i).padStart(8, "0")}`;
          const response = await fetch(`${server.url}/api/v1/gateways`, {
            method: "POST",
            headers,
            body: JSON.stringify({ merchantGatewayId: id, name: `crash ${i}` }),
          }).catch(() => null);
          if (!response) return;
          if (response.status === 201) created++;
        }
      };
      const lanes = [1, 2, 3, 4].map(writer);
      while (created < 40) await new Promise((r) => setTimeout(r, 20));
      await server.kill9();
      stop = true;
      await Promise.all(lanes);

      const restarted = await startServer(port, env);
      try {
        const { gateways } = await (
          await fetch(`${restarted.url}/api/v1/gateways`, { headers })
        ).json();
        expect(gateways.length).toBeGreaterThanOrEqual(created);
        for (const g of gateways)
          expect(g.environments.map((e: { code: string }) => e.code)).toEqual(["PPR", "PRD"]);
        const audit = await (await fetch(`${restarted.url}/api/v1/audit`, { headers })).json();
        // One record for the token made with the CLI, one per gateway: none missing, none extra.
        expect(audit.total).toBe(gateways.length + 1);
        const more = await fetch(`${restarted.url}/api/v1/gateways`, {
          method: "POST",
          headers,
          body: JSON.stringify({ merchantGatewayId: "AFTERKILL9", name: "after" }),
        });
        expect(more.status).toBe(201);
      } finally {
        await restarted.stop();
      }
      expect(adminCli(["audit", "verify"], env)).toMatch(/Audit chain intact/);
    } finally {
      await cleanup();
    }
  });
}
