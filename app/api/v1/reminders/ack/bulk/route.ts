import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readValidJson } from "@/lib/api/validated";
import { bulkAcknowledgeSchema } from "@/lib/reminder/schema";
import { acknowledgeMany } from "@/lib/reminder/bulk";
import { toReminderStateDto } from "@/lib/reminder/dto";

export const dynamic = "force-dynamic";

/** Acknowledges many reminders at once (operator): { items: [{ certificateId, subject }] }, all or none. Each is audited as from the page. */
export const POST = apiRoute("operator", async ({ req, db, actor }) => {
  const body = await readValidJson(req, bulkAcknowledgeSchema, "The acknowledgement");
  if (!body.ok) return body.response;
  const result = await acknowledgeMany(db, actor, body.data);
  if (!result.ok)
    return apiError(
      result.code === "not_found" ? 404 : 422,
      result.code,
      result.message,
      result.field ? { fields: { [result.field]: result.message } } : {},
    );
  return Response.json({ states: result.states.map(toReminderStateDto) });
});
