import { getAuth } from "@/lib/auth/server";
import { claimSignIn, refundSignIn } from "@/lib/auth/mutations";
import { safeNextPath } from "@/lib/auth/safe-next";
import {
  appUrlOrigin,
  bodyTooLarge,
  claimedOrigin,
  originRefusal,
  prepareAuthBody,
  readBodyCapped,
  safeCallbackQuery,
  siteOrigin,
  type Refusal,
} from "@/lib/auth/request-guard";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

const refuse = (r: Refusal) =>
  Response.json({ code: r.code, message: r.message }, { status: r.status, headers: r.headers });

// The identity provider's redirect back (a GET, or a form_post from its own origin) carries
// its own proof (state, PKCE): no Origin check there, and room for an ID token in the body.
const isCallback = (pathname: string) =>
  pathname.startsWith("/api/auth/callback/") || pathname.startsWith("/api/auth/oauth2/callback/");

type Prepared = { request: Request; email: string | null };

/**
 * Before better-auth sees a request: refused when it comes from another origin or its body is
 * too large; its callback URLs kept on this site; and, with APP_URL unset, addressed to the
 * origin the browser used, so that better-auth trusts that origin (it would otherwise see
 * http://localhost:PORT and answer "Invalid origin" at http://127.0.0.1:PORT or a LAN name).
 */
async function prepare(req: Request): Promise<Prepared | Response> {
  const appUrl = env.APP_URL?.trim() || undefined;
  const configured = appUrlOrigin(appUrl);
  const site = configured ?? siteOrigin(req.headers, req.url);
  const url = safeCallbackQuery(new URL(req.url), safeNextPath);
  const target = configured || !site ? url : new URL(`${url.pathname}${url.search}`, site);
  if (req.method !== "POST")
    return {
      request: new Request(target, { method: req.method, headers: req.headers }),
      email: null,
    };

  const callback = isCallback(url.pathname);
  if (!callback) {
    const refusal = originRefusal(claimedOrigin(req.headers), site, appUrl);
    if (refusal) return refuse(refusal);
  }
  const text = await readBodyCapped(req, callback ? 64 * 1024 : undefined);
  if (text === null) return refuse(bodyTooLarge());
  const { body, email } = prepareAuthBody(
    text,
    req.headers.get("content-type") ?? "",
    safeNextPath,
  );
  const headers = new Headers(req.headers);
  headers.delete("content-length");
  return { request: new Request(target, { method: "POST", headers, body }), email };
}

async function get(req: Request) {
  const prepared = await prepare(req);
  if (prepared instanceof Response) return prepared;
  return (await getAuth()).handler(prepared.request);
}

/** Email sign-in also passes the per-account limit, counted before the password is checked. */
async function post(req: Request) {
  const prepared = await prepare(req);
  if (prepared instanceof Response) return prepared;
  const auth = await getAuth();
  if (!new URL(req.url).pathname.endsWith("/sign-in/email")) return auth.handler(prepared.request);
  const { email } = prepared;
  if (!email) {
    // Never let a body we cannot read slip past the per-account limit.
    return refuse({
      status: 400,
      code: "INVALID_BODY",
      message: "Send the email and password as JSON or as a form.",
    });
  }
  const claim = await claimSignIn(email);
  if (!claim.allowed) {
    const seconds = Math.ceil(claim.retryAfterMs / 1000);
    return refuse({
      status: 429,
      code: "TOO_MANY_FAILED_SIGN_INS",
      message: `Too many failed sign-ins for this account. Try again in ${seconds} s.`,
      headers: { "retry-after": String(seconds) },
    });
  }
  const response = await auth.handler(prepared.request);
  if (response.ok) await refundSignIn(email);
  return response;
}

export { get as GET, post as POST };
