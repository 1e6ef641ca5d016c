import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { lifecycleState, startRenewalBy, daysLeft, type LifecycleState } from "@/lib/renewal/dates";
import { reconcile, type Finding } from "@/lib/ca-change/findings";
import { caChangeState } from "@/lib/ca-change/state";
import { checklistProgress, type ChecklistProgress } from "@/lib/checklist/progress";
import { versionedCache } from "@/lib/cache/versioned";
import { loadTimeline } from "./timeline";
import { TRUST_STORE_KINDS, TRUST_STORE_SLUGS, type TrustStoreSlug } from "@/lib/trust-store/kinds";

const DAY_MS = 86_400_000;
/** A CA in a trust store this close to its expiry is a warning. */
export const CA_EXPIRY_WARNING_DAYS = 90;

export type EnvironmentRow = {
  environmentId: string;
  code: "PPR" | "PRD";
  gatewayId: string;
  merchantGatewayId: string;
  gatewayName: string;
  leadDays: number;
  certificate: { id: string; commonName: string; notAfter: Date; daysLeft: number; startRenewalBy: Date; state: LifecycleState } | null;
  checklist: ChecklistProgress;
  storeWarnings: string[];
  findings: Finding[];
  pendingCaChanges: number;
  unacknowledgedReminders: number;
  /** Lower is more urgent: the overview sorts by it, then by days left. */
  urgency: number;
};

export type StateCounts = Record<LifecycleState | "superseded" | "revoked", number>;

// Raw queries return epoch milliseconds: PGlite reads a returned `timestamp` in the process's zone.
type CurrentRow = { environmentId: string; id: string; commonName: string; notAfterMs: number };

/**
 * Everything the overview shows, for every gateway and environment, in a fixed number of queries
 * whatever the number of records (indexes do the filtering; aggregates run in the database).
 */
export async function loadOverview(db: Db, now: Date = new Date()) {
  const environments = await db.environment.findMany({
    select: { id: true, code: true, renewalLeadDaysOverride: true, gateway: { select: { id: true, merchantGatewayId: true, name: true, renewalLeadDays: true } } },
  });
  const ids = environments.map((e) => e.id);
  const at = now.toISOString();
  const [current, counts, storeCounts, expiringCas, thalesEntries, changes, reminders, progress] = await Promise.all([
    // The certificate in service per environment: one backward index scan each (LATERAL … LIMIT 1).
    db.$queryRaw<CurrentRow[]>`
      SELECT e.id AS "environmentId", c.id, c."commonName", (extract(epoch FROM c."notAfter") * 1000)::float8 AS "notAfterMs"
      FROM environment e
      CROSS JOIN LATERAL (SELECT id, "commonName", "notAfter" FROM certificate
                          WHERE "environmentId" = e.id AND "revokedAt" IS NULL AND "supersededById" IS NULL
                          ORDER BY "notAfter" DESC LIMIT 1) c`,
    stateCounts(db, now),
    db.trustStoreEntry.groupBy({ by: ["environmentId", "kind"], _count: { _all: true } }),
    db.trustStoreEntry.groupBy({ by: ["environmentId", "kind"], where: { isCa: true, notAfter: { lt: new Date(now.getTime() + CA_EXPIRY_WARNING_DAYS * DAY_MS) } }, _count: { _all: true } }),
    db.trustStoreEntry.findMany({ where: { kind: "thales_client_ca" }, select: { environmentId: true, sha256: true, subjectDn: true, isCa: true } }),
    db.clientCaChange.findMany({ select: { environmentId: true, sha256: true, subjectDn: true, replacesSha256: true, effectiveAt: true }, orderBy: { receivedAt: "asc" } }),
    db.$queryRaw<{ environmentId: string; open: number }[]>`
      SELECT "environmentId", count(*)::int AS open
      FROM (SELECT DISTINCT c."environmentId", rd."certificateId", rd.subject -- hashed: count(DISTINCT row) sorted them, 3× slower
            FROM reminder_delivery rd JOIN certificate c ON c.id = rd."certificateId"
            WHERE rd.status = 'sent' AND c."revokedAt" IS NULL AND c."supersededById" IS NULL
              AND NOT EXISTS (SELECT 1 FROM reminder_state rs WHERE rs."certificateId" = rd."certificateId" AND rs.subject = rd.subject
                              AND (rs."acknowledgedAt" IS NOT NULL OR rs."snoozedUntil" > ${at}::timestamp))) open
      GROUP BY 1`,
    checklistProgress(db, ids),
  ]);

  const count = (rows: { environmentId: string; kind: string; _count: { _all: number } }[], env: string, kind: string) =>
    rows.find((r) => r.environmentId === env && r.kind === kind)?._count._all ?? 0;
  const rows: EnvironmentRow[] = environments.map((env) => {
    const leadDays = env.renewalLeadDaysOverride ?? env.gateway.renewalLeadDays;
    const cur = current.find((c) => c.environmentId === env.id);
    const notAfter = cur ? new Date(cur.notAfterMs) : null;
    const certificate = cur && notAfter
      ? { id: cur.id, commonName: cur.commonName, notAfter, daysLeft: daysLeft(notAfter, now), startRenewalBy: startRenewalBy(notAfter, leadDays), state: lifecycleState(notAfter, leadDays, now) }
      : null;
    const storeWarnings: string[] = [];
    for (const slug of TRUST_STORE_SLUGS as TrustStoreSlug[]) {
      const kind = TRUST_STORE_KINDS[slug].db;
      if (count(storeCounts, env.id, kind) === 0) storeWarnings.push(`${TRUST_STORE_KINDS[slug].title} is empty`);
      const expiring = count(expiringCas, env.id, kind);
      if (expiring > 0) storeWarnings.push(`${expiring} CA${expiring > 1 ? "s" : ""} in ${TRUST_STORE_KINDS[slug].title} expire${expiring > 1 ? "" : "s"} within ${CA_EXPIRY_WARNING_DAYS} days`);
    }
    const entries = thalesEntries.filter((e) => e.environmentId === env.id);
    const envChanges = changes.filter((c) => c.environmentId === env.id);
    const findings = reconcile({ entries, changes: envChanges }, now);
    const trusted = new Set(entries.map((e) => e.sha256));
    // Pending: not trusted yet, or trusted while the CA it replaces is still to be removed.
    const pendingCaChanges = envChanges.filter((c) => {
      const state = caChangeState(c, trusted, now);
      return state === "announced" || (state === "trusted" && c.replacesSha256 !== null);
    }).length;
    const checklist = progress.get(env.id)!;
    const unacknowledgedReminders = reminders.find((r) => r.environmentId === env.id)?.open ?? 0;
    return {
      environmentId: env.id,
      code: env.code,
      gatewayId: env.gateway.id,
      merchantGatewayId: env.gateway.merchantGatewayId,
      gatewayName: env.gateway.name,
      leadDays,
      certificate,
      checklist,
      storeWarnings,
      findings,
      pendingCaChanges,
      unacknowledgedReminders,
      urgency: urgencyOf(certificate?.state ?? null, findings, unacknowledgedReminders, checklist.percent),
    };
  });
  rows.sort((a, b) => a.urgency - b.urgency || (a.certificate?.daysLeft ?? Infinity) - (b.certificate?.daysLeft ?? Infinity) || a.merchantGatewayId.localeCompare(b.merchantGatewayId) || a.code.localeCompare(b.code));
  return { rows, counts };
}

