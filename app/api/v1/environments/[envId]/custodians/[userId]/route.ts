import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { removeCustodian } from "@/lib/custody/mutations";
import { listCustodians } from "@/lib/custody/data";
import { toCustodianDto } from "@/lib/custody/dto";

export const dynamic = "force-dynamic";

/** Ends a user's custodianship of the environment (admin). The record stays. Audited. */
export const DELETE = apiRoute<{ envId: string; userId: string }>(
  "admin",
  async ({ db, actor, params }) => {
    const result = await removeCustodian(db, actor, params.envId, params.userId);
    if (!result.ok) return apiError(result.status, result.code, result.message);
    const row = (await listCustodians(db, params.envId, true)).find((c) => c.id === result.id)!;
    return Response.json(toCustodianDto(row));
  },
);
