"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { authClient } from "@/lib/auth/client";
import { safeNextPath } from "@/lib/auth/safe-next";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { TwoFactorChallenge } from "./two-factor-challenge";

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
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
      setError(error.message ?? "Too many failed sign-ins. Wait a few minutes before trying again.");
    } else if (error.status === 403) {
      // LOCAL_SIGN_IN=off: only emergency admins may use a password (lib/auth/local-sign-in.ts).
      setError(error.message ?? "Password sign-in is turned off. Use single sign-on.");
    } else {
      setError("The email or password is not right.");
    }
  }

  if (secondStep) return <TwoFactorChallenge next={next} onRestart={() => setSecondStep(false)} />;

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      {error && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          {error}
        </p>
      )}
      <Field label="Email" name="email" type="email" autoComplete="username" required />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
