import { getAuth } from "@/lib/auth/server";
import { db } from "@/lib/db/client";
import { clearFailures, recordFailure, retryAfterMs } from "@/lib/auth/sign-in-throttle";

export const dynamic = "force-dynamic";

// better-auth's own endpoints: sign-in, sign-out, session.
async function handle(req: Request) {
  return (await getAuth()).handler(req);
}

async function emailOf(req: Request): Promise<string | null> {
  const type = req.headers.get("content-type") ?? "";
  try {
    const value = type.includes("application/json")
      ? ((await req.json()) as { email?: unknown })?.email
      : type.includes("form")
        ? (await req.formData()).get("email")
        : null;
    return typeof value === "string" && value.trim() ? value : null;
  } catch {
    return null;
  }
}

/** Email sign-in also passes the per-account failure limit. */
async function post(req: Request) {
  if (!new URL(req.url).pathname.endsWith("/sign-in/email")) return handle(req);
  const email = await emailOf(req.clone());
  if (!email) {
    // Never let a body we cannot read slip past the per-account limit.
    return Response.json({ code: "INVALID_BODY", message: "Send the email and password as JSON or as a form." }, { status: 400 });
  }
  const prisma = await db();
  const wait = await retryAfterMs(prisma, email);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    return Response.json(
      { code: "TOO_MANY_FAILED_SIGN_INS", message: `Too many failed sign-ins for this account. Try again in ${seconds} s.` },
      { status: 429, headers: { "retry-after": String(seconds) } },
    );
  }
  const response = await handle(req);
  if (response.status === 401) await recordFailure(prisma, email);
  else if (response.ok) await clearFailures(prisma, email);
  return response;
}

export { handle as GET, post as POST };
