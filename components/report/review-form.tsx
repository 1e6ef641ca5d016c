"use client";
import { useActionState, useEffect, useRef, useState } from "react";
import { recordReviewAction, type ReviewFormState } from "@/lib/review/actions";
import { useSavedToast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { isoDay } from "@/lib/dates";

type Scope = { id: string; label: string };

/**
 * The yearly review (admins): date, reviewer, what was reviewed, what changed. A review cannot be
 * edited once recorded, so the form asks for a confirmation that names the scope and the date.
 */
export function ReviewForm({
  scopes,
  defaultScope,
  defaultReviewer,
}: {
  scopes: Scope[];
  defaultScope: string;
  defaultReviewer: string;
}) {
  const [state, action, pending] = useActionState<ReviewFormState, FormData>(
    recordReviewAction,
    {},
  );
  const [confirming, setConfirming] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useSavedToast(state, "Review recorded");
  // biome-ignore lint/correctness/useExhaustiveDependencies: state is the trigger, each answer ends the confirmation
  useEffect(() => setConfirming(false), [state]);
  const summary = () => {
    const form = formRef.current;
    if (!form) return "";
    const data = new FormData(form);
    const scope = scopes.find((s) => s.id === data.get("environmentId"))?.label ?? "everything";
    return `Record the review of ${scope} on ${String(data.get("reviewedOn") || "(no date)")} by ${String(data.get("reviewer") || "(no reviewer)")}? It is audited and cannot be changed afterwards.`;
  };
  const error = state.fields ?? {};
  const sent = state.values ?? {};
  return (
    <form
      ref={formRef}
      action={action}
      className="space-y-3"
      noValidate
      aria-label="Record a yearly review"
    >
      {state.message && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {state.message}
        </p>
      )}
      <div className="grid gap-3 sm:grid-cols-3">
        <div className="space-y-1">
          <label htmlFor="review-scope" className="block text-sm font-medium">
            Scope
          </label>
          <select
            id="review-scope"
            name="environmentId"
            defaultValue={sent.environmentId ?? defaultScope}
            className={inputClass}
            aria-invalid={error.environmentId ? true : undefined}
          >
            <option value="">Everything (every gateway and environment)</option>
            {scopes.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <Field
          label="Reviewed on"
          name="reviewedOn"
          id="review-date"
          type="date"
          defaultValue={sent.reviewedOn ?? isoDay(new Date())}
          error={error.reviewedOn}
        />
        <Field
          label="Reviewer"
          name="reviewer"
          id="review-reviewer"
          defaultValue={sent.reviewer ?? defaultReviewer}
          error={error.reviewer}
          hint="Who did the review (it may be someone other than you)."
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="review-notes" className="block text-sm font-medium">
          What was reviewed
        </label>
        <textarea
          id="review-notes"
          name="notes"
          rows={3}
          defaultValue={sent.notes ?? ""}
          className={inputClass}
          aria-invalid={error.notes ? true : undefined}
          aria-describedby={error.notes ? "review-notes-error" : undefined}
          placeholder="The inventory of keys and certificates, the protocols and cipher suites of each endpoint, the findings…"
        />
        {error.notes && (
          <p
            id="review-notes-error"
            role="alert"
            className="text-sm text-red-700 dark:text-red-400"
          >
            {error.notes}
          </p>
        )}
      </div>
      <div className="space-y-1">
        <label htmlFor="review-changes" className="block text-sm font-medium">
          What changed as a result
        </label>
        <textarea
          id="review-changes"
          name="changes"
          rows={2}
          defaultValue={sent.changes ?? ""}
          className={inputClass}
          aria-invalid={error.changes ? true : undefined}
          placeholder="e.g. TLS 1.2 CBC suites disabled on our server; nothing"
        />
        {error.changes && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error.changes}
          </p>
        )}
      </div>
      {confirming ? (
        <fieldset
          className="flex min-w-0 flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-700 dark:bg-amber-950"
          aria-label="Confirm the review"
        >
          <span className="text-sm" data-testid="review-confirm-text">
            {summary()}
          </span>
          <Button type="submit" disabled={pending}>
            {pending ? "Recording…" : "Confirm: record the review"}
          </Button>
          <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>
            Back to the form
          </Button>
        </fieldset>
      ) : (
        <Button type="button" onClick={() => setConfirming(true)}>
          Record review…
        </Button>
      )}
    </form>
  );
}
