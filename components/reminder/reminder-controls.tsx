"use client";
import { useActionState } from "react";
import { acknowledgeAction, snoozeAction, type ReminderFormState } from "@/app/(app)/notifications/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

type State = { acknowledgedAt: string | null; acknowledgedBy: string | null; snoozedUntil: string | null; snoozeReason: string | null } | null;

/** Acknowledge or snooze the reminders about one date of one certificate. */
export function ReminderControls({ certificateId, subject, label, state }: { certificateId: string; subject: string; label: string; state: State }) {
  const [ack, ackAction, ackPending] = useActionState<ReminderFormState>(acknowledgeAction.bind(null, certificateId, subject), {});
  const [snz, snzAction, snzPending] = useActionState<ReminderFormState, FormData>(snoozeAction.bind(null, certificateId, subject), {});
  return (
    <div className="space-y-2 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700">
      <p className="font-medium">Reminders about {label}</p>
      {state?.acknowledgedAt && <p role="status">Acknowledged by {state.acknowledgedBy} on {state.acknowledgedAt.slice(0, 10)}: no more reminders.</p>}
      {state?.snoozedUntil && new Date(state.snoozedUntil) > new Date() && <p role="status">Snoozed until {state.snoozedUntil.slice(0, 10)}: {state.snoozeReason}</p>}
      {(ack.message || snz.message) && <p role="alert" className="text-red-700 dark:text-red-400">{ack.message ?? snz.message}</p>}
      <div className="flex flex-wrap items-end gap-3">
        <form action={ackAction}>
          <Button type="submit" variant="secondary" disabled={ackPending}>Acknowledge</Button>
        </form>
        <form action={snzAction} className="flex flex-wrap items-end gap-2" noValidate>
          <Field label="Snooze until" name="until" type="date" error={snz.fields?.until} />
          <Field label="Reason" name="reason" error={snz.fields?.reason} />
          <Button type="submit" variant="secondary" disabled={snzPending}>Snooze</Button>
        </form>
      </div>
    </div>
  );
}
