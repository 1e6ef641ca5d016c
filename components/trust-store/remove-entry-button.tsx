"use client";
import { useState, useTransition } from "react";
import { removeTrustEntryAction } from "@/lib/trust-store/actions";
import { Button } from "@/components/ui/button";

/** Removing trust is a possible outage: ask once more, naming what goes. */
export function RemoveEntryButton({ entryId, subject }: { entryId: string; subject: string }) {
  const [confirming, setConfirming] = useState(false);
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  if (!confirming)
    return (
      <Button variant="ghost" aria-label={`Remove ${subject}`} onClick={() => setConfirming(true)}>
        Remove…
      </Button>
    );
  return (
    <fieldset
      className="inline-flex min-w-0 flex-wrap items-center gap-2"
      aria-label={`Confirm removal of ${subject}`}
    >
      <span className="text-xs">Stop trusting this?</span>
      <Button
        variant="danger"
        disabled={pending}
        onClick={() =>
          start(async () => setMessage((await removeTrustEntryAction(entryId)).message ?? null))
        }
      >
        {pending ? "Removing…" : "Remove"}
      </Button>
      <Button variant="ghost" onClick={() => setConfirming(false)}>
        Cancel
      </Button>
      {message && (
        <span role="alert" className="text-xs text-red-700">
          {message}
        </span>
      )}
    </fieldset>
  );
}
