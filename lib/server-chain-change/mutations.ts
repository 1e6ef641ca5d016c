import "server-only";
import type { z } from "zod";
import type { Db, Tx } from "@/lib/db/client";
import type { Prisma, ServerChainChange } from "@/lib/db/generated/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import { isPkiInputError, parseCertificateBundle, toPem, type ParsedCertificate } from "@/lib/pki";
import { serverChainVerdict } from "@/lib/trust-store/server-chain";
import { trustEntryRow } from "@/lib/trust-store/mutations";
import { fieldErrors } from "@/lib/validation/field-errors";
import {
  acknowledgeSchema,
  cancelSchema,
  notifySchema,
  planServerChainSchema,
  switchSchema,
} from "./schema";
import {
  OPEN_STATUSES,
  toServerChainChangeDto,
  type ServerChainChangeDto,
  type ServerChainStatus,
  type ServerChainSummary,
} from "./dto";

export type ServerChainRefusal = {
  ok: false;
  status: 404 | 409 | 422;
  code: string;
  message: string;
  fields?: Record<string, string>;
};
export type ServerChainResult = { ok: true; change: ServerChainChangeDto } | ServerChainRefusal;

const STORE = "our-server-chain";
const day = (d: Date) => d.toISOString().slice(0, 10);
const atMidnight = (d: string) => new Date(`${d}T00:00:00Z`);
const refuse = (
  status: ServerChainRefusal["status"],
  code: string,
  message: string,
  fields?: Record<string, string>,
): ServerChainRefusal => ({
  ok: false,
  status,
  code,
  message,
  ...(fields ? { fields } : {}),
});

function invalid(error: z.ZodError): ServerChainRefusal {
  const fields = fieldErrors(error);
  return refuse(422, "invalid_body", Object.values(fields).join(" "), fields);
}

const label = (cert: { subject: { CN?: string }; subjectDn: string }) =>
  cert.subject.CN ?? cert.subjectDn;

/** Parses the new chain and checks it holds exactly one server certificate, still valid, for TLS servers. */
async function readChain(
  input: string | Uint8Array,
): Promise<
  { ok: true; leaf: ParsedCertificate; certificates: ParsedCertificate[] } | ServerChainRefusal
> {
  let bundle: Awaited<ReturnType<typeof parseCertificateBundle>>;
  try {
    bundle = await parseCertificateBundle(input);
  } catch (error) {
    if (!isPkiInputError(error)) throw error;
    if (error.code === "private_key") {
      return refuse(
        422,
        "private_key_exposed",
        "This contains a PRIVATE KEY. Nothing was stored. Treat that key as exposed and replace it; send only the certificates of the chain.",
      );
    }
    return refuse(422, `input.${error.code}`, error.message);
  }
  const leaves = bundle.certificates.filter((c) => !c.isCa);
  if (leaves.length === 0) {
    return refuse(
      422,
      "server_chain.no_leaf",
      "This chain holds only CA certificates: include our server (leaf) certificate first, then its intermediate CAs.",
    );
  }
  if (!bundle.leaf) {
    return refuse(
      422,
      "server_chain.several_leaves",
      `This holds ${leaves.length} end-entity certificates (${leaves.map(label).join(", ")}): a server chain has exactly one, our server certificate, followed by the CAs that issued it.`,
    );
  }
  const leaf = bundle.leaf;
  if (leaf.extendedKeyUsage.length > 0 && !leaf.extendedKeyUsage.includes("serverAuth")) {
    return refuse(
      422,
      "server_chain.not_server_certificate",
      `${label(leaf)} is not a TLS server certificate: its extended key usage is ${leaf.extendedKeyUsage.join(", ")}, without serverAuth. Check you picked our server certificate.`,
    );
  }
  if (leaf.notAfter.getTime() <= Date.now()) {
    return refuse(
      422,
      "server_chain.leaf_expired",
      `Our server certificate in this chain (${label(leaf)}) expired on ${day(leaf.notAfter)}: switching to it would break D1's calls to us.`,
    );
  }
  return { ok: true, leaf, certificates: [leaf, ...bundle.chain] };
}

