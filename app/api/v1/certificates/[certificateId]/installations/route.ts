import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { listInstallations } from "@/lib/installation/data";
import { toInstallationDto } from "@/lib/installation/dto";
import { certificateEnvironment } from "@/lib/certificate/data";

export const dynamic = "force-dynamic";

/** Where a client certificate is installed (not removed ones unless ?includeRemoved=true). */
export const GET = apiRoute<{ certificateId: string }>("viewer", async ({ req, db, params }) => {
  const cert = await certificateEnvironment(db, params.certificateId);
  if (!cert) return apiError(404, "not_found", "No such certificate.");
  const includeRemoved = new URL(req.url).searchParams.get("includeRemoved") === "true";
  const rows = await listInstallations(db, {
    environmentId: cert.environmentId,
    of: { certificateId: cert.id },
    includeRemoved,
  });
  return Response.json({ installations: rows.map(toInstallationDto) });
});
