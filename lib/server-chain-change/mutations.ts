import "server-only";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import { toPem } from "@/lib/pki";
import { serverChainVerdict } from "@/lib/trust-store/server-chain";
import { readChain, summarise } from "./chain";
import {
  acknowledgeSchema,
  cancelSchema,
  notifySchema,
  planServerChainSchema,
  switchSchema,
} from "./schema";
import { OPEN_STATUSES, toServerChainChangeDto, type ServerChainStatus } from "./dto";
import { isoDay } from "@/lib/dates";
import { atMidnight, invalid, refuse, type ServerChainResult } from "./refusal";
import { lockEnvironment, runStep } from "./step";
import { replaceStore } from "./store";

export type { ServerChainRefusal, ServerChainResult } from "./refusal";

/**
 * Records a planned change of our server CA or chain: the new chain (PEM, DER or PKCS#7, our
 * server certificate and its CAs), the planned switch date and notes. One open change at a time.
 */
export async function planServerChainChange(
  db: Db,
  actor: Actor,
  environmentId: string,
  input: { chain: string | Uint8Array; plannedAt?: unknown; notes?: unknown },
): Promise<ServerChainResult> {
  const fields = planServerChainSchema.safeParse({
    plannedAt: input.plannedAt,
    notes: input.notes ?? undefined,
  });
  if (!fields.success) return invalid(fields.error);
  const environment = await db.environment.findUnique({ where: { id: environmentId } });
  if (!environment) return refuse(404, "not_found", "No such environment.");
  const chain = await readChain(input.chain);
  if (!chain.ok) return chain;
  const verdict = await serverChainVerdict(chain.certificates);
  const summary = summarise(chain.certificates, {
    status: verdict.status,
    message: verdict.message,
  });
  const chainPem = chain.certificates.map((c) => toPem("CERTIFICATE", c.der)).join("");
  return db.$transaction(async (tx): Promise<ServerChainResult> => {
    await lockEnvironment(tx, environmentId);
    const open = await tx.serverChainChange.findFirst({
      where: { environmentId, status: { in: [...OPEN_STATUSES] } },
    });
    if (open) {
      return refuse(
        409,
        "server_chain.change_open",
        `A server chain change is already open here (planned for ${isoDay(open.plannedAt)}, ${open.status}): switch or cancel it before planning another.`,
      );
    }
    const created = await tx.serverChainChange.create({
      data: {
        environmentId,
        chainPem,
        summary: summary as unknown as Prisma.InputJsonObject,
        plannedAt: atMidnight(fields.data.plannedAt),
        notes: fields.data.notes,
        createdById: actor.id,
        createdByLabel: actor.label,
      },
    });
    await appendAudit(tx, actor, {
      action: "server_chain_change.plan",
      objectType: "server_chain_change",
      objectId: created.id,
      gatewayId: environment.gatewayId,
      environmentId,
      summary: {
        plannedAt: fields.data.plannedAt,
        verdict: verdict.status,
        leaf: {
          sha256: chain.leaf.sha256,
          subject: chain.leaf.subjectDn,
          notAfter: isoDay(chain.leaf.notAfter),
        },
        certificates: chain.certificates.map((c) => c.sha256),
      },
    });
    return { ok: true, change: toServerChainChangeDto(created) };
  });
}

/** Step 2: the day Thales was told about the planned change. */
export async function recordServerChainNotified(
  db: Db,
  actor: Actor,
  changeId: string,
  input: { version?: unknown; notifiedAt?: unknown },
): Promise<ServerChainResult> {
  const parsed = notifySchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { version, notifiedAt } = parsed.data;
  return runStep(db, actor, changeId, version, async (_tx, row) => {
    if (row.status !== "planned") {
      return refuse(
        409,
        "server_chain.out_of_order",
        `Thales' notification was already recorded: notified on ${isoDay(row.notifiedAt!)} by ${row.notifiedBy ?? "?"}.`,
      );
    }
    return {
      action: "notify",
      data: { status: "notified", notifiedAt: atMidnight(notifiedAt), notifiedBy: actor.label },
      summary: { notifiedAt },
    };
  });
}

