import "server-only";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import { probeConfigFromEnv } from "./config";
import { findProbeTarget, probeTrust } from "./data";
import { runProbe, type ProbeOptions } from "./engine";
import type { ProbeReport } from "./evidence";
import { hostPort, parseProbeTargetInput } from "./targets";
import type { FieldMessages, Refusal } from "@/lib/refusal";

export type ProbeFailure = Refusal<404 | 409 | 422> & { fields?: FieldMessages };

const NO_TARGET: ProbeFailure = {
  ok: false,
  status: 404,
  code: "not_found",
  message: "No such probe target.",
};

/** Adds a target (admins only: the caller checks the role); bad input stores nothing. */
export async function addProbeTarget(db: Db, actor: Actor, environmentId: string, raw: unknown) {
  const parsed = parseProbeTargetInput(raw);
  if (!parsed.ok) {
    return {
      ok: false,
      status: 422,
      code: "invalid",
      message: Object.values(parsed.fields).join(" "),
      fields: parsed.fields,
    } satisfies ProbeFailure;
  }
  const input = parsed.value;
  return db.$transaction(async (tx) => {
    const environment = await tx.environment.findUnique({ where: { id: environmentId } });
    if (!environment)
      return {
        ok: false,
        status: 404,
        code: "not_found",
        message: "No such environment.",
      } satisfies ProbeFailure;
    const existing = await tx.probeTarget.findUnique({
      where: {
        environmentId_direction_host_port: {
          environmentId,
          direction: input.direction,
          host: input.host,
          port: input.port,
        },
      },
    });
    if (existing) {
      return {
        ok: false,
        status: 409,
        code: "duplicate",
        message: `${hostPort(input.host, input.port)} is already an ${input.direction} target of this environment.`,
        fields: { host: "Already a target." },
      } satisfies ProbeFailure;
    }
    const target = await tx.probeTarget.create({
      data: {
        environmentId,
        direction: input.direction,
        host: input.host,
        port: input.port,
        daily: input.daily,
        createdById: actor.id,
        createdByLabel: actor.label,
      },
    });
    await appendAudit(tx, actor, {
      action: "probe_target.add",
      objectType: "probe_target",
      objectId: target.id,
      gatewayId: environment.gatewayId,
      environmentId,
      summary: {
        direction: target.direction,
        host: target.host,
        port: target.port,
        daily: target.daily,
      },
    });
    return { ok: true as const, target };
  });
}

/** Removes a target and, with it, its results (the audit trail keeps that it existed). */
export async function removeProbeTarget(db: Db, actor: Actor, targetId: string) {
  return db.$transaction(async (tx) => {
    const target = await tx.probeTarget.findUnique({
      where: { id: targetId },
      include: { environment: true, _count: { select: { results: true } } },
    });
    if (!target)
      return {
        ok: false,
        status: 404,
        code: "not_found",
        message: "This probe target was already removed.",
      } satisfies ProbeFailure;
    // It proves our server's installation: remove that installation first.
    const installed = await tx.installation.findFirst({
      where: { probeTargetId: targetId, removedAt: null },
      select: { systemName: true },
    });
    if (installed) {
      return {
        ok: false,
        status: 409,
        code: "probe_target.installation",
        message: `This target proves our server's installation "${installed.systemName}" (Custody page): remove that installation first.`,
      } satisfies ProbeFailure;
    }
    // Removed installations keep their host and port; they let go of the target.
    await tx.installation.updateMany({
      where: { probeTargetId: targetId },
      data: { probeTargetId: null },
    });
    await tx.probeTarget.delete({ where: { id: targetId } });
    await appendAudit(tx, actor, {
      action: "probe_target.remove",
      objectType: "probe_target",
      objectId: target.id,
      gatewayId: target.environment.gatewayId,
      environmentId: target.environmentId,
      summary: {
        direction: target.direction,
        host: target.host,
        port: target.port,
        resultsRemoved: target._count.results,
      },
    });
    return { ok: true as const };
  });
}

/** Turns the daily run on or off. */
export async function setProbeDaily(db: Db, actor: Actor, targetId: string, daily: boolean) {
  return db.$transaction(async (tx) => {
    const target = await tx.probeTarget.findUnique({
      where: { id: targetId },
      include: { environment: true },
    });
    if (!target) return NO_TARGET;
    if (target.daily === daily) return { ok: true as const };
    await tx.probeTarget.update({ where: { id: targetId }, data: { daily } });
    await appendAudit(tx, actor, {
      action: "probe_target.daily",
      objectType: "probe_target",
      objectId: target.id,
      gatewayId: target.environment.gatewayId,
      environmentId: target.environmentId,
      summary: { host: target.host, port: target.port, direction: target.direction, daily },
    });
    return { ok: true as const };
  });
}

export type RunOutcome =
  | {
      ok: true;
      result: { id: string; at: Date; ok: boolean; durationMs: number; report: ProbeReport };
    }
  | { ok: true; result: null; skipped: string }
  | ProbeFailure;

/**
 * Probes a target now and stores the result as evidence, with one audit record. The network part
 * runs outside any transaction (it may take seconds); `scheduled` runs store nothing when another
 * instance stored a result for this target meanwhile.
 */
export async function runProbeTarget(
  db: Db,
  actor: Actor,
  targetId: string,
  options: ProbeOptions = probeConfigFromEnv(),
  scheduled = false,
): Promise<RunOutcome> {
  const target = await findProbeTarget(db, targetId);
  if (!target) return NO_TARGET;
  const startedAt = new Date();
  const trust = await probeTrust(db, target.environmentId);
  const { report, ok, durationMs } = await runProbe(
    {
      host: target.host,
      port: target.port,
      direction: target.direction === "outbound" ? "outbound" : "inbound",
    },
    trust,
    options,
  );
  return db.$transaction(async (tx): Promise<RunOutcome> => {
    if (!(await tx.probeTarget.findUnique({ where: { id: targetId }, select: { id: true } }))) {
      return {
        ok: false,
        status: 404,
        code: "not_found",
        message: "The target was removed while it was being probed; nothing was stored.",
      };
    }
    if (
      scheduled &&
      (await tx.probeResult.findFirst({
        where: { targetId, at: { gte: startedAt } },
        select: { id: true },
      }))
    ) {
      return { ok: true, result: null, skipped: "Another instance probed this target meanwhile." };
    }
    const row = await tx.probeResult.create({
      data: {
        targetId,
        at: startedAt,
        ok,
        durationMs,
        result: report as unknown as Prisma.InputJsonObject,
      },
    });
    await appendAudit(tx, actor, {
      action: "probe.run",
      objectType: "probe_target",
      objectId: target.id,
      gatewayId: target.environment.gatewayId,
      environmentId: target.environmentId,
      summary: {
        resultId: row.id,
        target: hostPort(target.host, target.port),
        direction: target.direction,
        scheduled,
        ok,
        durationMs,
        reachable: report.reachable,
        connected: report.connected,
        addressScope: report.addressScope,
        timedOut: report.timedOut,
        tls12: report.tls12.ok,
        tls13: report.tls13.ok,
        chainVerified: report.chain?.verified ?? null,
      },
    });
    return { ok: true, result: { id: row.id, at: row.at, ok, durationMs, report } };
  });
}
