import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readValidJson } from "@/lib/api/validated";
import { csrIn } from "@/lib/api/scoped";
import { cancelCsrSchema } from "@/lib/csr/schema";
import { cancelCsr } from "@/lib/csr/mutations";
import { toCsrDto } from "@/lib/csr/dto";
import { getCsr } from "@/lib/csr/data";

export const dynamic = "force-dynamic";

/** Cancels the CSR (operator): { reason }. Audited. */
export const POST = apiRoute<{ envId: string; csrId: string }>(
  "operator",
  async ({ req, db, actor, params }) => {
    const body = await readValidJson(req, cancelCsrSchema, "The change", 16 * 1024);
    if (!body.ok) return body.response;
    const found = await csrIn(db, params.envId, params.csrId);
    if (!found.ok) return found.response;
    const result = await cancelCsr(db, actor, found.row.id, body.data.reason);
    if (!result.ok) return apiError(409, "csr.wrong_status", result.message);
    return Response.json(toCsrDto(await getCsr(db, found.row.id)));
  },
);
