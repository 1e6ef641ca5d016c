"use client";
import { createAuthClient } from "better-auth/react";
import { twoFactorClient } from "better-auth/client/plugins";

/** Talks to better-auth's endpoints under /api/auth from the browser. */
export const authClient = createAuthClient({
  // The sign-in form shows the second step itself (no redirect to a separate page).
  plugins: [twoFactorClient()],
});