function summarise(
  certificates: ParsedCertificate[],
  verdict: ServerChainSummary["verdict"],
): ServerChainSummary {
  return {
    leafSha256: certificates[0]!.sha256,
    verdict,
    certificates: certificates.map((c) => ({
      subject: c.subjectDn,
      issuer: c.issuerDn,
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
      sha256: c.sha256,
      isCa: c.isCa,
    })),
  };
}

/** Serialises the writes that touch one environment's server chain (plans and switches). */
async function lockEnvironment(tx: Tx, environmentId: string) {
  await tx.$executeRaw`SELECT id FROM environment WHERE id = ${environmentId} FOR UPDATE`;
}

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
        `A server chain change is already open here (planned for ${day(open.plannedAt)}, ${open.status}): switch or cancel it before planning another.`,
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
          notAfter: day(chain.leaf.notAfter),
        },
        certificates: chain.certificates.map((c) => c.sha256),
      },
    });
    return { ok: true, change: toServerChainChangeDto(created) };
  });
}

type Row = ServerChainChange & { environment: { gatewayId: string } };
type Write = {
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
      `This change was cancelled on ${day(row.cancelledAt ?? row.updatedAt)}: nothing more can be recorded on it. Plan a new change if the chain is still to change.`,
    );
  }
  if (row.status === "switched") {
    return refuse(
      409,
      "server_chain.closed",
      `This change was already switched on ${day(row.switchedAt!)} by ${row.switchedBy ?? "?"}: nothing more can be recorded on it.`,
    );
  }
  return null;
}

/**
 * One step of a change, in one transaction: the change must exist, the form must be of its
 * current version, the change must be open and at a state where the step applies. Refusals
 * write nothing; a step that runs bumps the version and is audited once.
 */
async function runStep(
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
        `Thales' notification was already recorded: notified on ${day(row.notifiedAt!)} by ${row.notifiedBy ?? "?"}.`,
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
        `Thales' acknowledgement was already recorded: ${day(row.acknowledgedAt!)}, reference ${row.acknowledgementRef ?? "—"}.`,
      );
    }
    if (atMidnight(acknowledgedAt) < row.notifiedAt!) {
      const message = `Thales cannot have acknowledged before it was notified (on ${day(row.notifiedAt!)}): check the date.`;
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
        ? `Thales was notified on ${day(row.notifiedAt)}, after the switch date ${switchedAt}`
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
        notifiedAt: row.notifiedAt ? day(row.notifiedAt) : null,
        acknowledgedAt: row.acknowledgedAt ? day(row.acknowledgedAt) : null,
        acknowledgementRef: row.acknowledgementRef,
        override: override ? { reason: override } : null,
      },
      also: (t, r) => replaceStore(t, actor, r),
    };
  });
}

/** Replaces the environment's our-server-chain entries by the change's chain; says what went and came. */
async function replaceStore(tx: Tx, actor: Actor, row: Row): Promise<Record<string, unknown>> {
  const { certificates } = await parseCertificateBundle(row.chainPem);
  const removed = await tx.trustStoreEntry.findMany({
    where: { environmentId: row.environmentId, kind: "our_server_chain" },
    orderBy: { createdAt: "asc" },
  });
  await tx.trustStoreEntry.deleteMany({
    where: { environmentId: row.environmentId, kind: "our_server_chain" },
  });
  await tx.trustStoreEntry.createMany({
    data: certificates.map((cert) =>
      trustEntryRow(actor, row.environmentId, "our_server_chain", cert),
    ),
  });
  return {
    store: STORE,
    removed: removed.map((e) => ({ sha256: e.sha256, subject: e.subjectDn })),
    added: certificates.map((c) => ({ sha256: c.sha256, subject: c.subjectDn })),
  };
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
      notes: `${row.notes ? `${row.notes}\n\n` : ""}Cancelled on ${day(now)} by ${actor.label}: ${reason}`,
    },
    summary: { reason },
  }));
}
