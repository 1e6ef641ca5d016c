"use client";
import { useEffect } from "react";
import { usePathname } from "next/navigation";

let lastPing = 0;

/**
 * Slides the session's idle expiry as the user moves around the app. better-auth pushes the
 * expiry (in the database and in the cookie together) only when /api/auth/get-session is called
 * from the browser; page renders on the server read the session without refreshing it.
 * At most one call per `everySeconds`; better-auth itself writes at most once per update age.
 */
export function SessionKeepAlive({ everySeconds }: { everySeconds: number }) {
  const pathname = usePathname();
  // biome-ignore lint/correctness/useExhaustiveDependencies: pathname is the trigger, a ping per navigation
  useEffect(() => {
    const now = Date.now();
    if (now - lastPing < everySeconds * 1000) return;
    lastPing = now;
    void fetch("/api/auth/get-session", { credentials: "same-origin", cache: "no-store" }).catch(
      () => {},
    );
  }, [pathname, everySeconds]);
  return null;
}
