import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readValidJson } from "@/lib/api/validated";
import { bulkSnoozeSchema } from "@/lib/reminder/schema";
import { snoozeMany } from "@/lib/reminder/bulk";
import { toReminderStateDto } from "@/lib/reminder/dto";

export const dynamic = "force-dynamic";

/** Snoozes many reminders until one date with one reason (operator): { items, until, reason }, all or none. Each is audited. */
export const POST = apiRoute("operator", async ({ req, db, actor }) => {
  const body = await readValidJson(req, bulkSnoozeSchema, "The snooze");
  if (!body.ok) return body.response;
  const result = await snoozeMany(db, actor, body.data);
  if (!result.ok)
    return apiError(
      result.code === "not_found" ? 404 : 422,
      result.code,
      result.message,
      result.field ? { fields: { [result.field]: result.message } } : {},
    );
  return Response.json({ states: result.states.map(toReminderStateDto) });
});
