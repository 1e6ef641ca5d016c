import { getAuth } from "@/lib/auth/server";

export const dynamic = "force-dynamic";

// better-auth's own endpoints: sign-in, sign-out, session.
const handle = async (req: Request) => (await getAuth()).handler(req);
export { handle as GET, handle as POST };