/** Step 3 (recommended, not required for the switch): Thales acknowledged the change, with its reference. */
export async function recordServerChainAcknowledged(
  db: Db,
  actor: Actor,
  changeId: string,
  input: { version?: unknown; acknowledgedAt?: unknown; reference?: unknown },
): Promise<ServerChainResult> {
  const parsed = acknowledgeSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { version, acknowledgedAt, reference } = parsed.data;
  return runStep(db, actor, changeId, version, async (_tx, row) => {
    if (row.status === "planned") {
      return refuse(
        409,
        "server_chain.out_of_order",
        "Record when Thales was notified first: Thales can only acknowledge a change it was told about.",
      );
    }
    if (row.status === "acknowledged") {
      return refuse(
        409,
        "server_chain.out_of_order",
        `Thales' acknowledgement was already recorded: ${isoDay(row.acknowledgedAt!)}, reference ${row.acknowledgementRef ?? "—"}.`,
      );
    }
    if (atMidnight(acknowledgedAt) < row.notifiedAt!) {
      const message = `Thales cannot have acknowledged before it was notified (on ${isoDay(row.notifiedAt!)}): check the date.`;
      return refuse(422, "server_chain.acknowledged_before_notified", message, {
        acknowledgedAt: message,
      });
    }
    return {
      action: "acknowledge",
      data: {
        status: "acknowledged",
        acknowledgedAt: atMidnight(acknowledgedAt),
        acknowledgedBy: actor.label,
        acknowledgementRef: reference,
      },
      summary: { acknowledgedAt, reference },
    };
  });
}

/**
 * Step 4: we switched to the new chain. Refused unless Thales was notified on or before the
 * switch date; an admin may override that with a reason (stored and audited). In the same
 * transaction the environment's our-server-chain store is replaced by the change's chain.
 */
export async function markServerChainSwitched(
  db: Db,
  actor: Actor,
  changeId: string,
  input: { version?: unknown; switchedAt?: unknown; overrideReason?: unknown },
): Promise<ServerChainResult> {
  const parsed = switchSchema.safeParse({
    ...input,
    overrideReason: input.overrideReason ?? undefined,
  });
  if (!parsed.success) return invalid(parsed.error);
  const { version, switchedAt, overrideReason } = parsed.data;
  const switchedOn = atMidnight(switchedAt);
  return runStep(db, actor, changeId, version, async (tx, row) => {
    await lockEnvironment(tx, row.environmentId);
    const notifiedInTime = row.notifiedAt !== null && row.notifiedAt <= switchedOn;
    if (!notifiedInTime) {
      const why = row.notifiedAt
        ? `Thales was notified on ${isoDay(row.notifiedAt)}, after the switch date ${switchedAt}`
        : "Thales has not been notified of this change";
      if (actor.role !== "admin") {
        return refuse(
          409,
          "server_chain.not_notified",
          `${why}. Thales must be notified before we change our server CA or chain: record the notification first. Only an admin can override this, with a reason.`,
        );
      }
      if (!overrideReason) {
        const message = `${why}. As an admin you can override this, but only with a reason: say why the switch could not wait for the notification.`;
        return refuse(422, "server_chain.override_reason_required", message, {
          overrideReason: message,
        });
      }
    }
    const override = notifiedInTime ? null : overrideReason;
    return {
      action: "switch",
      data: {
        status: "switched",
        switchedAt: switchedOn,
        switchedBy: actor.label,
        overrideReason: override,
      },
      summary: {
        switchedAt,
        notifiedAt: row.notifiedAt ? isoDay(row.notifiedAt) : null,
        acknowledgedAt: row.acknowledgedAt ? isoDay(row.acknowledgedAt) : null,
        acknowledgementRef: row.acknowledgementRef,
        override: override ? { reason: override } : null,
      },
      also: (t, r) => replaceStore(t, actor, r),
    };
  });
}

/** Cancels an open change (it will not happen), with a reason kept in its notes and the audit. */
export async function cancelServerChainChange(
  db: Db,
  actor: Actor,
  changeId: string,
  input: { version?: unknown; reason?: unknown },
): Promise<ServerChainResult> {
  const parsed = cancelSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { version, reason } = parsed.data;
  const now = new Date();
  return runStep(db, actor, changeId, version, async (_tx, row) => ({
    action: "cancel",
    data: {
      status: "cancelled" satisfies ServerChainStatus,
      cancelledAt: now,
      notes: `${row.notes ? `${row.notes}\n\n` : ""}Cancelled on ${isoDay(now)} by ${actor.label}: ${reason}`,
    },
    summary: { reason },
  }));
}
