import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
// biome-ignore format: @ts-expect-error covers one line, so the import stays on one
// @ts-expect-error plain ESM script without types
import { admissionGate, admissionLimitFromEnv, AdmissionConfigError, defaultLimit } from "./admission.mjs";

type Gate = ((req: http.IncomingMessage, res: http.ServerResponse, handle: () => void) => void) & {
  state: () => { active: number; waiting: number; admitted: number; dropped: number };
};

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/**
 * A real server on loopback behind the gate. Its handler answers `/slow?ms=N` after N ms, and
 * records which requests it began and the most it ever ran at once.
 */
async function serve(options: { limit: number; holdMs?: number }) {
  const gate: Gate = admissionGate(options);
  const seen = { started: [] as string[], running: 0, mostAtOnce: 0 };
  const server = http.createServer((req, res) =>
    gate(req, res, () => {
      seen.started.push(req.url ?? "");
      seen.running += 1;
      seen.mostAtOnce = Math.max(seen.mostAtOnce, seen.running);
      const ms = Number(new URL(req.url ?? "/", "http://x").searchParams.get("ms") ?? 0);
      setTimeout(() => {
        seen.running -= 1;
        res.end(req.url);
      }, ms);
    }),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return { gate, seen, base };
}

const since = (start: number) => performance.now() - start;

describe("the admission gate", () => {
  it("lets `limit` requests into the handler at once, the others in arrival order", async () => {
    const { gate, seen, base } = await serve({ limit: 2 });
    const answers: string[] = [];
    const requests = [];
    for (let i = 0; i < 6; i++) {
      requests.push(
        fetch(`${base}/slow?ms=80&n=${i}`).then(async (r) => answers.push(await r.text())),
      );
      // The next one is sent once the server holds this one, so that the arrival order is known.
      while (gate.state().admitted + gate.state().waiting < i + 1)
        await new Promise((r) => setTimeout(r, 2));
    }
    await Promise.all(requests);
    expect(seen.mostAtOnce).toBe(2);
    expect(seen.started).toEqual([0, 1, 2, 3, 4, 5].map((i) => `/slow?ms=80&n=${i}`));
    expect(answers).toHaveLength(6);
    expect(gate.state()).toMatchObject({ active: 0, waiting: 0, admitted: 6 });
  });

  it("never handles a request whose client left while it waited", async () => {
    const { gate, seen, base } = await serve({ limit: 1 });
    const first = fetch(`${base}/slow?ms=300&n=first`);
    await new Promise((r) => setTimeout(r, 20));
    const leaving = new AbortController();
    const gone = fetch(`${base}/slow?ms=0&n=gone`, { signal: leaving.signal }).catch(() => null);
    await new Promise((r) => setTimeout(r, 20));
    leaving.abort();
    await gone;
    const last = await fetch(`${base}/slow?ms=0&n=last`);
    expect(await last.text()).toBe("/slow?ms=0&n=last");
    await first;
    expect(seen.started).toEqual(["/slow?ms=300&n=first", "/slow?ms=0&n=last"]);
    expect(gate.state()).toMatchObject({ active: 0, waiting: 0, dropped: 1 });
  });

  it("frees the place of a request that holds it longer than holdMs", async () => {
    const { seen, base } = await serve({ limit: 1, holdMs: 100 });
    const started = performance.now();
    const long = fetch(`${base}/slow?ms=1500&n=long`);
    await new Promise((r) => setTimeout(r, 20));
    const short = await fetch(`${base}/slow?ms=0&n=short`);
    // Served once the long one had held its place for 100 ms, not after its 1.5 s.
    expect(await short.text()).toBe("/slow?ms=0&n=short");
    expect(since(started)).toBeLessThan(1000);
    expect((await (await long).text()) === "/slow?ms=1500&n=long").toBe(true);
    expect(seen.mostAtOnce).toBe(2);
  });

  it("lets the health check and static files past a full queue", async () => {
    const { base } = await serve({ limit: 1 });
    const busy = fetch(`${base}/slow?ms=1000&n=busy`);
    await new Promise((r) => setTimeout(r, 20));
    const queued = fetch(`${base}/slow?ms=0&n=queued`);
    const started = performance.now();
    const answers = await Promise.all(
      ["/api/health", "/api/health?deep=1", "/_next/static/chunks/app.js"].map((p) =>
        fetch(base + p).then((r) => r.text()),
      ),
    );
    expect(answers).toEqual(["/api/health", "/api/health?deep=1", "/_next/static/chunks/app.js"]);
    expect(since(started)).toBeLessThan(500);
    await Promise.all([busy, queued]);
  });

  it("with limit 0, lets everything in at once", async () => {
    const { seen, base } = await serve({ limit: 0 });
    await Promise.all([0, 1, 2, 3, 4].map((i) => fetch(`${base}/slow?ms=100&n=${i}`)));
    expect(seen.mostAtOnce).toBe(5);
  });
});

describe("MAX_CONCURRENT_REQUESTS", () => {
  it("defaults to twice the cores, at least 4, with PostgreSQL", () => {
    const postgres = { DATABASE_URL: "postgres://app@db:5432/d1dash" };
    expect(admissionLimitFromEnv(postgres, 2)).toBe(4);
    expect(admissionLimitFromEnv({ ...postgres, MAX_CONCURRENT_REQUESTS: " " }, 8)).toBe(16);
    expect(admissionLimitFromEnv({ DATABASE_URL_FILE: "/run/secrets/db" }, 1)).toBe(4);
    expect(defaultLimit(postgres, 1)).toBe(4);
  });

  it("defaults to no limit on the embedded database", () => {
    expect(admissionLimitFromEnv({}, 2)).toBe(0);
    expect(admissionLimitFromEnv({ DATABASE_URL: "" }, 8)).toBe(0);
    expect(admissionLimitFromEnv({ MAX_CONCURRENT_REQUESTS: "6" }, 2)).toBe(6);
  });

  it("takes a whole number, 0 for no limit", () => {
    expect(admissionLimitFromEnv({ MAX_CONCURRENT_REQUESTS: "0" }, 2)).toBe(0);
    expect(admissionLimitFromEnv({ MAX_CONCURRENT_REQUESTS: "12" }, 2)).toBe(12);
  });

  it.each(["-1", "2.5", "four", "1e3", "10001"])("refuses %s, naming the setting", (value) => {
    expect(() => admissionLimitFromEnv({ MAX_CONCURRENT_REQUESTS: value }, 2)).toThrow(
      AdmissionConfigError,
    );
    expect(() => admissionLimitFromEnv({ MAX_CONCURRENT_REQUESTS: value }, 2)).toThrow(
      `MAX_CONCURRENT_REQUESTS must be a whole number from 0 (no limit) to 10000, not "${value}".`,
    );
  });
});
