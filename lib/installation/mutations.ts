import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import { hasRole, type Actor } from "@/lib/auth/actor";
import { checkHost, hostPort } from "@/lib/probe/targets";
import {
  INSTALLATION_KINDS,
  kindSlugOf,
  type InstallationFields,
  type InstallationOwner,
  type UpdateInstallationInput,
} from "./schema";
import type { FieldMessages, Refusal } from "@/lib/refusal";

export type InstallationFailure = Refusal & { fields?: FieldMessages };
export type InstallationResult = { ok: true; id: string; version: number } | InstallationFailure;

const fail = (
  status: InstallationFailure["status"],
  code: string,
  message: string,
  field?: string,
): InstallationFailure => ({
  ok: false,
  status,
  code,
  message,
  ...(field ? { fields: { [field]: message } } : {}),
});

/** A custodian must be a user who can still act: a disabled account holds nothing new. */
async function checkCustodian(
  tx: Tx,
  custodianId: string | null | undefined,
): Promise<InstallationFailure | null> {
  if (!custodianId) return null;
  const user = await tx.user.findUnique({
    where: { id: custodianId },
    select: { disabledAt: true, email: true },
  });
  if (!user)
    return fail(
      422,
      "installation.custodian_unknown",
      "No user has this id: choose the custodian among the users.",
      "custodianId",
    );
  if (user.disabledAt)
    return fail(
      422,
      "installation.custodian_disabled",
      `${user.email} is disabled and cannot be a custodian.`,
      "custodianId",
    );
  return null;
}

/** Where the installation hangs: a client certificate, a signing key (of this environment), or our server. */
async function resolveOwner(tx: Tx, environmentId: string, of: InstallationOwner) {
  if ("certificateId" in of) {
    const cert = await tx.certificate.findUnique({
      where: { id: of.certificateId },
      select: { environmentId: true, commonName: true, revokedAt: true },
    });
    if (!cert || cert.environmentId !== environmentId)
      return {
        ok: false as const,
        failure: fail(404, "not_found", "No such certificate in this environment."),
      };
    return {
      ok: true as const,
      data: { certificateId: of.certificateId },
      what: { certificateId: of.certificateId, commonName: cert.commonName },
    };
  }
  if ("signingKeyId" in of) {
    const key = await tx.signingKey.findUnique({
      where: { id: of.signingKeyId },
      select: { environmentId: true, thumbprint: true },
    });
    if (!key || key.environmentId !== environmentId)
      return {
        ok: false as const,
        failure: fail(404, "not_found", "No such signing key in this environment."),
      };
    return {
      ok: true as const,
      data: { signingKeyId: of.signingKeyId },
      what: { signingKeyId: of.signingKeyId, thumbprint: key.thumbprint },
    };
  }
  return { ok: true as const, data: {}, what: { serverChain: true } };
}

/**
 * Our server's installation is the outbound probe target at host:port, which proves it: reuse it,
 * or create it. Creating one is an admin's choice (probes open connections from our server, ADR
 * 0015), so an operator may only name a target that exists.
 */
async function outboundTarget(
  tx: Tx,
  actor: Actor,
  environmentId: string,
  host: string,
  port: number,
) {
  const existing = await tx.probeTarget.findUnique({
    where: {
      environmentId_direction_host_port: { environmentId, direction: "outbound", host, port },
    },
  });
  if (existing) return { ok: true as const, id: existing.id, created: false };
  if (!hasRole(actor.role, "admin")) {
    return {
      ok: false as const,
      failure: fail(
        403,
        "installation.target_needs_admin",
        `${hostPort(host, port)} is not an outbound probe target yet, and only an admin may add one (a probe opens connections from our server). Ask an admin, or add the target on the Probes page first.`,
        "host",
      ),
    };
  }
  const target = await tx.probeTarget.create({
    data: {
      environmentId,
      direction: "outbound",
      host,
      port,
      createdById: actor.id,
      createdByLabel: actor.label,
    },
  });
  return { ok: true as const, id: target.id, created: true };
}

type Snapshotable = Omit<InstallationFields, "port"> & { port?: number | null };
const snapshot = (f: Snapshotable) => ({
  systemName: f.systemName,
  host: f.host,
  port: f.port ?? null,
  kind: f.kind,
  location: f.location,
  notes: f.notes,
  custodianId: f.custodianId ?? null,
});

