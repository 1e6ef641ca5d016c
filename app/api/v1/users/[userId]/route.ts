import { apiRoute } from "@/lib/api/route";
import { readJsonBody } from "@/lib/api/body";
import { apiError } from "@/lib/api/respond";
import { fieldErrors } from "@/lib/validation/field-errors";
import { changeUser, listUsers, userChangeSchema } from "@/lib/auth/lifecycle";
import { toUserDto } from "@/lib/auth/dto";

export const dynamic = "force-dynamic";

// Change a user's role and/or disable or enable them (admin). The last active admin stays.
export const PATCH = apiRoute<{ userId: string }>("admin", async ({ req, db, actor, params }) => {
  const body = await readJsonBody(req, 4096);
  if (!body.ok) return body.response;
  const parsed = userChangeSchema.safeParse(body.value);
  if (!parsed.success)
    return apiError(422, "invalid_body", "The change is not valid.", {
      fields: fieldErrors(parsed.error),
    });
  const result = await changeUser(db, actor, params.userId, parsed.data);
  if (!result.ok)
    return apiError(result.code === "user_not_found" ? 404 : 409, result.code, result.message);
  const user = (await listUsers(db)).find((u) => u.id === params.userId);
  return Response.json({
    ...toUserDto(user!),
    changed: result.changed,
    sessionsEnded: result.sessionsEnded,
    tokensRevoked: result.tokensRevoked,
  });
});
