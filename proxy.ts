// Next.js 16 proxy (formerly middleware): security headers on every page and API response,
// with a fresh CSP nonce per request. Deliberately cheap: no database, no session, no auth
// (pages and routes check those themselves). See docs/decisions/0006-security-headers.md.
import { NextResponse, type NextRequest } from "next/server";
import { cameOverHttps, newNonce, securityHeaders } from "@/lib/security/headers";
import { setupBodyRefusal } from "@/lib/auth/request-guard";
import { env } from "@/lib/env";

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const https = cameOverHttps({
    forwardedProto: request.headers.get("x-forwarded-proto"),
    protocol: request.nextUrl.protocol,
    appUrl: env.APP_URL,
  });
  const headers = securityHeaders(nonce, { dev: env.NODE_ENV === "development", https });
  const csp = headers["Content-Security-Policy"]!;

  // Next.js takes the nonce from the request's CSP header and puts it on its scripts.
  // `set` also overwrites any x-nonce or CSP header a client sent.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);

  // First-run setup is a server action: Next.js would read up to its 2 MB limit before the action runs.
  const refusal =
    request.method === "POST" && request.nextUrl.pathname === "/setup"
      ? setupBodyRefusal(request.headers.get("content-length"))
      : null;
  const response = refusal
    ? NextResponse.json(
        { code: refusal.code, message: refusal.message },
        { status: refusal.status },
      )
    : NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but the build's immutable static files (no HTML there, nothing to nonce).
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
