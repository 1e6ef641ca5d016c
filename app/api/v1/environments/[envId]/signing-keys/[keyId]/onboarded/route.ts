import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readValidJson } from "@/lib/api/validated";
import { signingKeyIn } from "@/lib/api/scoped";
import { onboardSigningKeySchema } from "@/lib/signing-key/schema";
import { markSigningKeyOnboarded } from "@/lib/signing-key/mutations";
import { toSigningKeyDto } from "@/lib/signing-key/dto";
import { getSigningKeyWithRotation } from "@/lib/signing-key/data";

export const dynamic = "force-dynamic";

/** Thales confirmed the key (operator): { onboardedAt: "YYYY-MM-DD" }. The key it replaces is retired with it. Audited. */
export const POST = apiRoute<{ envId: string; keyId: string }>(
  "operator",
  async ({ req, db, actor, params }) => {
    const body = await readValidJson(req, onboardSigningKeySchema, "The change", 16 * 1024);
    if (!body.ok) return body.response;
    const found = await signingKeyIn(db, params.envId, params.keyId);
    if (!found.ok) return found.response;
    const result = await markSigningKeyOnboarded(db, actor, found.row.id, body.data.onboardedAt);
    if (!result.ok) return apiError(409, "signing_key.wrong_state", result.message);
    const key = await getSigningKeyWithRotation(db, found.row.id);
    return Response.json({
      ...toSigningKeyDto(key, key.environment.gateway.keyRotationDays),
      retired: result.retired ?? [],
    });
  },
);
