// The heap growth setting must change what V8 does, not only be accepted: V8 ignores a flag it
// does not know without a word. Each run is a separate node process that holds a million small
// objects, allocates short-lived garbage, and reports the largest heap V8 committed meanwhile.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { applyHeapGrowth, DEFAULT_HEAP_GROWTH_PERCENT, heapGrowthPercent } from "./heap-growth";

const CHURN = `
const { applyHeapGrowth } = await import(process.env.MODULE);
applyHeapGrowth({ HEAP_GROWTH_PERCENT: process.env.PERCENT });
const live = Array.from({ length: 40 }, () => new Array(25_000).fill(0).map((_, i) => ({ i })));
let peak = 0;
const recent = [];
for (let round = 0; round < 300; round++) {
  recent.push(Array.from({ length: 20_000 }, (_, i) => ({ i, s: "x" + i })));
  if (recent.length > 20) recent.shift();
  peak = Math.max(peak, process.memoryUsage().heapTotal);
}
console.log(JSON.stringify({ peakMb: peak / 1048576, live: live.length }));
`;

function peakHeapMb(percent: string): number {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", CHURN],
    {
      encoding: "utf8",
      env: {
        ...process.env,
        MODULE: new URL("./heap-growth.ts", import.meta.url).href,
        PERCENT: percent,
      },
    },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!).peakMb;
}

describe("heap growth", () => {
  it("is 50 % on the embedded database, V8's choice on PostgreSQL, unless HEAP_GROWTH_PERCENT says otherwise", () => {
    expect(heapGrowthPercent({})).toBe(DEFAULT_HEAP_GROWTH_PERCENT);
    expect(heapGrowthPercent({ DATABASE_URL: "postgres://127.0.0.1/d1" })).toBe(0);
    expect(
      heapGrowthPercent({ DATABASE_URL: "postgres://127.0.0.1/d1", HEAP_GROWTH_PERCENT: "50" }),
    ).toBe(50);
    expect(heapGrowthPercent({ HEAP_GROWTH_PERCENT: " 20 " })).toBe(20);
    expect(heapGrowthPercent({ HEAP_GROWTH_PERCENT: "0" })).toBe(0);
    expect(heapGrowthPercent({ HEAP_GROWTH_PERCENT: "301" })).toBeNull();
    expect(heapGrowthPercent({ HEAP_GROWTH_PERCENT: "fifty" })).toBeNull();
    expect(applyHeapGrowth({ HEAP_GROWTH_PERCENT: "-5" })).toBeNull();
  });

  it("keeps the heap V8 commits well under what it takes when left to choose", () => {
    const own = peakHeapMb("0");
    const bounded = peakHeapMb("50");
    // Measured: 300–350 MB left to V8, 160–170 MB at 50 %.
    expect(bounded).toBeLessThan(own * 0.75);
  }, 60_000);
});
