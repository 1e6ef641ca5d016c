import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readValidJson } from "@/lib/api/validated";
import { assignCustodianSchema } from "@/lib/custody/schema";
import { assignCustodian } from "@/lib/custody/mutations";
import { listCustodians } from "@/lib/custody/data";
import { toCustodianDto } from "@/lib/custody/dto";
import { custodyFindings } from "@/lib/custody/findings";
import { environmentExists } from "@/lib/environment/data";

export const dynamic = "force-dynamic";
type Params = { envId: string };

/** The environment's custodians (?includeRemoved=true for former ones) and its custody findings. */
export const GET = apiRoute<Params>("viewer", async ({ req, db, params }) => {
  if (!(await environmentExists(db, params.envId)))
    return apiError(404, "not_found", "No environment with this id.");
  const includeRemoved = new URL(req.url).searchParams.get("includeRemoved") === "true";
  const [rows, findings] = await Promise.all([
    listCustodians(db, params.envId, includeRemoved),
    custodyFindings(db, { environmentId: params.envId }),
  ]);
  return Response.json({ custodians: rows.map(toCustodianDto), findings });
});

/** Names a user custodian (admin): { userId }. Audited. */
export const POST = apiRoute<Params>("admin", async ({ req, db, actor, params }) => {
  const body = await readValidJson(req, assignCustodianSchema, "The custodian", 4 * 1024);
  if (!body.ok) return body.response;
  const result = await assignCustodian(db, actor, params.envId, body.data.userId);
  if (!result.ok)
    return apiError(
      result.status,
      result.code,
      result.message,
      result.fields ? { fields: result.fields } : {},
    );
  const row = (await listCustodians(db, params.envId)).find((c) => c.id === result.id)!;
  return Response.json(toCustodianDto(row), { status: 201 });
});
