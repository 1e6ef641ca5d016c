"use client";
import { createAuthClient } from "better-auth/react";

/** Talks to better-auth's endpoints under /api/auth from the browser. */
export const authClient = createAuthClient();
