import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/databases";
import { schedulerConfigFromEnv } from "./config";
import { startReminderScheduler } from "./scheduler";

describe("reminder scheduler", () => {
  let t: TestDatabase;
  beforeAll(async () => (t = await createTestDatabase("pglite")));
  afterAll(() => t.drop());

  it("is on by default every 5 minutes, and REMINDERS_SCHEDULER=off turns it off", () => {
    expect(schedulerConfigFromEnv({})).toEqual({
      enabled: true,
      intervalMs: 300_000,
      firstRunDelayMs: 15_000,
    });
    expect(schedulerConfigFromEnv({ REMINDERS_SCHEDULER: "off" }).enabled).toBe(false);
    expect(schedulerConfigFromEnv({ REMINDERS_INTERVAL_SECONDS: "60" }).intervalMs).toBe(60_000);
  });

  it("never runs two sweeps at once in one process, and logs errors instead of throwing", async () => {
    const log = { info: vi.fn(), error: vi.fn() };
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const scheduler = startReminderScheduler(
      async () => {
        await gate;
        return t.prisma;
      },
      { enabled: true, intervalMs: 3_600_000, firstRunDelayMs: 3_600_000 },
      log,
    );
    const first = scheduler.runNow();
    expect(await scheduler.runNow()).toBe(null); // skipped: one is running
    release();
    expect(await first).toMatchObject({ due: 0, created: 0 });
    scheduler.stop();

    const broken = startReminderScheduler(
      async () => {
        throw new Error("database down");
      },
      { enabled: true, intervalMs: 3_600_000, firstRunDelayMs: 3_600_000 },
      log,
    );
    expect(await broken.runNow()).toBe(null);
    expect(log.error).toHaveBeenCalledWith("[reminders] sweep failed: database down");
    broken.stop();
  });
});
