"use client";
import { useActionState, useState } from "react";
import {
  revokeOtherSessionsAction,
  revokeSessionAction,
  type SessionActionState,
} from "@/lib/auth/session-actions";
import { Button } from "@/components/ui/button";

/** Signs out one other session; a first click asks, a second one does it. */
export function RevokeSessionForm({ id, device }: { id: string; device: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState<SessionActionState, FormData>(
    revokeSessionAction,
    {},
  );
  if (state.message && !state.ok)
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        {state.message}
      </p>
    );
  if (!confirming) {
    return (
      <Button
        type="button"
        variant="secondary"
        className="whitespace-nowrap"
        aria-label={`Sign out the session on ${device}`}
        onClick={() => setConfirming(true)}
      >
        Sign out…
      </Button>
    );
  }
  return (
    <form action={action} className="flex flex-wrap items-center justify-end gap-2">
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? "Signing out…" : "Sign it out"}
      </Button>
      <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>
        Keep
      </Button>
    </form>
  );
}

/** Signs out every session but this one, after a confirmation. */
export function RevokeOtherSessionsForm({ others }: { others: number }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState<SessionActionState, FormData>(
    revokeOtherSessionsAction,
    {},
  );
  const status = state.message && (
    <p
      role={state.ok ? "status" : "alert"}
      className={`text-sm ${state.ok ? "text-green-800 dark:text-green-300" : "text-red-700 dark:text-red-400"}`}
    >
      {state.message}
    </p>
  );
  if (others === 0) return status || null;
  if (!confirming) {
    return (
      <div className="space-y-2">
        {status}
        <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>
          Sign out all other sessions…
        </Button>
      </div>
    );
  }
  return (
    <form
      action={action}
      onSubmit={() => setConfirming(false)}
      className="space-y-3 rounded-md border border-red-300 p-4 dark:border-red-800"
    >
      <p className="text-sm">
        Sign out {others === 1 ? "the other session" : `all ${others} other sessions`}? Whoever uses{" "}
        {others === 1 ? "it" : "them"} must sign in again. This session stays signed in.
      </p>
      <div className="flex gap-2">
        <Button type="submit" variant="danger" disabled={pending}>
          {pending ? "Signing out…" : "Sign them out"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
