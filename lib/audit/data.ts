import "server-only";
import { db as database, type Db } from "@/lib/db/client";
import { containsText } from "@/lib/db/contains";
import { describeWebhookUrl } from "@/lib/reminder/webhook/url";

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilter = {
  /** Records of this environment, plus its gateway's records that belong to no environment. */
  environment?: { gatewayId: string; environmentId: string };
  action?: string;
  actor?: string;
  /** Show records older than this sequence number (keyset pagination: fast on any page). */
  before?: bigint;
};

export async function listAuditEvents(db: Db, filter: AuditFilter) {
  const rows = await db.auditEvent.findMany({
    where: {
      OR: filter.environment
        ? [
            { environmentId: filter.environment.environmentId },
            { gatewayId: filter.environment.gatewayId, environmentId: null },
          ]
        : undefined,
      action: filter.action ? { startsWith: filter.action } : undefined,
      actorLabel: filter.actor ? containsText(filter.actor) : undefined,
      seq: filter.before ? { lt: filter.before } : undefined,
    },
    orderBy: { seq: "desc" },
    take: AUDIT_PAGE_SIZE + 1,
  });
  const hasMore = rows.length > AUDIT_PAGE_SIZE;
  const events = rows.slice(0, AUDIT_PAGE_SIZE).map((row) => ({
    seq: row.seq.toString(),
    createdAt: row.createdAt.toISOString(),
    actorLabel: row.actorLabel,
    actorType: row.actorType,
    action: row.action,
    objectType: row.objectType,
    objectId: row.objectId,
    summary: JSON.stringify(shownSummary(row.action, row.summary)),
  }));
  return { events, nextBefore: hasMore ? events.at(-1)!.seq : null };
}

/**
 * Records written before webhook URLs were treated as secrets hold the whole URL: they are shown
 * with its origin only. (The stored record is untouched, so its hash still verifies.)
 */
function shownSummary(action: string, summary: unknown): unknown {
  const change = (summary as { changed?: { webhookUrl?: { from?: unknown; to?: unknown } } } | null)
    ?.changed?.webhookUrl;
  if (action !== "gateway.settings.update" || !change) return summary;
  const hide = (v: unknown) => (typeof v === "string" ? describeWebhookUrl(v) : v);
  const s = summary as { changed: Record<string, unknown> };
  return {
    ...s,
    changed: { ...s.changed, webhookUrl: { from: hide(change.from), to: hide(change.to) } },
  };
}

/** How many records the audit trail holds. */
export function countAuditEvents(db: Db) {
  return db.auditEvent.count();
}

export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.auditEvent.findMany({
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
  });
  return rows.map((r) => r.action);
}

/** The audit pages: a page of records and the actions to filter by. */
export async function auditPageData(filter: AuditFilter) {
  const prisma = await database();
  const [page, actions] = await Promise.all([
    listAuditEvents(prisma, filter),
    listAuditActions(prisma),
  ]);
  return { ...page, actions };
}
