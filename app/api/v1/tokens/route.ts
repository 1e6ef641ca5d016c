import { apiRoute } from "@/lib/api/route";
import { listApiTokens } from "@/lib/auth/tokens";
import { toTokenDto } from "@/lib/auth/dto";

export const dynamic = "force-dynamic";

export const GET = apiRoute("admin", async ({ db }) =>
  Response.json({ tokens: (await listApiTokens(db)).map((t) => toTokenDto(t)) }),
);
