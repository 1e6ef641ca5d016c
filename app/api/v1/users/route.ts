import { apiRoute } from "@/lib/api/route";
import { listUsers } from "@/lib/auth/lifecycle";
import { toUserDto } from "@/lib/auth/dto";

export const dynamic = "force-dynamic";

export const GET = apiRoute("admin", async ({ db }) =>
  Response.json({ users: (await listUsers(db)).map(toUserDto) }),
);