/**
 * The overview and its timeline, shared by every request until the data changes or 30 s pass
 * (lib/cache/versioned.ts): at 10,000 certificates computing them takes a few hundred ms.
 */
export const cachedOverview = versionedCache(async (db, now) => {
  const [overview, timeline] = await Promise.all([loadOverview(db, now), loadTimeline(db, now)]);
  return { ...overview, timeline, computedAt: now };
});

/** 0: act now … 6: nothing to do. */
function urgencyOf(state: LifecycleState | null, findings: Finding[], reminders: number, checklistPercent: number): number {
  if (state === "expired" || findings.some((f) => f.severity === "critical")) return 0;
  if (state === "expiring") return 1;
  if (state === "renewal-due") return 2;
  if (findings.length > 0 || reminders > 0) return 3;
  if (state === null) return 4;
  if (checklistPercent < 100) return 5;
  return 6;
}

/** Client certificates by state, counted by the database (the same rules as lib/renewal/dates.ts). */
async function stateCounts(db: Db, now: Date): Promise<StateCounts> {
  const at = now.toISOString();
  const expiringBound = new Date(now.getTime() + 31 * DAY_MS).toISOString();
  const [row] = await db.$queryRaw<StateCounts[]>(Prisma.sql`
    SELECT count(*) FILTER (WHERE c."revokedAt" IS NOT NULL)::int AS revoked,
           count(*) FILTER (WHERE c."revokedAt" IS NULL AND c."supersededById" IS NOT NULL)::int AS superseded,
           count(*) FILTER (WHERE ${live} AND c."notAfter" <= ${at}::timestamp)::int AS expired,
           count(*) FILTER (WHERE ${live} AND c."notAfter" > ${at}::timestamp AND c."notAfter" < ${expiringBound}::timestamp)::int AS expiring,
           count(*) FILTER (WHERE ${live} AND c."notAfter" >= ${expiringBound}::timestamp
                            AND c."notAfter" - make_interval(days => coalesce(e."renewalLeadDaysOverride", g."renewalLeadDays")) <= ${at}::timestamp)::int AS "renewal-due",
           count(*) FILTER (WHERE ${live} AND c."notAfter" >= ${expiringBound}::timestamp
                            AND c."notAfter" - make_interval(days => coalesce(e."renewalLeadDaysOverride", g."renewalLeadDays")) > ${at}::timestamp)::int AS ok
    FROM certificate c JOIN environment e ON e.id = c."environmentId" JOIN gateway g ON g.id = e."gatewayId"`);
  return row!;
}
const live = Prisma.sql`c."revokedAt" IS NULL AND c."supersededById" IS NULL`;
