import "server-only";
import type { Db } from "@/lib/db/client";
import { containsText } from "@/lib/db/contains";

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
    summary: JSON.stringify(row.summary),
  }));
  return { events, nextBefore: hasMore ? events.at(-1)!.seq : null };
}

export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.auditEvent.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}
