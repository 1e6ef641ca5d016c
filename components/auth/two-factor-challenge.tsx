"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { authClient } from "@/lib/auth/client";
import { safeNextPath } from "@/lib/auth/safe-next";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { signInChallengeOver, twoFactorErrorMessage } from "@/components/account/auth-errors";

/**
 * The second step of a sign-in, for an account with two-factor sign-in: a code from the
 * authenticator app, or one recovery code. better-auth keeps the half-done sign-in in a
 * short-lived cookie (10 minutes, 5 tries); the session is made only once the code is right.
 */
export function TwoFactorChallenge({ next, onRestart }: { next: string; onRestart: () => void }) {
  const router = useRouter();
  const [recovery, setRecovery] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [over, setOver] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const raw = String(new FormData(event.currentTarget).get("code") ?? "").trim();
    const code = recovery ? raw : raw.replace(/\s+/g, "");
    if (!recovery && !/^\d{6}$/.test(code))
      return setError("Enter the 6-digit code your authenticator app shows.");
    if (recovery && !code) return setError("Enter one of your recovery codes.");
    setPending(true);
    setError(null);
    const { error } = recovery
      ? await authClient.twoFactor.verifyBackupCode({ code })
      : await authClient.twoFactor.verifyTotp({ code });
    setPending(false);
    if (!error) {
      router.replace(safeNextPath(next));
      router.refresh();
      return;
    }
    setError(twoFactorErrorMessage(error));
    if (signInChallengeOver(error)) setOver(true);
  }

  const alert = error && (
    <p
      role="alert"
      className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
    >
      {error}
    </p>
  );

  if (over) {
    return (
      <div className="space-y-4">
        {alert}
        <Button type="button" className="w-full" onClick={onRestart}>
          Sign in again
        </Button>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <h2 className="text-lg font-semibold">Two-factor sign-in</h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {recovery
          ? "Enter one of the recovery codes you saved when you set up two-factor sign-in, as written (capitals matter). Each code works once."
          : "Enter the 6-digit code from your authenticator app."}
      </p>
      {alert}
      {recovery ? (
        <Field
          key="recovery"
          label="Recovery code"
          name="code"
          autoComplete="off"
          spellCheck={false}
          required
          autoFocus
        />
      ) : (
        <Field
          key="totp"
          label="Code from the app"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          maxLength={7}
          required
          autoFocus
        />
      )}
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Checking…" : "Verify"}
      </Button>
      <div className="flex flex-wrap justify-between gap-2 text-sm">
        <button
          type="button"
          className="text-blue-700 underline dark:text-blue-300"
          onClick={() => {
            setRecovery(!recovery);
            setError(null);
          }}
        >
          {recovery ? "Use the authenticator app instead" : "Use a recovery code instead"}
        </button>
        <button
          type="button"
          className="text-slate-700 underline dark:text-slate-300"
          onClick={onRestart}
        >
          Start over
        </button>
      </div>
    </form>
  );
}
