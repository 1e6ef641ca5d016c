import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readValidJson } from "@/lib/api/validated";
import { csrIn } from "@/lib/api/scoped";
import { submitCsrSchema } from "@/lib/csr/schema";
import { markCsrSubmitted } from "@/lib/csr/mutations";
import { toCsrDto } from "@/lib/csr/dto";
import { getCsr } from "@/lib/csr/data";

export const dynamic = "force-dynamic";

/** Marks the CSR sent to Thales (operator): { submittedAt: "YYYY-MM-DD", submittedTo, reference? }. Audited. */
export const POST = apiRoute<{ envId: string; csrId: string }>(
  "operator",
  async ({ req, db, actor, params }) => {
    const body = await readValidJson(req, submitCsrSchema, "The change", 16 * 1024);
    if (!body.ok) return body.response;
    const found = await csrIn(db, params.envId, params.csrId);
    if (!found.ok) return found.response;
    const result = await markCsrSubmitted(db, actor, found.row.id, body.data);
    if (!result.ok) return apiError(409, "csr.wrong_status", result.message);
    return Response.json(toCsrDto(await getCsr(db, found.row.id)));
  },
);
