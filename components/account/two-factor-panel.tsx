"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { authClient } from "@/lib/auth/client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Badge } from "@/components/ui/card";
import { RecoveryCodes } from "./recovery-codes";
import { twoFactorErrorMessage } from "./auth-errors";
import { normaliseOtpauthUri, otpauthSecret } from "@/lib/auth/two-factor-uri";
import { OtpauthQr } from "./otpauth-qr";

type Step =
  | { name: "idle" }
  | { name: "password"; purpose: "enable" | "disable" | "codes" }
  | { name: "scan"; uri: string; secret: string; codes: string[] }
  | { name: "codes"; codes: string[] };

const alertClass =
  "rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200";

/**
 * Two-factor sign-in for the signed-in user: turn it on (password → authenticator secret →
 * a code from the app → recovery codes, shown once), replace the recovery codes, turn it off.
 * Talks to better-auth's /api/auth/two-factor/* endpoints, which record each change in the audit
 * trail (lib/auth/two-factor.ts).
 */
export function TwoFactorPanel({
  enabled,
  recoveryCodesLeft,
  cannotDisable,
  email,
  continueHref,
}: {
  enabled: boolean;
  recoveryCodesLeft: number | null;
  /** Set when REQUIRE_ADMIN_2FA keeps an admin from turning it off: says why. */
  cannotDisable?: string;
  email: string;
  /** Where to go once set up (the enrolment page); otherwise the page refreshes. */
  continueHref?: string;
}) {
  const router = useRouter();
  const [step, setStep] = useState<Step>({ name: "idle" });
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const reset = () => {
    setStep({ name: "idle" });
    setError(null);
  };

  async function submitPassword(
    event: React.FormEvent<HTMLFormElement>,
    purpose: "enable" | "disable" | "codes",
  ) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    if (!password) return setError("Enter your password.");
    setPending(true);
    setError(null);
    setNotice(null);
    try {
      if (purpose === "enable") {
        const { data, error } = await authClient.twoFactor.enable({ password });
        if (error || !data || !("totpURI" in data) || !data.totpURI)
          return setError(twoFactorErrorMessage(error));
        const uri = normaliseOtpauthUri(data.totpURI);
        setStep({ name: "scan", uri, secret: otpauthSecret(uri), codes: data.backupCodes ?? [] });
      } else if (purpose === "codes") {
        const { data, error } = await authClient.twoFactor.generateBackupCodes({ password });
        if (error || !data) return setError(twoFactorErrorMessage(error));
        setStep({ name: "codes", codes: data.backupCodes });
      } else {
        const { error } = await authClient.twoFactor.disable({ password });
        if (error) return setError(twoFactorErrorMessage(error));
        reset();
        setNotice("Two-factor sign-in is off. Your password alone now signs you in.");
        router.refresh();
      }
    } finally {
      setPending(false);
    }
  }

  async function submitCode(event: React.FormEvent<HTMLFormElement>, codes: string[]) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "").replace(/\s+/g, "");
    if (!/^\d{6}$/.test(code))
      return setError("Enter the 6-digit code your authenticator app shows.");
    setPending(true);
    setError(null);
    const { error } = await authClient.twoFactor.verifyTotp({ code });
    setPending(false);
    if (error) return setError(twoFactorErrorMessage(error));
    setStep({ name: "codes", codes });
  }

  function finish() {
    reset();
    if (continueHref) {
      router.replace(continueHref);
    } else {
      setNotice(
        enabled
          ? "Your new recovery codes are in use; the old ones no longer work."
          : "Two-factor sign-in is on. You will be asked for a code at each sign-in.",
      );
    }
    router.refresh();
  }

  const errorBox = error && (
    <p role="alert" className={alertClass}>
      {error}
    </p>
  );

  if (step.name === "password") {
    const labels = {
      enable: { intro: "Confirm it is you: enter your password.", submit: "Continue" },
      codes: {
        intro: "Enter your password to make new recovery codes. The old ones stop working.",
        submit: "Make new recovery codes",
      },
      disable: {
        intro:
          "Turning two-factor sign-in off makes your account easier to take over. Enter your password to confirm.",
        submit: "Turn off two-factor sign-in",
      },
    }[step.purpose];
    return (
      <form
        onSubmit={(e) => submitPassword(e, step.purpose)}
        noValidate
        className={`max-w-md space-y-4 ${step.purpose === "disable" ? "rounded-md border border-red-300 p-4 dark:border-red-800" : ""}`}
      >
        {errorBox}
        <p className="text-sm">{labels.intro}</p>
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          autoFocus
        />
        <div className="flex gap-2">
          <Button
            type="submit"
            variant={step.purpose === "disable" ? "danger" : "primary"}
            disabled={pending}
          >
            {pending ? "Checking…" : labels.submit}
          </Button>
          <Button type="button" variant="ghost" onClick={reset}>
            Cancel
          </Button>
        </div>
      </form>
    );
  }

  if (step.name === "scan") {
    return (
      <div className="space-y-5">
        <ol className="list-decimal space-y-3 pl-5 text-sm">
          <li>
            Open an authenticator app (for example Google Authenticator, Microsoft Authenticator,
            1Password or FreeOTP) and scan this code, or add an account by entering the key below.
            Choose a time-based key if asked.
            <div className="mt-2">
              <OtpauthQr uri={step.uri} />
            </div>
            <dl className="mt-2 grid max-w-xl grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-md border border-slate-200 bg-slate-50 p-3 dark:border-slate-700 dark:bg-slate-950">
              <dt className="text-slate-600 dark:text-slate-400">Account</dt>
              <dd>{email}</dd>
              <dt className="text-slate-600 dark:text-slate-400">Key</dt>
              <dd>
                <code
                  className="select-all break-all font-mono text-base tracking-wider"
                  data-testid="totp-secret"
                >
                  {step.secret.match(/.{1,4}/g)?.join(" ")}
                </code>
              </dd>
            </dl>
            <details className="mt-2">
              <summary className="cursor-pointer text-slate-700 underline dark:text-slate-300">
                Set-up link (otpauth://) instead of typing the key
              </summary>
              <p className="mt-1 text-slate-600 dark:text-slate-400">
                On the device that has the authenticator app, open this link, or paste it into an
                app that accepts one.
              </p>
              <a
                href={step.uri}
                className="mt-1 block break-all font-mono text-xs text-blue-700 underline dark:text-blue-300"
                data-testid="totp-uri"
              >
                {step.uri}
              </a>
            </details>
          </li>
          <li>Enter the 6-digit code the app shows for “{email}”.</li>
        </ol>
        <form onSubmit={(e) => submitCode(e, step.codes)} noValidate className="max-w-xs space-y-4">
          {errorBox}
          <Field
            label="Code from the app"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={7}
            required
            autoFocus
          />
          <div className="flex gap-2">
            <Button type="submit" disabled={pending}>
              {pending ? "Checking…" : "Turn on"}
            </Button>
            <Button type="button" variant="ghost" onClick={reset}>
              Cancel
            </Button>
          </div>
        </form>
      </div>
    );
  }

  if (step.name === "codes") {
    return (
      <RecoveryCodes
        codes={step.codes}
        email={email}
        onDone={finish}
        doneLabel={continueHref ? "Continue to the dashboard" : "Done"}
      />
    );
  }

  return (
    <div className="space-y-4">
      {notice && (
        <p
          role="status"
          className="rounded-md bg-green-50 p-3 text-sm text-green-900 dark:bg-green-950 dark:text-green-200"
        >
          {notice}
        </p>
      )}
      {enabled ? (
        <>
          <p className="text-sm">
            <Badge tone="green">On</Badge> Each sign-in asks for a code from your authenticator app,
            or one of your recovery codes.
            {recoveryCodesLeft !== null && (
              <>
                {" "}
                You have <strong data-testid="recovery-codes-left">{recoveryCodesLeft}</strong>{" "}
                unused recovery {recoveryCodesLeft === 1 ? "code" : "codes"}.
              </>
            )}
          </p>
          {recoveryCodesLeft !== null && recoveryCodesLeft <= 3 && (
            <p className="text-sm text-amber-800 dark:text-amber-300">
              Few recovery codes are left: make new ones.
            </p>
          )}
          <div className="flex flex-wrap gap-2">
            <Button
              type="button"
              variant="secondary"
              onClick={() => setStep({ name: "password", purpose: "codes" })}
            >
              Make new recovery codes
            </Button>
            {!cannotDisable && (
              <Button
                type="button"
                variant="secondary"
                onClick={() => setStep({ name: "password", purpose: "disable" })}
              >
                Turn off…
              </Button>
            )}
          </div>
          {cannotDisable && (
            <p className="text-sm text-slate-600 dark:text-slate-400">{cannotDisable}</p>
          )}
        </>
      ) : (
        <>
          <p className="text-sm">
            <Badge tone="amber">Off</Badge> Your password alone signs you in. With two-factor
            sign-in, a sign-in also needs a 6-digit code from an authenticator app on your phone.
          </p>
          <Button type="button" onClick={() => setStep({ name: "password", purpose: "enable" })}>
            Turn on two-factor sign-in
          </Button>
        </>
      )}
    </div>
  );
}
