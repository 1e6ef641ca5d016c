import "server-only";
import type { Db } from "@/lib/db/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";

/** Marks a certificate revoked by hand (Thales revoked it, or the key was exposed). */
export async function revokeCertificate(db: Db, actor: Actor, id: string, reason: string) {
  return db.$transaction(async (tx) => {
    const updated = await tx.certificate.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: reason },
    });
    if (updated.count === 0)
      return {
        ok: false as const,
        message: "This certificate is already revoked, or no longer exists.",
      };
    const cert = await tx.certificate.findUniqueOrThrow({
      where: { id },
      include: { environment: true },
    });
    await appendAudit(tx, actor, {
      action: "certificate.revoke",
      objectType: "certificate",
      objectId: id,
      gatewayId: cert.environment.gatewayId,
      environmentId: cert.environmentId,
      summary: { commonName: cert.commonName, serial: cert.serialNumber, reason },
    });
    return { ok: true as const };
  });
}
