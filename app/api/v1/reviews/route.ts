import { apiRoute } from "@/lib/api/route";
import { apiError } from "@/lib/api/respond";
import { readJsonBody } from "@/lib/api/body";
import { fieldErrors } from "@/lib/validation/field-errors";
import { reviewInputSchema } from "@/lib/review/schema";
import { recordReview } from "@/lib/review/mutations";
import { listReviews, reviewStatus, toReviewDto, toReviewStatusDto } from "@/lib/review/data";
import { environmentExists } from "@/lib/environment/data";

export const dynamic = "force-dynamic";

/** Past yearly reviews, newest first (viewer); ?environmentId= also lists the reviews of everything that cover it. */
export const GET = apiRoute("viewer", async ({ req, db }) => {
  const environmentId = new URL(req.url).searchParams.get("environmentId") || null;
  if (environmentId && !(await environmentExists(db, environmentId)))
    return apiError(404, "not_found", "No environment with this id.");
  const [reviews, status] = await Promise.all([
    listReviews(db, { environmentId }),
    reviewStatus(db, environmentId),
  ]);
  return Response.json({ status: toReviewStatusDto(status), reviews: reviews.map(toReviewDto) });
});

/** Records a yearly review (admin): { environmentId?, reviewedOn: "YYYY-MM-DD", reviewer, notes, changes? }. */
export const POST = apiRoute("admin", async ({ req, db, actor }) => {
  const body = await readJsonBody(req, 32 * 1024);
  if (!body.ok) return body.response;
  const parsed = reviewInputSchema.safeParse(body.value ?? {});
  if (!parsed.success)
    return apiError(422, "invalid_body", "The review is not valid.", {
      fields: fieldErrors(parsed.error),
    });
  const result = await recordReview(db, actor, parsed.data);
  if (!result.ok) return apiError(result.status, result.code, result.message);
  const [review] = (
    await listReviews(db, { environmentId: parsed.data.environmentId, take: 200 })
  ).filter((r) => r.id === result.id);
  return Response.json(
    {
      review: toReviewDto(review!),
      status: toReviewStatusDto(await reviewStatus(db, parsed.data.environmentId)),
    },
    { status: 201 },
  );
});
