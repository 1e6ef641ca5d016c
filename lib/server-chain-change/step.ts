// The frame every step after the plan runs in: one transaction, the form's version checked, a
// closed change refused, the write conditioned on the version, one audit record.
import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import type { Prisma, ServerChainChange } from "@/lib/db/generated/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import { toServerChainChangeDto } from "./dto";
import { isoDay } from "@/lib/dates";
import { refuse, type ServerChainRefusal, type ServerChainResult } from "./refusal";

/** Serialises the writes that touch one environment's server chain (plans and switches). */
export async function lockEnvironment(tx: Tx, environmentId: string) {
  await tx.$executeRaw`SELECT id FROM environment WHERE id = ${environmentId} FOR UPDATE`;
}

export type Row = ServerChainChange & { environment: { gatewayId: string } };
export type Write = {
  data: Prisma.ServerChainChangeUpdateManyMutationInput;
  action: string;
  summary: Record<string, unknown>;
  /** More writes of the same step, after the change itself was updated; their summary joins the audit record. */
  also?: (tx: Tx, row: Row) => Promise<Record<string, unknown>>;
};

function closedRefusal(row: Row): ServerChainRefusal | null {
  if (row.status === "cancelled") {
    return refuse(
      409,
      "server_chain.closed",
      `This change was cancelled on ${isoDay(row.cancelledAt ?? row.updatedAt)}: nothing more can be recorded on it. Plan a new change if the chain is still to change.`,
    );
  }
  if (row.status === "switched") {
    return refuse(
      409,
      "server_chain.closed",
      `This change was already switched on ${isoDay(row.switchedAt!)} by ${row.switchedBy ?? "?"}: nothing more can be recorded on it.`,
    );
  }
  return null;
}

/**
 * One step of a change, in one transaction: the change must exist, the form must be of its
 * current version, the change must be open and at a state where the step applies. Refusals
 * write nothing; a step that runs bumps the version and is audited once.
 */
export async function runStep(
  db: Db,
  actor: Actor,
  changeId: string,
  version: number,
  build: (tx: Tx, row: Row) => Promise<Write | ServerChainRefusal>,
): Promise<ServerChainResult> {
  return db.$transaction(async (tx): Promise<ServerChainResult> => {
    const row = await tx.serverChainChange.findUnique({
      where: { id: changeId },
      include: { environment: { select: { gatewayId: true } } },
    });
    if (!row) return refuse(404, "not_found", "This server chain change no longer exists.");
    if (row.version !== version) return stale(row, version);
    const closed = closedRefusal(row);
    if (closed) return closed;
    const write = await build(tx, row);
    if ("ok" in write) return write;
    // The version condition makes a concurrent step on the same change lose instead of overwrite.
    const updated = await tx.serverChainChange.updateMany({
      where: { id: changeId, version },
      data: { ...write.data, version: { increment: 1 } },
    });
    if (updated.count === 0)
      return stale(
        await tx.serverChainChange.findUniqueOrThrow({ where: { id: changeId } }),
        version,
      );
    const more = (await write.also?.(tx, row)) ?? {};
    await appendAudit(tx, actor, {
      action: `server_chain_change.${write.action}`,
      objectType: "server_chain_change",
      objectId: changeId,
      gatewayId: row.environment.gatewayId,
      environmentId: row.environmentId,
      summary: { from: row.status, ...write.summary, ...more },
    });
    return {
      ok: true,
      change: toServerChainChangeDto(
        await tx.serverChainChange.findUniqueOrThrow({ where: { id: changeId } }),
      ),
    };
  });
}

function stale(row: { status: string; version: number }, formVersion: number): ServerChainRefusal {
  return refuse(
    409,
    "server_chain.stale",
    `This change was updated by someone else after this form was loaded (it is now ${row.status}, version ${row.version}; the form was for version ${formVersion}). Nothing was saved: reload the page, check what changed, then try again.`,
  );
}