/** Records where a certificate, a signing key or our server chain is installed; audited. */
export async function addInstallation(
  db: Db,
  actor: Actor,
  environmentId: string,
  of: InstallationOwner,
  input: InstallationFields,
): Promise<InstallationResult> {
  const serverChain = "serverChain" in of;
  if (serverChain && input.kind !== "host-port") {
    return fail(
      422,
      "installation.server_needs_host_port",
      "Our server is installed at a host:port (the address D1 calls): choose the kind host:port.",
      "kind",
    );
  }
  let host = input.host;
  if (input.kind === "host-port") {
    const checked = checkHost(input.host);
    if (!checked.ok) return fail(422, "installation.bad_host", checked.message, "host");
    host = checked.host;
  }
  return db.$transaction(async (tx): Promise<InstallationResult> => {
    const environment = await tx.environment.findUnique({
      where: { id: environmentId },
      select: { gatewayId: true, code: true },
    });
    if (!environment) return fail(404, "not_found", "No such environment.");
    const owner = await resolveOwner(tx, environmentId, of);
    if (!owner.ok) return owner.failure;
    const custodian = await checkCustodian(tx, input.custodianId);
    if (custodian) return custodian;
    let probeTargetId: string | null = null;
    let targetCreated = false;
    if (serverChain) {
      const target = await outboundTarget(tx, actor, environmentId, host, input.port!);
      if (!target.ok) return target.failure;
      probeTargetId = target.id;
      targetCreated = target.created;
      const twin = await tx.installation.findFirst({
        where: { probeTargetId, removedAt: null },
        select: { id: true },
      });
      if (twin)
        return fail(
          409,
          "installation.duplicate",
          `${hostPort(host, input.port!)} is already recorded as our server's installation.`,
          "host",
        );
    }
    const created = await tx.installation.create({
      data: {
        environmentId,
        ...owner.data,
        probeTargetId,
        kind: INSTALLATION_KINDS[input.kind].db,
        systemName: input.systemName,
        host,
        port: input.port ?? null,
        location: input.location,
        notes: input.notes,
        custodianId: input.custodianId ?? null,
        createdById: actor.id,
        createdByLabel: actor.label,
      },
    });
    if (targetCreated) {
      await appendAudit(tx, actor, {
        action: "probe_target.add",
        objectType: "probe_target",
        objectId: probeTargetId,
        gatewayId: environment.gatewayId,
        environmentId,
        summary: {
          direction: "outbound",
          host,
          port: input.port,
          daily: false,
          forInstallation: created.id,
        },
      });
    }
    await appendAudit(tx, actor, {
      action: "installation.add",
      objectType: "installation",
      objectId: created.id,
      gatewayId: environment.gatewayId,
      environmentId,
      summary: {
        env: environment.code,
        of: owner.what,
        ...snapshot({ ...input, host }),
        probeTargetId,
      },
    });
    return { ok: true, id: created.id, version: created.version };
  });
}

/** Edits an installation if nobody changed it since `version` was read; the audit names what changed. */
export async function updateInstallation(
  db: Db,
  actor: Actor,
  installationId: string,
  input: UpdateInstallationInput,
): Promise<InstallationResult> {
  return db.$transaction(async (tx): Promise<InstallationResult> => {
    const before = await tx.installation.findUnique({
      where: { id: installationId },
      include: { environment: { select: { gatewayId: true, code: true } } },
    });
    if (!before) return fail(404, "not_found", "No such installation.");
    if (before.removedAt)
      return fail(
        409,
        "installation.removed",
        "This installation was removed; record a new one instead.",
      );
    const server = before.probeTargetId !== null;
    if (server && input.kind !== "host-port")
      return fail(
        422,
        "installation.server_needs_host_port",
        "Our server's installation stays a host:port.",
        "kind",
      );
    let host = input.host;
    if (input.kind === "host-port") {
      const checked = checkHost(input.host);
      if (!checked.ok) return fail(422, "installation.bad_host", checked.message, "host");
      host = checked.host;
    }
    if (server && (host !== before.host || input.port !== before.port)) {
      return fail(
        422,
        "installation.server_address_fixed",
        "Our server's address is its probe target: remove this installation and record the new address instead.",
        "host",
      );
    }
    const custodian = await checkCustodian(tx, input.custodianId);
    if (custodian) return custodian;
    const { version, ...fields } = input;
    const after = snapshot({ ...fields, host });
    const previous = snapshot({ ...before, kind: kindSlugOf(before.kind) });
    const updated = await tx.installation.updateMany({
      where: { id: installationId, version, removedAt: null },
      data: {
        kind: INSTALLATION_KINDS[input.kind].db,
        systemName: after.systemName,
        host,
        port: after.port,
        location: after.location,
        notes: after.notes,
        custodianId: after.custodianId,
        version: { increment: 1 },
      },
    });
    if (updated.count === 0)
      return fail(
        409,
        "installation.stale",
        "Someone else changed this installation meanwhile. Reload to see their change.",
      );
    const changed = Object.fromEntries(
      Object.entries(after)
        .filter(([key, value]) => (previous as Record<string, unknown>)[key] !== value)
        .map(([key, value]) => [
          key,
          { from: (previous as Record<string, unknown>)[key], to: value },
        ]),
    );
    await appendAudit(tx, actor, {
      action: "installation.update",
      objectType: "installation",
      objectId: installationId,
      gatewayId: before.environment.gatewayId,
      environmentId: before.environmentId,
      summary: { env: before.environment.code, systemName: after.systemName, changed },
    });
    return { ok: true, id: installationId, version: version + 1 };
  });
}

/** Takes an installation out of the inventory; the row stays (removedAt) as evidence. */
export async function removeInstallation(
  db: Db,
  actor: Actor,
  installationId: string,
  version: number,
): Promise<InstallationResult> {
  return db.$transaction(async (tx): Promise<InstallationResult> => {
    const before = await tx.installation.findUnique({
      where: { id: installationId },
      include: { environment: { select: { gatewayId: true, code: true } } },
    });
    if (!before) return fail(404, "not_found", "No such installation.");
    if (before.removedAt)
      return fail(409, "installation.removed", "This installation was already removed.");
    const updated = await tx.installation.updateMany({
      where: { id: installationId, version, removedAt: null },
      data: { removedAt: new Date(), removedBy: actor.label, version: { increment: 1 } },
    });
    if (updated.count === 0)
      return fail(
        409,
        "installation.stale",
        "Someone else changed this installation meanwhile. Reload to see their change.",
      );
    await appendAudit(tx, actor, {
      action: "installation.remove",
      objectType: "installation",
      objectId: installationId,
      gatewayId: before.environment.gatewayId,
      environmentId: before.environmentId,
      summary: {
        env: before.environment.code,
        systemName: before.systemName,
        host: before.host,
        port: before.port,
        location: before.location,
        certificateId: before.certificateId,
        signingKeyId: before.signingKeyId,
        probeTargetId: before.probeTargetId,
      },
    });
    return { ok: true, id: installationId, version: version + 1 };
  });
}
