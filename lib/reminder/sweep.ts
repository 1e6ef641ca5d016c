import "server-only";
import type { Db } from "@/lib/db/client";
import { reminderConfigFromEnv, type ReminderConfig } from "./config";
import {
  cancelSuppressed,
  deliverDue,
  MAX_DELIVERIES_PER_SWEEP,
  type DeliveryOutcome,
} from "./deliver";
import { environmentSettings, MAX_NEW_PAIRS_PER_SWEEP, selectDuePairs } from "./due";
import { selectReviewPairs, selectTrustEntryPairs } from "./due-targets";
import { insertDeliveries, planDeliveries, planTargetDeliveries } from "./enqueue";
import { collectFindings, findingPairs, FINDING_SOURCES, type FindingSource } from "./findings";
import { announceOnBell } from "@/lib/finding/bell";
import { neverGiveWay, type GiveWay } from "@/lib/db/give-way";

/**
 * `signal`: stop between deliveries (shutdown); whatever was not sent waits for the next sweep.
 * `giveWay`: a sweep inside the app's server passes givingWay(), so that requests are served
 * between its steps on PGlite (lib/db/give-way.ts); alone (the CLI, tests) it never pauses.
 */
export type SweepOptions = {
  now?: Date;
  config?: ReminderConfig;
  signal?: AbortSignal;
  findingSources?: FindingSource[];
  giveWay?: GiveWay;
};

export type SweepSummary = {
  at: string;
  /**
   * Reminders due now whose deliveries did not exist yet: (certificate, subject) pairs, and the
   * other targets' (trust-store entries, findings by email and webhook, the yearly review).
   */
  due: number;
  /** More reminders were due than one sweep creates: run another sweep soon. */
  more: boolean;
  /** Deliveries this sweep created; the others already existed (sent earlier, or by another instance). */
  created: number;
  cancelled: number;
  /** In-app notifications of findings created by this sweep (lib/reminder/findings.ts). */
  findings: number;
  sent: number;
  retrying: number;
  dead: number;
  outcomes: DeliveryOutcome[];
  ms: { select: number; insert: number; deliver: number };
};

/**
 * One sweep (ARCHITECTURE "Reminders"): (a) SQL selects the due pairs, (b) their deliveries are
 * inserted with ON CONFLICT DO NOTHING, so only one sweep anywhere creates each, (c) every due
 * delivery is claimed atomically, sent, and its attempt recorded. Safe to run on several
 * instances at once, and again at any time. `now` is a parameter so that tests control the clock.
 */
export async function runSweep(db: Db, options: SweepOptions = {}): Promise<SweepSummary> {
  const now = options.now ?? new Date();
  const config = options.config ?? reminderConfigFromEnv();
  const giveWay = options.giveWay ?? neverGiveWay;
  const t0 = performance.now();
  const { pairs, more } = await selectDuePairs(db, now, MAX_NEW_PAIRS_PER_SWEEP, { giveWay });
  // Trust-store entries, findings (email and webhook) and the yearly review (ADR 0023): a handful
  // of rows per environment, through the same deliveries.
  await giveWay();
  const settings = await environmentSettings(db);
  const sources = options.findingSources ?? FINDING_SOURCES;
  const found = await collectFindings(db, now, sources, giveWay);
  await giveWay();
  const allOthers = await findingPairs(db, found, settings);
  await giveWay();
  allOthers.push(...(await selectReviewPairs(db, settings, now)));
  await giveWay();
  allOthers.push(...(await selectTrustEntryPairs(db, settings, now, { giveWay }))); // soonest expiry first
  await giveWay();
  // The same bound as the certificates': whatever is left is still due at the next sweep.
  const others = allOthers.slice(0, MAX_NEW_PAIRS_PER_SWEEP);
  const t1 = performance.now();
  const created = await insertDeliveries(
    db,
    [...planDeliveries(pairs, !!config.smtp), ...planTargetDeliveries(others, !!config.smtp)],
    now,
  );
  const t2 = performance.now();
  await giveWay();
  const cancelled = await cancelSuppressed(db, now);
  const outcomes = await deliverDue(db, config, now, options.signal, giveWay);
  await giveWay();
  const findings = options.signal?.aborted ? 0 : await announceOnBell(db, found, now);
  const t3 = performance.now();
  if (!options.signal?.aborted) await recordSweepFinished(db, now);
  const count = (status: DeliveryOutcome["status"]) =>
    outcomes.filter((o) => o.status === status).length;
  return {
    at: now.toISOString(),
    due: pairs.length + others.length,
    more: more || allOthers.length > others.length || outcomes.length >= MAX_DELIVERIES_PER_SWEEP,
    created,
    cancelled,
    findings,
    sent: count("sent"),
    retrying: count("retry"),
    dead: count("dead"),
    outcomes,
    ms: { select: Math.round(t1 - t0), insert: Math.round(t2 - t1), deliver: Math.round(t3 - t2) },
  };
}

export const LAST_SWEEP_KEY = "reminders.last_sweep_at";

/**
 * The time of the latest complete sweep on any instance, for the "sweeps stopped" alert
 * (d1_reminder_last_sweep_timestamp_seconds). Never moves back: a sweep run for a past `now`
 * (tests, backfills) leaves a later time in place.
 */
async function recordSweepFinished(db: Db, now: Date): Promise<void> {
  await db.$executeRaw`
    INSERT INTO app_setting (key, value, "updatedAt") VALUES (${LAST_SWEEP_KEY}, ${now.toISOString()}, now())
    ON CONFLICT (key) DO UPDATE SET value = GREATEST(app_setting.value, EXCLUDED.value), "updatedAt" = now()`;
}

/** One line for logs and the CLI. */
export function describeSweep(s: SweepSummary): string {
  return `reminder sweep at ${s.at}: ${s.due} newly due${s.more ? " (more left for the next sweep)" : ""}, ${s.created} new deliveries, ${s.sent} sent, ${s.retrying} to retry, ${s.dead} given up, ${s.cancelled} cancelled, ${s.findings} finding notification(s) (select ${s.ms.select} ms, insert ${s.ms.insert} ms, deliver ${s.ms.deliver} ms)`;
}
