// Background work gives way to requests: after holding the event loop it pauses for about as
// long, so that what queued behind it runs; after waiting on I/O (PostgreSQL) it does not pause.
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
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

describe("givingWay", () => {
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
