import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import { parseSigningPublicKey, SIGNING_KEY_ALG, type SigningKeyProblemCode } from "./jwk";
import { toSigningKeyDto, type SigningKeyDto } from "./dto";
import { isoDayOrNull } from "@/lib/dates";
import type { Refusal } from "@/lib/refusal";

export type SigningKeyOrigin = "browser" | "registered";

export type RegisterSigningKeyResult =
  | { ok: true; key: SigningKeyDto }
  | (Refusal<404 | 409 | 422, SigningKeyProblemCode | "not_found" | "signing_key.duplicate"> & {
      keyExposed?: boolean;
    });

async function duplicateMessage(
  db: Db,
  thumbprint: string,
  environmentId: string,
): Promise<string> {
  const existing = await db.signingKey.findUnique({
    where: { thumbprint },
    select: {
      environmentId: true,
      retiredAt: true,
      environment: { select: { code: true, gateway: { select: { merchantGatewayId: true } } } },
    },
  });
  if (!existing) return "This public key is already registered.";
  const where = `${existing.environment.gateway.merchantGatewayId} ${existing.environment.code}`;
  if (existing.environmentId !== environmentId) {
    return `This public key is already registered for ${where}. PPR and PRD never share key material: generate a new key pair for each environment.`;
  }
  return existing.retiredAt
    ? "This public key was registered here before and has been retired. A rotation needs a new key pair."
    : "This public key is already registered for this environment.";
}

/**
 * Stores the public half of an ES256 signing key, with one audit record, or stores nothing. The
 * JWK and thumbprint are derived here from the PEM; nothing the client computed is trusted.
 */
export async function registerSigningKey(
  db: Db,
  actor: Actor,
  input: { environmentId: string; publicKeyPem: string; origin: SigningKeyOrigin },
): Promise<RegisterSigningKeyResult> {
  const environment = await db.environment.findUnique({
    where: { id: input.environmentId },
    include: { gateway: true },
  });
  if (!environment)
    return { ok: false, status: 404, code: "not_found", message: "No such environment." };
  const intake = await parseSigningPublicKey(input.publicKeyPem);
  if (!intake.ok) {
    return {
      ok: false,
      status: 422,
      code: intake.problem.code,
      message: intake.problem.message,
      ...(intake.keyExposed ? { keyExposed: true } : {}),
    };
  }
  const { key } = intake;
  const duplicate = async (): Promise<RegisterSigningKeyResult> => ({
    ok: false,
    status: 409,
    code: "signing_key.duplicate",
    message: await duplicateMessage(db, key.thumbprint, environment.id),
  });
  if (
    await db.signingKey.findUnique({ where: { thumbprint: key.thumbprint }, select: { id: true } })
  )
    return duplicate();
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.signingKey.create({
        data: {
          environmentId: environment.id,
          alg: SIGNING_KEY_ALG,
          publicKeyPem: key.publicKeyPem,
          jwk: key.jwk,
          thumbprint: key.thumbprint,
          createdById: actor.id,
          createdByLabel: actor.label,
        },
      });
      await appendAudit(tx, actor, {
        action: "signing_key.create",
        objectType: "signing_key",
        objectId: created.id,
        gatewayId: environment.gatewayId,
        environmentId: environment.id,
        summary: { alg: SIGNING_KEY_ALG, kid: key.thumbprint, origin: input.origin },
      });
      return created;
    });
    return { ok: true, key: toSigningKeyDto(row, environment.gateway.keyRotationDays) };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return duplicate();
  }
}

export type SigningKeyChange = { ok: true; retired?: string[] } | { ok: false; message: string };

async function retireInTx(
  tx: Tx,
  actor: Actor,
  key: { id: string; thumbprint: string; environmentId: string; gatewayId: string },
  reason: string,
  now: Date,
) {
  // The retiredAt condition makes a concurrent retirement lose cleanly instead of overwriting.
  const updated = await tx.signingKey.updateMany({
    where: { id: key.id, retiredAt: null },
    data: { retiredAt: now, retiredBy: actor.label },
  });
  if (updated.count === 0) return false;
  await appendAudit(tx, actor, {
    action: "signing_key.retire",
    objectType: "signing_key",
    objectId: key.id,
    gatewayId: key.gatewayId,
    environmentId: key.environmentId,
    summary: { kid: key.thumbprint, reason },
  });
  return true;
}

/**
 * Records the day Thales onboarded the key. It becomes the environment's active key: the
 * previously active (onboarded, not retired) keys of the environment are retired, each audited.
 */
export async function markSigningKeyOnboarded(
  db: Db,
  actor: Actor,
  id: string,
  onboardedOn: string,
): Promise<SigningKeyChange> {
  const onboardedAt = new Date(`${onboardedOn}T00:00:00Z`);
  return db.$transaction(async (tx) => {
    const key = await tx.signingKey.findUnique({
      where: { id },
      include: { environment: { select: { gatewayId: true } } },
    });
    if (!key) return { ok: false, message: "This signing key no longer exists." };
    if (key.retiredAt)
      return {
        ok: false,
        message: "This key is retired; it cannot be onboarded. Generate a new key.",
      };
    const updated = await tx.signingKey.updateMany({
      where: { id, onboardedAt: null, retiredAt: null },
      data: { onboardedAt, onboardedBy: actor.label },
    });
    if (updated.count === 0) {
      return {
        ok: false,
        message: `This key was already marked onboarded on ${isoDayOrNull(key.onboardedAt) ?? "another day"}.`,
      };
    }
    const gatewayId = key.environment.gatewayId;
    const previous = await tx.signingKey.findMany({
      where: {
        environmentId: key.environmentId,
        id: { not: id },
        retiredAt: null,
        onboardedAt: { not: null },
      },
      orderBy: { createdAt: "asc" },
    });
    const now = new Date();
    const retired: string[] = [];
    for (const old of previous) {
      if (
        await retireInTx(
          tx,
          actor,
          { ...old, gatewayId },
          `Replaced by ${key.thumbprint}, onboarded with Thales on ${onboardedOn}.`,
          now,
        )
      )
        retired.push(old.thumbprint);
    }
    await appendAudit(tx, actor, {
      action: "signing_key.onboard",
      objectType: "signing_key",
      objectId: id,
      gatewayId,
      environmentId: key.environmentId,
      summary: {
        kid: key.thumbprint,
        onboardedAt: onboardedOn,
        ...(retired.length ? { retired } : {}),
      },
    });
    return { ok: true, retired };
  });
}

/** Takes a key out of use by hand (it was never onboarded, or Thales removed it), with a reason. */
export async function retireSigningKey(
  db: Db,
  actor: Actor,
  id: string,
  reason: string,
): Promise<SigningKeyChange> {
  return db.$transaction(async (tx) => {
    const key = await tx.signingKey.findUnique({
      where: { id },
      include: { environment: { select: { gatewayId: true } } },
    });
    if (!key) return { ok: false, message: "This signing key no longer exists." };
    const done = await retireInTx(
      tx,
      actor,
      { ...key, gatewayId: key.environment.gatewayId },
      reason,
      new Date(),
    );
    return done ? { ok: true } : { ok: false, message: "This key is already retired." };
  });
}
