import v8 from "node:v8";
import { type EnvSource, processEnv } from "@/lib/env";

/**
 * How far V8 lets its old generation grow past what was live after the last full collection
 * before it collects again, in percent. Left to itself V8 picks up to 300 % (4×) when collection
 * looks cheap, and on a host with many GB it does: under 20 concurrent users the server's memory
 * doubled (PGlite, 100,000 certificates: 726 MB at the peak, 389 MB once V8's memory reducer had
 * run; about 60 MB of objects live when idle). At 50 % the same run peaked at 444 MB and served
 * as many requests. That is the default with the embedded database. With PostgreSQL (several
 * instances, each in a container whose memory limit V8 already sizes its heap from) V8 keeps its
 * own choice: there the bound cost the inventory page's p99 under load (437 → 522 ms at 10,000).
 * See docs/decisions/0028-bounded-heap-growth.md.
 */
export const DEFAULT_HEAP_GROWTH_PERCENT = 50;

/**
 * HEAP_GROWTH_PERCENT (0: V8's own choice); when unset, DEFAULT_HEAP_GROWTH_PERCENT on the
 * embedded database and 0 on PostgreSQL (DATABASE_URL set). Null when the value is not a whole
 * number of 0 to 300.
 */
export function heapGrowthPercent(source: EnvSource = processEnv()): number | null {
  const raw = source.HEAP_GROWTH_PERCENT?.trim();
  if (!raw) return source.DATABASE_URL?.trim() ? 0 : DEFAULT_HEAP_GROWTH_PERCENT;
  return /^\d+$/.test(raw) && Number(raw) <= 300 ? Number(raw) : null;
}

/**
 * Applies the setting to this process. V8 reads the flag each time it sets the next limit, so it
 * takes effect from the next collection on, whenever it is set; an unknown flag would be ignored
 * silently, which lib/deploy/heap-growth.test.ts guards against by measuring the heap.
 */
export function applyHeapGrowth(source: EnvSource = processEnv()): number | null {
  const percent = heapGrowthPercent(source);
  if (percent) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
