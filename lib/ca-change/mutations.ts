import "server-only";
import type { Db } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Actor } from "@/lib/auth/actor";
import type { ParsedCertificate } from "@/lib/pki";
import { TRUST_STORE_KINDS } from "@/lib/trust-store/kinds";
import type { ClientCaChangeInput } from "./schema";
import type { Refusal } from "@/lib/refusal";

export type RecordResult =
  | { ok: true; id: string }
  | (Refusal<404 | 409 | 422> & { field?: string });

/**
 * Records a new Thales Client CA as received. One certificate, and a CA: a leaf here would be
 * D1's client certificate itself, and trusting it is pinning (DOMAIN.md).
 */
export async function recordClientCaChange(
  db: Db,
  actor: Actor,
  environmentId: string,
  certificates: ParsedCertificate[],
  input: ClientCaChangeInput,
): Promise<RecordResult> {
  if (certificates.length !== 1) {
    return {
      ok: false,
      status: 422,
      code: "one_certificate",
      field: "certificate",
      message: `Send exactly one CA certificate (this has ${certificates.length}). Record each new CA as its own change.`,
    };
  }
  const cert = certificates[0]!;
  if (!cert.isCa)
    return {
      ok: false,
      status: 422,
      code: "leaf_pinning",
      field: "certificate",
      message: TRUST_STORE_KINDS["thales-client-ca"].leafRefusal,
    };
  if (input.replacesSha256 === cert.sha256) {
    return {
      ok: false,
      status: 422,
      code: "replaces_itself",
      field: "replacesSha256",
      message: "A CA cannot replace itself: name the old CA's fingerprint.",
    };
  }
  const environment = await db.environment.findUnique({
    where: { id: environmentId },
    select: { gatewayId: true, code: true },
  });
  if (!environment)
    return { ok: false, status: 404, code: "not_found", message: "No such environment." };
  try {
    const id = await db.$transaction(async (tx) => {
      const created = await tx.clientCaChange.create({
        data: {
          environmentId,
          der: new Uint8Array(cert.der),
          sha256: cert.sha256,
          subjectDn: cert.subjectDn,
          issuerDn: cert.issuerDn,
          notBefore: cert.notBefore,
          notAfter: cert.notAfter,
          source: input.source,
          receivedAt: input.receivedAt,
          effectiveAt: input.effectiveAt ?? null,
          replacesSha256: input.replacesSha256 ?? null,
          notes: input.notes,
          createdById: actor.id,
          createdByLabel: actor.label,
        },
      });
      await appendAudit(tx, actor, {
        action: "client_ca_change.record",
        objectType: "client_ca_change",
        objectId: created.id,
        gatewayId: environment.gatewayId,
        environmentId,
        summary: {
          env: environment.code,
          sha256: cert.sha256,
          subject: cert.subjectDn,
          source: input.source,
          receivedAt: input.receivedAt.toISOString(),
          effectiveAt: input.effectiveAt?.toISOString() ?? null,
          replacesSha256: input.replacesSha256 ?? null,
        },
      });
      return created.id;
    });
    return { ok: true, id };
  } catch (error) {
    if (isUniqueViolation(error))
      return {
        ok: false,
        status: 409,
        code: "duplicate",
        field: "certificate",
        message: "This CA is already recorded as a change for this environment.",
      };
    throw error;
  }
}
