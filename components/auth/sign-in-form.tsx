"use client";
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { authClient } from "@/lib/auth/client";
import { safeNextPath } from "@/lib/auth/safe-next";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { TwoFactorChallenge } from "./two-factor-challenge";

/** `configuredOrigin`: APP_URL's origin, when set; a page opened elsewhere is told where to go. */
export function SignInForm({
  next,
  configuredOrigin = null,
}: {
  next: string;
  configuredOrigin?: string | null;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [openedAt, setOpenedAt] = useState<string | null>(null);
  useEffect(() => setOpenedAt(window.location.origin), []);
  const elsewhere = configuredOrigin && openedAt && openedAt !== configuredOrigin;
  const [pending, setPending] = useState(false);
  // The password was right and the account has two-factor sign-in: ask for the code next.
  const [secondStep, setSecondStep] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const { data, error } = await authClient.signIn.email({
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    });
    setPending(false);
    if (!error && data && "twoFactorRedirect" in data && data.twoFactorRedirect) {
      setSecondStep(true);
    } else if (!error) {
      router.replace(safeNextPath(next));
      router.refresh();
    } else if (error.status === 429) {
      setError(
        error.message ?? "Too many failed sign-ins. Wait a few minutes before trying again.",
      );
    } else if (error.status === 403) {
      // LOCAL_SIGN_IN=off: only emergency admins may use a password (lib/auth/local-sign-in.ts).
      // Or a page opened at another address than APP_URL's (lib/auth/request-guard.ts).
      setError(error.message ?? "Password sign-in is turned off. Use single sign-on.");
    } else if (error.status === 401 || !error.message) {
      setError("The email or password is not right.");
    } else {
      setError(error.message);
    }
  }

  if (secondStep) return <TwoFactorChallenge next={next} onRestart={() => setSecondStep(false)} />;

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      {elsewhere && !error && (
        <p
          role="status"
          className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          This dashboard is configured for {configuredOrigin}: open it there (
          <a className="underline" href={`${configuredOrigin}/sign-in`}>
            {configuredOrigin}/sign-in
          </a>
          ), or change APP_URL.
        </p>
      )}
      {error && (
        <p
          role="alert"
          className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {error}
        </p>
      )}
      <Field label="Email" name="email" type="email" autoComplete="username" required />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
