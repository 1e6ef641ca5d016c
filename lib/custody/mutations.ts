import "server-only";
import type { Db } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import { isoDay } from "@/lib/dates";
import type { FieldMessages, Refusal } from "@/lib/refusal";

export type CustodyResult = { ok: true; id: string } | (Refusal & { fields?: FieldMessages });

/**
 * Names a user custodian of an environment (admins; the caller checks the role). A custodian
 * removed earlier comes back with a fresh assignment and no acknowledgement: they acknowledge again.
 */
export async function assignCustodian(
  db: Db,
  actor: Actor,
  environmentId: string,
  userId: string,
): Promise<CustodyResult> {
  return db.$transaction(async (tx): Promise<CustodyResult> => {
    const environment = await tx.environment.findUnique({
      where: { id: environmentId },
      select: { gatewayId: true, code: true },
    });
    if (!environment)
      return { ok: false, status: 404, code: "not_found", message: "No such environment." };
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { email: true, disabledAt: true },
    });
    if (!user)
      return {
        ok: false,
        status: 422,
        code: "custody.unknown_user",
        message: "No user has this id.",
        fields: { userId: "No user has this id." },
      };
    if (user.disabledAt)
      return {
        ok: false,
        status: 422,
        code: "custody.user_disabled",
        message: `${user.email} is disabled and cannot be a custodian.`,
        fields: { userId: "This user is disabled." },
      };
    const existing = await tx.environmentCustodian.findUnique({
      where: { environmentId_userId: { environmentId, userId } },
    });
    if (existing && !existing.removedAt)
      return {
        ok: false,
        status: 409,
        code: "custody.already_custodian",
        message: `${user.email} is already a custodian of ${environment.code}.`,
        fields: { userId: "Already a custodian." },
      };
    const now = new Date();
    const row = existing
      ? await tx.environmentCustodian.update({
          where: { id: existing.id },
          data: {
            assignedAt: now,
            assignedBy: actor.label,
            acknowledgedAt: null,
            removedAt: null,
            removedBy: null,
          },
        })
      : await tx.environmentCustodian.create({
          data: { environmentId, userId, assignedAt: now, assignedBy: actor.label },
        });
    await appendAudit(tx, actor, {
      action: "custodian.assign",
      objectType: "environment_custodian",
      objectId: row.id,
      gatewayId: environment.gatewayId,
      environmentId,
      summary: { env: environment.code, userId, email: user.email },
    });
    return { ok: true, id: row.id };
  });
}

/** Ends a custodianship (admins); the row stays, with who removed it and when. */
export async function removeCustodian(
  db: Db,
  actor: Actor,
  environmentId: string,
  userId: string,
): Promise<CustodyResult> {
  return db.$transaction(async (tx): Promise<CustodyResult> => {
    const row = await tx.environmentCustodian.findUnique({
      where: { environmentId_userId: { environmentId, userId } },
      include: {
        environment: { select: { gatewayId: true, code: true } },
        user: { select: { email: true } },
      },
    });
    if (!row || row.removedAt)
      return {
        ok: false,
        status: 404,
        code: "not_found",
        message: "This user is not a custodian of this environment.",
      };
    await tx.environmentCustodian.update({
      where: { id: row.id },
      data: { removedAt: new Date(), removedBy: actor.label },
    });
    await appendAudit(tx, actor, {
      action: "custodian.remove",
      objectType: "environment_custodian",
      objectId: row.id,
      gatewayId: row.environment.gatewayId,
      environmentId,
      summary: {
        env: row.environment.code,
        userId,
        email: row.user.email,
        acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
      },
    });
    return { ok: true, id: row.id };
  });
}

/**
 * A custodian acknowledges their duties. Only that person, signed in: an admin, a token or the
 * CLI cannot acknowledge for them.
 */
export async function acknowledgeCustody(
  db: Db,
  actor: Actor,
  environmentId: string,
): Promise<CustodyResult> {
  if (actor.type !== "user" || !actor.id)
    return {
      ok: false,
      status: 403,
      code: "custody.only_the_custodian",
      message: "Only the custodian, signed in, can acknowledge their own duties.",
    };
  const userId = actor.id;
  return db.$transaction(async (tx): Promise<CustodyResult> => {
    const row = await tx.environmentCustodian.findUnique({
      where: { environmentId_userId: { environmentId, userId } },
      include: { environment: { select: { gatewayId: true, code: true } } },
    });
    if (!row || row.removedAt)
      return {
        ok: false,
        status: 403,
        code: "custody.only_the_custodian",
        message:
          "You are not a custodian of this environment: only a custodian acknowledges their own duties.",
      };
    if (row.acknowledgedAt)
      return {
        ok: false,
        status: 409,
        code: "custody.already_acknowledged",
        message: `You acknowledged these duties on ${isoDay(row.acknowledgedAt)}.`,
      };
    const now = new Date();
    await tx.environmentCustodian.update({ where: { id: row.id }, data: { acknowledgedAt: now } });
    await appendAudit(tx, actor, {
      action: "custodian.acknowledge",
      objectType: "environment_custodian",
      objectId: row.id,
      gatewayId: row.environment.gatewayId,
      environmentId,
      summary: { env: row.environment.code, userId, acknowledgedAt: now.toISOString() },
    });
    return { ok: true, id: row.id };
  });
}
