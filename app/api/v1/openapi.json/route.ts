import { apiRoute } from "@/lib/api/route";
import { openApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-dynamic";

// Behind a token like the rest of /api/v1, so that the rule "every /api/v1 path needs a
// token" has no exception to remember.
export const GET = apiRoute("viewer", async ({ req }) =>
  Response.json(openApiDocument(new URL(req.url).origin)),
);
