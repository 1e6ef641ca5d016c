import "server-only";
import type { Db } from "@/lib/db/client";
import type { DeliverableFinding } from "@/lib/finding/deliverable";
import { caChangeFindings } from "@/lib/ca-change/announce";
import { signingKeyRotationFindings } from "@/lib/signing-key/rotation-finding";
import { custodyFindings } from "@/lib/custody/findings";
import type { EnvironmentSettings } from "./due";
import { neverGiveWay, type GiveWay } from "@/lib/db/give-way";
import type { TargetPair } from "./enqueue";
import { FINDING_SUBJECT, FINDING_THRESHOLD, findingTargetKey } from "./targets";

/**
 * One feature's findings, as the sweep delivers them (lib/finding/deliverable.ts). A source
 * that runs many statements calls `giveWay` between them.
 */
export type FindingSource = {
  name: string;
  findings: (db: Db, now: Date, giveWay: GiveWay) => Promise<DeliverableFinding[]>;
};

/** Every source of deliverable findings. A new source is one line here. */
export const FINDING_SOURCES: FindingSource[] = [
  { name: "ca-change", findings: caChangeFindings },
  { name: "signing-key", findings: signingKeyRotationFindings },
  { name: "custody", findings: (db, now) => custodyFindings(db, { now }) },
];

/**
 * The findings of every source, each key once, with `giveWay` before each and passed to each
 * (lib/db/give-way.ts). A source that fails is logged and skipped for this sweep: the others
 * (and the reminders) still go out.
 */
export async function collectFindings(
  db: Db,
  now: Date,
  sources: FindingSource[] = FINDING_SOURCES,
  giveWay: GiveWay = neverGiveWay,
): Promise<DeliverableFinding[]> {
  const out = new Map<string, DeliverableFinding>();
  for (const source of sources) {
    await giveWay();
    try {
      for (const f of await source.findings(db, now, giveWay))
        out.set(findingTargetKey(f.environmentId, f.key), f);
    } catch (error) {
      console.error(
        `[reminders] finding source ${source.name} failed: ${(error as Error).message}`,
      );
    }
  }
  return [...out.values()];
}

/**
 * Email and webhook deliveries of findings (the bell is lib/finding/bell.ts): once per finding and
 * channel, to the environment's gateway addresses and custodians, and its gateway's webhook. The
 * finding is kept as it was found (`content`), so it is sent as it was.
 */
export async function findingPairs(
  db: Db,
  findings: DeliverableFinding[],
  settings: EnvironmentSettings[],
): Promise<TargetPair[]> {
  const byEnvironment = new Map(settings.map((s) => [s.id, s]));
  const pairs: TargetPair[] = [];
  for (const f of findings) {
    const env = byEnvironment.get(f.environmentId);
    if (!env || (!env.hasEmail && !env.hasWebhook)) continue;
    pairs.push({
      targetKind: "finding",
      targetKey: findingTargetKey(f.environmentId, f.key),
      environmentId: f.environmentId,
      content: JSON.stringify({
        key: f.key,
        severity: f.severity,
        title: f.title,
        detail: f.detail,
        link: f.link,
      }),
      subject: FINDING_SUBJECT,
      threshold: FINDING_THRESHOLD,
      hasEmail: env.hasEmail,
      hasWebhook: env.hasWebhook,
      hasInApp: false,
    });
  }
  if (pairs.length === 0) return pairs;
  const existing = await db.reminderDelivery.findMany({
    where: { targetKind: "finding", targetKey: { in: pairs.map((p) => p.targetKey) } },
    select: { targetKey: true },
    distinct: ["targetKey"],
  });
  const seen = new Set(existing.map((e) => e.targetKey));
  return pairs.filter((p) => !seen.has(p.targetKey));
}
