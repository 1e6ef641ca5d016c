import { redirect } from "next/navigation";
import { setupPending } from "@/lib/auth/data";
import { getCurrentUser } from "@/lib/auth/session";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SsoSignInButton } from "@/components/auth/sso-sign-in-button";
import { ssoButton } from "@/lib/auth/oidc";
import { localSignInFromEnv, ssoErrorMessage } from "@/lib/auth/oidc-config";
import { safeNextPath } from "@/lib/auth/safe-next";
import { appUrlOrigin } from "@/lib/auth/request-guard";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ setup?: string; next?: string; error?: string }>;
}) {
  if (await setupPending()) redirect("/setup");
  if (await getCurrentUser()) redirect("/");
  const { setup, next, error } = await searchParams;
  const target = safeNextPath(next);
  const sso = ssoButton();
  const localOff = localSignInFromEnv() === "off";
  return (
    <main className="mx-auto max-w-sm px-4 py-16">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        D1 mTLS certificate dashboard
      </p>
      {setup === "done" && (
        <p
          role="status"
          className="mt-4 rounded-md bg-green-50 p-3 text-sm text-green-900 dark:bg-green-950 dark:text-green-200"
        >
          The administrator was created. Sign in with it.
        </p>
      )}
      {error && (
        <p
          role="alert"
          className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {ssoErrorMessage(error)}
        </p>
      )}
      {sso && (
        <div className="mt-8">
          <SsoSignInButton label={sso.label} next={target} />
        </div>
      )}
      <div className="mt-8">
        {localOff && (
          <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
            Password sign-in is for emergency administrators only.
          </p>
        )}
        <SignInForm next={target} configuredOrigin={appUrlOrigin(env.APP_URL)} />
      </div>
    </main>
  );
}
