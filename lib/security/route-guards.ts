// What may run before the caller's role is known. See docs/decisions/0006-security-headers.md.
//
// Every page and layout under app/(app) must call `requireUser(…)` before it reads any data.
// A check in a parent layout is not enough: on a client-side navigation Next.js re-renders
// only the segments below the shared layout. A crafted request (RSC: 1 with a router-state
// tree) can therefore render a nested layout or page without its parents. Checked by
// lib/security/route-guards.test.ts (sources) and e2e/security.spec.ts (crafted requests).

/** Pages open to anyone, and why. */
export const PUBLIC_PAGES: Readonly<Record<string, string>> = {
  "app/(auth)/sign-in/page.tsx": "The sign-in form itself.",
  "app/setup/page.tsx":
    "First-run setup: needs the one-time code from the server log, and redirects to sign-in once a user exists.",
};

/** Route handlers that are not wrapped in apiRoute(role, …), and why. */
export const PUBLIC_ROUTES: Readonly<Record<string, string>> = {
  "app/api/health/route.ts":
    "Liveness for load balancers: reveals only whether the database answers.",
  "app/api/auth/[...all]/route.ts":
    "better-auth's own endpoints (sign-in, sign-out, session), authenticated by the session cookie.",
  "app/api/calendar/[file]/route.ts":
    "A user's calendar feed at a secret URL: calendar apps cannot send a header, so the 256-bit token in the path is the credential; any unknown token gets 404.",
};

/**
 * Layouts that read data before any requireUser(). An anonymous caller who sends a crafted RSC
 * request with a router-state tree (see e2e/security.spec.ts) gets such a layout rendered on its
 * own, before the page's redirect to sign-in. The environment layout was one (fixed: it now
 * calls requireUser first). The list must stay empty; the tests fail if a layout leaks again.
 */
export const LAYOUTS_READING_BEFORE_AUTH: readonly string[] = [];
