import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { isTrustStoreSlug, TRUST_STORE_KINDS } from "@/lib/trust-store/kinds";
import { removeTrustEntry } from "@/lib/trust-store/mutations";
import { trustEntryEnvironment } from "@/lib/trust-store/data";

export const dynamic = "force-dynamic";

/** Removes one certificate from the store (operator), as the page's remove button. Audited. */
export const DELETE = apiRoute<{ envId: string; kind: string; entryId: string }>(
  "operator",
  async ({ db, actor, params }) => {
    if (!isTrustStoreSlug(params.kind))
      return apiError(404, "not_found", `No trust store "${params.kind}".`);
    const entry = await trustEntryEnvironment(db, params.entryId);
    if (
      !entry ||
      entry.environmentId !== params.envId ||
      entry.kind !== TRUST_STORE_KINDS[params.kind].db
    )
      return apiError(404, "not_found", "No such entry in this trust store.");
    const result = await removeTrustEntry(db, actor, entry.id);
    if (!result.ok) return apiError(404, "not_found", result.message);
    return new Response(null, { status: 204 });
  },
);
