"use client";
import { useState } from "react";
import { authClient } from "@/lib/auth/client";
import { safeNextPath } from "@/lib/auth/safe-next";
import { Button } from "@/components/ui/button";

/** Starts OpenID Connect sign-in: better-auth answers with the provider's URL, the browser goes there. */
export function SsoSignInButton({ label, next }: { label: string; next: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onClick() {
    setPending(true);
    setError(null);
    const { error } = await authClient.signIn.social({
      provider: "oidc",
      callbackURL: safeNextPath(next),
      errorCallbackURL: "/sign-in",
    });
    // On success the browser is already leaving for the identity provider.
    if (error) {
      setPending(false);
      setError(
        error.message ??
          "The identity provider could not be reached. Try again, or ask an administrator.",
      );
    }
  }

  return (
    <div className="space-y-2">
      {error && (
        <p
          role="alert"
          className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {error}
        </p>
      )}
      <Button
        type="button"
        variant="secondary"
        className="w-full"
        disabled={pending}
        onClick={onClick}
      >
        {pending ? "Redirecting…" : label}
      </Button>
    </div>
  );
}
