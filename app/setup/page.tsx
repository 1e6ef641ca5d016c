import { redirect } from "next/navigation";
import { setupPending } from "@/lib/auth/data";
import { SetupForm } from "@/components/auth/setup-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "First-run setup" };

export default async function SetupPage() {
  if (!(await setupPending())) redirect("/sign-in");
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <h1 className="text-2xl font-semibold">Set up the dashboard</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        Create the first administrator. The setup code is printed in the server&apos;s log at start
        (a line beginning <code className="font-mono">[setup] SETUP CODE</code>), so that only
        someone who runs the server can claim it.
      </p>
      <div className="mt-8">
        <SetupForm />
      </div>
    </main>
  );
}
