// Background work gives way to requests. Under a server that counts its requests, it waits for
// none to be in flight; otherwise, after holding the event loop it pauses for about as long, so
// that what queued behind it runs, and after waiting on I/O (PostgreSQL) it does not pause.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import {
  countRequest,
  createRequestActivity,
  type CountingActivity,
} from "../../scripts/request-activity.mjs";
import { givingWay } from "./give-way";

/** Holds the event loop as a PGlite statement does. */
function holdLoop(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until) {}
}

async function timed(fn: () => Promise<void>) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

describe("givingWay without a count of requests", () => {
  it("pauses about as long as the work held the loop, and lets a waiting timer run", async () => {
    const giveWay = givingWay();
    let served = false;
    setTimeout(() => {
      served = true;
    }, 0);
    holdLoop(200);
    expect(served).toBe(false);
    const paused = await timed(giveWay);
    expect(served).toBe(true);
    expect(paused).toBeGreaterThanOrEqual(180);
    expect(paused).toBeLessThan(250 + 100);
  });

  it("does not pause after work that waited on I/O, nor after short work", async () => {
    const giveWay = givingWay();
    await sleep(200); // as a query to PostgreSQL: the loop is idle meanwhile
    holdLoop(5);
    expect(await timed(giveWay)).toBeLessThan(30);
    holdLoop(100); // under busyMs since the last call
    expect(await timed(giveWay)).toBeLessThan(30);
  });

  it("never pauses longer than maxPauseMs", async () => {
    const giveWay = givingWay({ maxPauseMs: 100 });
    holdLoop(600);
    const paused = await timed(giveWay);
    expect(paused).toBeGreaterThanOrEqual(90);
    expect(paused).toBeLessThan(100 + 100);
  });
});

/** A real HTTP server counting its requests as `npm start`'s do; `hold()` keeps one open. */
async function countingServer(activity: CountingActivity) {
  const held: http.ServerResponse[] = [];
  const server = http.createServer((_req, res) => {
    countRequest(res, activity);
    held.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const requests: http.ClientRequest[] = [];
  // Kept-alive connections, as browsers and the benchmarks' fetch use: the count must not wait
  // for the connection to close.
  const agent = new http.Agent({ keepAlive: true });
  return {
    /** Sends a request the server holds until release() (its response still open). */
    hold: async () => {
      const before = held.length;
      const request = http.get({ host: "127.0.0.1", port, agent });
      request.on("error", () => {});
      request.on("response", (response) => response.resume());
      requests.push(request);
      while (held.length === before) await sleep(2);
    },
    release: () => held.shift()?.end("done"),
    /** The client goes away without an answer. */
    abandon: () => requests.shift()?.destroy(),
    close: async () => {
      for (const res of held.splice(0)) res.end();
      agent.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe("givingWay under a server that counts its requests", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  async function setUp() {
    const activity = createRequestActivity();
    const server = await countingServer(activity);
    closers.push(server.close);
    return { activity, server };
  }

  it("counts a request until its response is sent or its client leaves", async () => {
    const { activity, server } = await setUp();
    await server.hold();
    await server.hold();
    expect(activity.inFlight).toBe(2);
    server.release();
    await sleep(20);
    expect(activity.inFlight).toBe(1);
    server.abandon();
    server.abandon();
    await sleep(50);
    expect(activity.inFlight).toBe(0);
  });

  it("goes on at once when no request is in flight, even after long work", async () => {
    const { activity } = await setUp();
    const giveWay = givingWay({ activity });
    holdLoop(300);
    expect(await timed(giveWay)).toBeLessThan(30);
  });

  it("waits until the request in flight has its answer, and goes on right then", async () => {
    const { activity, server } = await setUp();
    const giveWay = givingWay({ activity, maxWaitMs: 5_000 });
    await server.hold();
    let answeredAt = 0;
    setTimeout(() => {
      answeredAt = performance.now();
      server.release();
    }, 150);
    const started = performance.now();
    await giveWay();
    const resumedAt = performance.now();
    expect(answeredAt).toBeGreaterThan(0);
    expect(resumedAt - started).toBeGreaterThanOrEqual(140);
    expect(resumedAt - answeredAt).toBeLessThan(50);
  });

  it("waits at most maxWaitMs when requests keep coming, and not for its own request", async () => {
    const { activity, server } = await setUp();
    await server.hold();
    const paused = await timed(givingWay({ activity, maxWaitMs: 120 }));
    expect(paused).toBeGreaterThanOrEqual(110);
    expect(paused).toBeLessThan(120 + 100);
    // The admin's sweep request is in flight while its sweep runs: one request is its own.
    expect(await timed(givingWay({ activity, ownRequests: 1, maxWaitMs: 5_000 }))).toBeLessThan(30);
    await server.hold();
    expect(
      await timed(givingWay({ activity, ownRequests: 1, maxWaitMs: 120 })),
    ).toBeGreaterThanOrEqual(110);
  });

  it("does not wait once its signal is aborted (shutdown)", async () => {
    const { activity, server } = await setUp();
    await server.hold();
    const stopping = new AbortController();
    const giveWay = givingWay({ activity, signal: stopping.signal, maxWaitMs: 5_000 });
    stopping.abort();
    expect(await timed(giveWay)).toBeLessThan(30);
  });
});
