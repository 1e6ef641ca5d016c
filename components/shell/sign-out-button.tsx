"use client";
import { useRouter } from "next/navigation";
import { authClient } from "@/lib/auth/client";

/** Ends the session on the server (better-auth deletes it), then leaves. */
export function SignOutButton({ className }: { className: string }) {
  const router = useRouter();
  return (
    <button
      type="button"
      className={className}
      onClick={async () => {
        await authClient.signOut();
        router.replace("/sign-in");
        router.refresh();
      }}
    >
      Sign out
    </button>
  );
}
