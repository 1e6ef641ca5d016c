import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readValidJson } from "@/lib/api/validated";
import { removeInstallationSchema, updateInstallationSchema } from "@/lib/installation/schema";
import { removeInstallation, updateInstallation } from "@/lib/installation/mutations";
import { findInstallation } from "@/lib/installation/data";
import { toInstallationDto } from "@/lib/installation/dto";
import { installationFailure } from "@/lib/installation/api";
import { fieldErrors } from "@/lib/validation/field-errors";

export const dynamic = "force-dynamic";
type Params = { installationId: string };

export const GET = apiRoute<Params>("viewer", async ({ db, params }) => {
  const row = await findInstallation(db, params.installationId);
  if (!row) return apiError(404, "not_found", "No such installation.");
  return Response.json(toInstallationDto(row));
});

/** Edits an installation (operator): every field, and the version read (409 installation.stale otherwise). Audited. */
export const PATCH = apiRoute<Params>("operator", async ({ req, db, actor, params }) => {
  const body = await readValidJson(req, updateInstallationSchema, "The installation", 16 * 1024);
  if (!body.ok) return body.response;
  const result = await updateInstallation(db, actor, params.installationId, body.data);
  if (!result.ok) return installationFailure(result);
  return Response.json(toInstallationDto((await findInstallation(db, result.id))!));
});

/** Removes an installation from the inventory (operator): ?version=N (the one read). The row stays as evidence. Audited. */
export const DELETE = apiRoute<Params>("operator", async ({ req, db, actor, params }) => {
  const parsed = removeInstallationSchema.safeParse({
    version: new URL(req.url).searchParams.get("version") ?? undefined,
  });
  if (!parsed.success)
    return apiError(422, "invalid_query", "Send the version you read: ?version=N.", {
      fields: fieldErrors(parsed.error),
    });
  const result = await removeInstallation(db, actor, params.installationId, parsed.data.version);
  if (!result.ok) return installationFailure(result);
  return Response.json(toInstallationDto((await findInstallation(db, result.id))!));
});
