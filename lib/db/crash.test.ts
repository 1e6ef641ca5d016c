import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "./client";
import { databaseTarget } from "./config";
import { verifyAuditChain } from "@/lib/audit/verify";
import { createGateway } from "@/lib/gateway/mutations";
import { createPostgresDatabase } from "@/lib/testing/databases";

/** Starts the writer, lets it commit some gateways, then kill -9 in the middle of its writes. */
async function killWriterMidway(env: Record<string, string>): Promise<number> {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "lib/testing/write-loop.ts"],
    {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let committed = 0;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      committed += chunk
        .toString()
        .split("\n")
        .filter((l) => l.startsWith("committed")).length;
      if (committed >= 15) resolve();
    });
    child.on("exit", (code) => reject(new Error(`writer exited early with ${code}`)));
  });
  child.kill("SIGKILL");
  await new Promise((resolve) => child.once("exit", resolve));
  return committed;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe.each(["pglite", "postgres"] as const)("kill -9 in the middle of writes on %s", (kind) => {
  it("leaves no partial rows, and the restart works", async () => {
    let env: Record<string, string>;
    if (kind === "pglite") {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "d1-crash-"));
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      env = { DATA_DIR: dir, DATABASE_URL: "" };
    } else {
      const { url, drop } = await createPostgresDatabase();
      cleanups.push(drop);
      env = { DATABASE_URL: url };
    }
    const committed = await killWriterMidway(env);

    const reopened = await openDatabase(
      "crash-test checker",
      databaseTarget({ ...process.env, ...env }),
    );
    cleanups.push(() => reopened.close());
    const db = reopened.prisma;
    const gateways = await db.gateway.findMany({ include: { environments: true } });
    expect(gateways.length).toBeGreaterThanOrEqual(committed);
    for (const g of gateways)
      expect(g.environments.map((e) => e.code).sort()).toEqual(["PPR", "PRD"]);
    expect(await db.environment.count()).toBe(gateways.length * 2);
    expect(await db.auditEvent.count()).toBe(gateways.length);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: gateways.length });
    const more = await createGateway(
      db,
      { type: "system", id: null, label: "t", role: "admin" },
      { merchantGatewayId: "AFTER_CRSH", name: "after" },
    );
    expect(more.ok).toBe(true);
  }, 90_000);
});
