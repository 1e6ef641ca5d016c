import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readValidJson } from "@/lib/api/validated";
import { certificateIn } from "@/lib/api/scoped";
import { revokeSchema } from "@/lib/certificate/schema";
import { revokeCertificate } from "@/lib/certificate/revoke";
import { certificateRevocation } from "@/lib/certificate/data";

export const dynamic = "force-dynamic";

/** Marks the certificate revoked by hand (operator): { reason }. Audited. */
export const POST = apiRoute<{ envId: string; certificateId: string }>(
  "operator",
  async ({ req, db, actor, params }) => {
    const body = await readValidJson(req, revokeSchema, "The revocation", 16 * 1024);
    if (!body.ok) return body.response;
    const found = await certificateIn(db, params.envId, params.certificateId);
    if (!found.ok) return found.response;
    const result = await revokeCertificate(db, actor, found.row.id, body.data.reason);
    if (!result.ok) return apiError(409, "certificate.already_revoked", result.message);
    const row = await certificateRevocation(db, found.row.id);
    return Response.json({
      id: row.id,
      revokedAt: row.revokedAt?.toISOString() ?? null,
      revokedReason: row.revokedReason,
    });
  },
);
