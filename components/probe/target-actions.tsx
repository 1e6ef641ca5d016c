"use client";
import { useState, useTransition } from "react";
import { removeProbeTargetAction, runProbeAction, setProbeDailyAction } from "@/lib/probe/actions";
import { Button } from "@/components/ui/button";

/** Probes the target now; the page refreshes with the stored result. */
export function RunNowButton({
  targetId,
  label,
  limitSeconds,
}: {
  targetId: string;
  label: string;
  limitSeconds: number;
}) {
  const [pending, start] = useTransition();
  const [outcome, setOutcome] = useState<{ ok?: boolean; message?: string } | null>(null);
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button
        aria-label={`Run now: ${label}`}
        disabled={pending}
        onClick={() => start(async () => setOutcome(await runProbeAction(targetId)))}
      >
        {pending ? "Probing…" : "Run now"}
      </Button>
      <span role="status" aria-live="polite" className="text-xs text-slate-600 dark:text-slate-400">
        {pending ? `At most ${limitSeconds} s.` : (outcome?.message ?? "")}
      </span>
    </span>
  );
}

export function DailyToggle({
  targetId,
  daily,
  label,
}: {
  targetId: string;
  daily: boolean;
  label: string;
}) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        aria-pressed={daily}
        aria-label={`Probe ${label} daily`}
        disabled={pending}
        onClick={() =>
          start(async () =>
            setMessage((await setProbeDailyAction(targetId, !daily)).message ?? null),
          )
        }
      >
        {daily ? "Daily: on" : "Daily: off"}
      </Button>
      {message && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {message}
        </span>
      )}
    </span>
  );
}

/** Removing a target takes its results with it: ask once more, and say so. */
export function RemoveTargetButton({
  targetId,
  label,
  results,
}: {
  targetId: string;
  label: string;
  results: number;
}) {
  const [confirming, setConfirming] = useState(false);
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  if (!confirming)
    return (
      <Button variant="ghost" aria-label={`Remove ${label}…`} onClick={() => setConfirming(true)}>
        Remove…
      </Button>
    );
  return (
    <fieldset
      className="inline-flex flex-wrap items-center gap-2"
      aria-label={`Confirm removal of ${label}`}
    >
      <span className="text-xs">
        Remove {label}
        {results > 0 ? ` and its ${results} result${results > 1 ? "s" : ""}` : ""}?
      </span>
      <Button
        variant="danger"
        disabled={pending}
        onClick={() =>
          start(async () => setMessage((await removeProbeTargetAction(targetId)).message ?? null))
        }
      >
        {pending ? "Removing…" : "Remove"}
      </Button>
      <Button variant="ghost" onClick={() => setConfirming(false)}>
        Cancel
      </Button>
      {message && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {message}
        </span>
      )}
    </fieldset>
  );
}
