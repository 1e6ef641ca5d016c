import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readValidJson } from "@/lib/api/validated";
import { createInstallationSchema, type InstallationOwner } from "@/lib/installation/schema";
import { addInstallation } from "@/lib/installation/mutations";
import { findInstallation, listInstallations } from "@/lib/installation/data";
import { toInstallationDto } from "@/lib/installation/dto";
import { installationFailure } from "@/lib/installation/api";
import { environmentExists } from "@/lib/environment/data";

export const dynamic = "force-dynamic";

/** ?environmentId= (required) and at most one of certificateId=, signingKeyId=, serverChain=true; includeRemoved=true for the trail. */
export const GET = apiRoute("viewer", async ({ req, db }) => {
  const query = new URL(req.url).searchParams;
  const environmentId = query.get("environmentId");
  if (!environmentId)
    return apiError(422, "invalid_query", "Name the environment: ?environmentId=…", {
      fields: { environmentId: "environmentId is required." },
    });
  if (!(await environmentExists(db, environmentId)))
    return apiError(404, "not_found", "No environment with this id.");
  const owners = [
    query.get("certificateId"),
    query.get("signingKeyId"),
    query.get("serverChain"),
  ].filter((v) => v !== null);
  if (owners.length > 1)
    return apiError(
      422,
      "invalid_query",
      "Filter by at most one of certificateId, signingKeyId, serverChain.",
    );
  let of: InstallationOwner | undefined;
  if (query.get("certificateId")) of = { certificateId: query.get("certificateId")! };
  else if (query.get("signingKeyId")) of = { signingKeyId: query.get("signingKeyId")! };
  else if (query.get("serverChain") === "true") of = { serverChain: true };
  else if (query.get("serverChain") !== null)
    return apiError(422, "invalid_query", "serverChain takes the value true.");
  const rows = await listInstallations(db, {
    environmentId,
    of,
    includeRemoved: query.get("includeRemoved") === "true",
  });
  return Response.json({ installations: rows.map(toInstallationDto) });
});

/** Records an installation (operator; a new outbound probe target for our server needs admin). Audited. */
export const POST = apiRoute("operator", async ({ req, db, actor }) => {
  const body = await readValidJson(req, createInstallationSchema, "The installation", 16 * 1024);
  if (!body.ok) return body.response;
  const { environmentId, of, ...fields } = body.data;
  const result = await addInstallation(db, actor, environmentId, of, fields);
  if (!result.ok) return installationFailure(result);
  return Response.json(toInstallationDto((await findInstallation(db, result.id))!), {
    status: 201,
  });
});
