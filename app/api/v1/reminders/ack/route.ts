import { apiRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/body";
import { apiError } from "@/lib/api/respond";
import { fieldErrors } from "@/lib/validation/field-errors";
import { acknowledgeSchema } from "@/lib/reminder/schema";
import { acknowledge } from "@/lib/reminder/mutations";
import { toReminderStateDto } from "@/lib/reminder/dto";

export const dynamic = "force-dynamic";

/** Acknowledge a certificate's reminders about one subject: no more of them. Audited. */
export const POST = apiRoute("operator", async ({ req, db, actor }) => {
  const body = await readJsonBody(req);
  if (!body.ok) return body.response;
  const parsed = acknowledgeSchema.safeParse(body.value);
  if (!parsed.success)
    return apiError(422, "invalid_body", "The acknowledgement is not valid.", {
      fields: fieldErrors(parsed.error),
    });
  const result = await acknowledge(db, actor, parsed.data);
  if (!result.ok)
    return apiError(result.code === "not_found" ? 404 : 422, result.code, result.message);
  return Response.json(toReminderStateDto(result.state));
});
