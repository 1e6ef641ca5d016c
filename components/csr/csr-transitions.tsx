"use client";
import { useActionState } from "react";
import { cancelCsrAction, submitCsrAction, type TransitionState } from "@/lib/csr/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ReasonConfirmForm } from "@/components/ui/reason-confirm-form";
import { isoDay } from "@/lib/dates";

function Message({ state }: { state: TransitionState }) {
  return state.message ? (
    <p role="alert" className="text-sm text-red-700 dark:text-red-400">
      {state.message}
    </p>
  ) : null;
}

export function SubmitCsrForm({ csrId }: { csrId: string }) {
  const [state, action, pending] = useActionState<TransitionState, FormData>(
    submitCsrAction.bind(null, csrId),
    {},
  );
  const e = state.fields ?? {};
  return (
    <form action={action} className="space-y-3" noValidate>
      <Message state={state} />
      <div className="grid gap-3 sm:grid-cols-3">
        <Field
          label="Sent on"
          name="submittedAt"
          type="date"
          defaultValue={isoDay(new Date())}
          error={e.submittedAt}
        />
        <Field
          label="Sent to"
          name="submittedTo"
          placeholder="Thales representative"
          error={e.submittedTo}
        />
        <Field
          label="Reference (optional)"
          name="reference"
          placeholder="Ticket or email subject"
          error={e.reference}
        />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Mark as submitted"}
      </Button>
    </form>
  );
}

export function CancelCsrForm({ csrId }: { csrId: string }) {
  return (
    <ReasonConfirmForm
      action={cancelCsrAction.bind(null, csrId)}
      openLabel="Cancel this CSR…"
      confirmLabel="Confirm cancellation"
      explanation="A cancelled CSR stays in the inventory for the record, but can no longer be submitted or fulfilled."
    />
  );
}
