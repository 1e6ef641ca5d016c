import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { mustEnrolTwoFactorNow } from "@/lib/auth/data";
import { TwoFactorPanel } from "@/components/account/two-factor-panel";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { buttonClass } from "@/components/ui/button";

export const dynamic = "force-dynamic";
export const metadata = { title: "Set up two-factor sign-in" };

/**
 * Where REQUIRE_ADMIN_2FA holds an admin without two-factor sign-in (lib/auth/session.ts): it
 * sits outside the signed-in layout, which would send them here again. Anyone else goes on to
 * their security page.
 */
export default async function TwoFactorSetupPage() {
  const user = await requireUser("viewer", { twoFactorSetup: true });
  if (!(await mustEnrolTwoFactorNow(user))) redirect("/account/security");
  return (
    <main className="mx-auto max-w-2xl px-4 py-16">
      <h1 className="text-2xl font-semibold">Set up two-factor sign-in</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        Signed in as {user.email}. Administrators must use two-factor sign-in on this server: set it
        up to continue. Nothing else is available until then.
      </p>
      <section className="mt-8 rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <TwoFactorPanel
          enabled={false}
          recoveryCodesLeft={null}
          email={user.email}
          continueHref="/"
        />
      </section>
      <div className="mt-6">
        <SignOutButton className={buttonClass("ghost")} />
      </div>
    </main>
  );
}
