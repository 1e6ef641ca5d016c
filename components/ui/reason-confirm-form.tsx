"use client";
import { useActionState, useState } from "react";
import { Button } from "./button";
import { Field } from "./field";

export type ReasonState = { ok?: boolean; message?: string; fields?: Record<string, string> };

/** A destructive step: opens on a first click, needs a reason, and a second, explicit click. */
export function ReasonConfirmForm({
  action,
  openLabel,
  confirmLabel,
  explanation,
}: {
  action: (prev: ReasonState, form: FormData) => Promise<ReasonState>;
  openLabel: string;
  confirmLabel: string;
  explanation: string;
}) {
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState<ReasonState, FormData>(action, {});
  if (!open)
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {openLabel}
      </Button>
    );
  return (
    <form
      action={formAction}
      className="space-y-3 rounded-md border border-red-300 p-4 dark:border-red-800"
      noValidate
    >
      {state.message && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {state.message}
        </p>
      )}
      <p className="text-sm">{explanation}</p>
      <Field label="Reason" name="reason" error={state.fields?.reason} />
      <div className="flex gap-2">
        <Button type="submit" variant="danger" disabled={pending}>
          {pending ? "Saving…" : confirmLabel}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Keep it
        </Button>
      </div>
    </form>
  );
}
