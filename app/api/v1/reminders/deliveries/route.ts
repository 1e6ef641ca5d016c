import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { fieldErrors } from "@/lib/validation/field-errors";
import { deliveryQuerySchema } from "@/lib/reminder/schema";
import { listDeliveries } from "@/lib/reminder/data";

export const dynamic = "force-dynamic";

/** The delivery log: each reminder delivery with its attempts, newest first; `nextAfter` pages on. */
export const GET = apiRoute("viewer", async ({ req, db }) => {
  const parsed = deliveryQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success)
    return apiError(422, "invalid_query", "The query is not valid.", {
      fields: fieldErrors(parsed.error),
    });
  return Response.json(await listDeliveries(db, parsed.data));
});
