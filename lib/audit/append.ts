import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Actor } from "@/lib/auth/actor";
import { auditHash, GENESIS_HASH } from "./hash";

// Serialises appends across connections and instances so that the chain never forks.
const AUDIT_CHAIN_LOCK_KEY = 7_263_110_002;

export type AuditEntry = {
  action: string;
  objectType: string;
  objectId?: string | null;
  gatewayId?: string | null;
  environmentId?: string | null;
  summary: Record<string, unknown>;
};

/** Appends one record to the chain. Call it inside the transaction of the change it records. */
export async function appendAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`);
  const last = await tx.auditEvent.findFirst({
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  const seq = (last?.seq ?? 0n) + 1n;
  const fields = {
    seq,
    createdAt: new Date(),
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId ?? null,
    gatewayId: entry.gatewayId ?? null,
    environmentId: entry.environmentId ?? null,
    summary: JSON.parse(JSON.stringify(entry.summary)) as Prisma.InputJsonObject,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await tx.auditEvent.create({ data: { ...fields, hash: auditHash(fields) } });
}
