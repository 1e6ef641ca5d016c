#!/usr/bin/env node
// `npm run bench:overview-parts`: what the overview's recomputation right after a write is made
// of, each part timed alone in this process on a copy of the bench fleet (bench/seed.mjs), after
// a write that invalidates it (an environment's lead time set, then cleared). Medians of
// BENCH_ROUNDS (default 15). BENCH_DATABASES=pglite,postgres; BENCH_SCALE as in bench:load.
// For finding where the after-change time goes; bench:load is the measure of the target.
import { openDatabase } from "@/lib/db/client";
import { loadOverview } from "@/lib/overview/data";
import { certificateFiguresFromMemory } from "@/lib/overview/histogram";
import { openReminders, trustStoreCounts } from "@/lib/overview/aggregates";
import { checklistProgress } from "@/lib/checklist/progress";
import { FLEET, seededDatabase } from "./seed.mjs";
import { median } from "./support.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const DATABASES = (process.env.BENCH_DATABASES ?? "pglite,postgres").split(",").filter(Boolean);

for (const kind of DATABASES) {
  const database = await seededDatabase(kind, FLEET);
  const target = database.env.DATABASE_URL
    ? { kind: "postgres", url: database.env.DATABASE_URL }
    : { kind: "pglite", dataDir: database.env.DATA_DIR };
  const opened = await openDatabase("bench overview parts", target);
  const db = opened.prisma;
  try {
    const environments = await db.environment.findMany({ select: { id: true } });
    const ids = environments.map((e) => e.id);
    const certificateIds = (
      await db.certificate.findMany({ select: { id: true }, take: 7, skip: 100 })
    ).map((c) => c.id);
    const parts = {
      "whole overview": (now) => loadOverview(db, now),
      "counts + timeline (buckets in memory)": (now) => certificateFiguresFromMemory(db, now),
      "trust-store counts": (now) =>
        trustStoreCounts(db, new Date(now.getTime() + 90 * 86_400_000)),
      "open reminders": (now) => openReminders(db, now),
      "checklist progress": () => checklistProgress(db, ids),
      "environments (findMany)": () => db.environment.findMany({ include: { gateway: true } }),
    };
    const times = Object.fromEntries(Object.keys(parts).map((k) => [k, []]));
    await loadOverview(db, new Date());
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, part] of Object.entries(parts)) {
        // A write first, as a user's change would be: the lead time set or cleared.
        await db.environment.update({
          where: { id: ids[round % ids.length] },
          data: { renewalLeadDaysOverride: round % 2 === 0 ? 45 : null },
        });
        // …and a certificate revoked or restored: its expiry bucket moves.
        await db.certificate.update({
          where: { id: certificateIds[round % certificateIds.length] },
          data: { revokedAt: round % 2 === 0 ? new Date() : null },
        });
        const started = performance.now();
        await part(new Date());
        times[name].push(performance.now() - started);
      }
    }
    console.log(`\n${database.label} (${JSON.stringify(FLEET)}), medians of ${ROUNDS}:`);
    for (const [name, list] of Object.entries(times))
      console.log(
        `  ${name.padEnd(40)} ${median(list).toFixed(1)} ms (max ${Math.max(...list).toFixed(1)})`,
      );
  } finally {
    await opened.close();
    await database.drop();
  }
}
