import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { countAuditEvents, listAuditEvents } from "@/lib/audit/data";
import { fieldErrors } from "@/lib/validation/field-errors";

export const dynamic = "force-dynamic";

const query = z.object({
  action: z.string().max(100).optional(),
  actor: z.string().max(100).optional(),
  before: z
    .string()
    .regex(/^\d{1,18}$/, { error: "before must be a record number." })
    .optional(),
});

/** The audit trail, newest first, 50 per page; `nextBefore` fetches the next page. */
export const GET = apiRoute("viewer", async ({ req, db }) => {
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success)
    return apiError(422, "invalid_query", "The query is not valid.", {
      fields: fieldErrors(parsed.error),
    });
  const { before, ...filter } = parsed.data;
  const [page, total] = await Promise.all([
    listAuditEvents(db, { ...filter, before: before ? BigInt(before) : undefined }),
    countAuditEvents(db),
  ]);
  return Response.json({ total, events: page.events, nextBefore: page.nextBefore });
});
