// What the container image runs, without a container daemon: the Dockerfile's build-stage copy
// steps applied to this build, its runtime ENV and CMD (read from the Dockerfile itself), on a
// read-only copy of the build with only a data folder writable. A person signs in, creates a
// gateway and reads it back; SIGTERM (the image's STOPSIGNAL) ends it cleanly.
import { test, expect } from "@playwright/test";
import { execSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { contextCopies, dockerInstructions, runtimeStage } from "../lib/deploy/dockerfile";
import { adminCli, waitForHealth } from "./support/spawn-server";

test.describe.configure({ mode: "serial", timeout: 420_000 });
test.use({ storageState: { cookies: [], origins: [] } });

const PORT = 3254;
const ADMIN = { email: "image-admin@example.com", password: "standalone e2e password 1" };

test("the image's command serves a read-only standalone build: sign in, create a gateway, read it back, stop cleanly", async ({
  page,
}) => {
  // `npm test` builds with BUILD_STANDALONE=1; a plain `next build` has no standalone output.
  test.skip(
    !fs.existsSync(".next/standalone/server.js"),
    "no standalone build: run BUILD_STANDALONE=1 npx next build first",
  );
  const image = runtimeStage();
  const step = (what: string) => console.log(`[standalone.spec] ${what}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "d1-image-"));
  const app = path.join(work, "app");
  const data = path.join(work, "data");
  try {
    // The build stage's steps after `next build`, with .next/standalone standing for this copy.
    fs.cpSync(".next/standalone", app, { recursive: true });
    const buildRun = dockerInstructions(fs.readFileSync("Dockerfile", "utf8")).find(
      (i) => i.keyword === "RUN" && i.args.startsWith("BUILD_STANDALONE=1 npx next build"),
    )!;
    for (const step of buildRun.args
      .split("&&")
      .map((s) => s.trim())
      .slice(1)) {
      execSync(step.replaceAll(".next/standalone", app), { stdio: "inherit" });
    }
    // The runtime stage's copies from the build context (its start script).
    for (const [from, to] of contextCopies(image)) fs.cpSync(from, path.join(app, to));
    execSync(`chmod -R a-w ${JSON.stringify(app)}`);
    fs.mkdirSync(data);
    step("read-only copy of the build ready");

    const env = { ...image.env, DATA_DIR: data, PORT: String(PORT), HOSTNAME: "127.0.0.1" }; // loopback only on a shared machine
    const token = adminCli(["token", "create", "--name", "image-check", "--role", "viewer"], {
      DATA_DIR: data,
      DATABASE_URL: "",
    });
    adminCli(
      ["user", "create", "--email", ADMIN.email, "--password", ADMIN.password, "--role", "admin"],
      { DATA_DIR: data, DATABASE_URL: "" },
    );

    // Exactly the image's CMD, in its WORKDIR, with its ENV and nothing else but PATH (this
    // node's folder first: the script runs `node`).
    const [command, ...args] = image.cmd as [string, ...string[]];
    const proc = spawn(command, args, {
      cwd: app,
      env: {
        PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`,
        ...env,
      } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
      // A process group of its own, so that the end of the test stops whatever the command
      // started, even a server left behind by a script that forgot to exec.
      detached: true,
    });
    let log = "";
    proc.stdout!.on("data", (c) => (log += c));
    proc.stderr!.on("data", (c) => (log += c));
    const exited = new Promise<number | null>((resolve) =>
      proc.once("exit", (code) => resolve(code)),
    );
    try {
      const url = `http://localhost:${PORT}`;
      await waitForHealth(url, () => log, 180_000);
      step("server healthy");
      // The script execs node (the process started is node now, not the shell), which got the
      // allocator's and the young generation's settings for the embedded database.
      expect(fs.readlinkSync(`/proc/${proc.pid}/exe`)).toBe(fs.realpathSync(process.execPath));
      expect(fs.readFileSync(`/proc/${proc.pid}/environ`, "utf8").split("\0")).toEqual(
        expect.arrayContaining([
          "MALLOC_ARENA_MAX=2",
          "MALLOC_MMAP_THRESHOLD_=131072",
          "NODE_OPTIONS=--max-semi-space-size=8",
        ]),
      );
      // npm start's server, not Next's server.js (ADR 0037): forwarding headers, the admission
      // limit and the count of requests in flight are its own.
      expect(fs.readFileSync(`/proc/${proc.pid}/cmdline`, "utf8").split("\0")).toEqual(
        expect.arrayContaining(["scripts/http-server.mjs", "-H", "127.0.0.1"]),
      );
      expect(log).toContain(
        `[http] serving http://127.0.0.1:${PORT} (no trusted proxies: the connection's address is the client's`,
      );

      await page.goto(`${url}/sign-in`);
      await page.getByLabel("Email").fill(ADMIN.email);
      await page.getByLabel("Password").fill(ADMIN.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible({
        timeout: 60_000,
      });
      await page.goto(`${url}/gateways`);
      await page.getByLabel("Merchant gateway id").fill("MGW_IMAGE1");
      await page.getByLabel("Display name").fill("Image gateway");
      await page.getByRole("button", { name: "Create gateway" }).click();
      await expect(page.getByRole("heading", { name: "Image gateway" })).toBeVisible({
        timeout: 60_000,
      });

      const response = await fetch(`${url}/api/v1/gateways`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      const { gateways } = await response.json();
      expect(gateways.map((g: { merchantGatewayId: string }) => g.merchantGatewayId)).toEqual([
        "MGW_IMAGE1",
      ]);
      // the stylesheet and scripts come from the copied .next/static
      const css = await page.evaluate(() =>
        [...document.querySelectorAll("link[rel=stylesheet]")].map(
          (l) => (l as HTMLLinkElement).href,
        ),
      );
      expect(css.length).toBeGreaterThan(0);
      for (const href of css) expect((await fetch(href)).status).toBe(200);
      // the favicon and app icons come from the copied public/
      for (const icon of ["/favicon.ico", "/icon.svg", "/icon-192.png"]) {
        expect((await fetch(`${url}${icon}`)).status).toBe(200);
      }
    } finally {
      // The image's STOPSIGNAL; with the script's exec, node is the group's only process.
      process.kill(-proc.pid!, "SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(log).toContain("[shutdown] database closed; exiting with 0");
    expect(log).not.toMatch(/EACCES|EROFS|read-only file system/i); // nothing tried to write into the build
    expect(fs.readdirSync(data).sort()).toEqual(["pgdata"]); // the data folder holds the database, the lock is gone
  } finally {
    execSync(`chmod -R u+w ${JSON.stringify(work)}`);
    fs.rmSync(work, { recursive: true, force: true });
  }
});
