"use client";
import { useActionState } from "react";
import { acknowledgeAction, snoozeAction, type ReminderFormState } from "@/lib/reminder/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/**
 * The reminders about one date of one certificate: what comes next (or why none will), and for an
 * operator, acknowledge or snooze. Once acknowledged or stopped there is nothing left to act on.
 */
export function ReminderControls({
  certificateId,
  subject,
  label,
  outlook,
  canAct,
}: {
  certificateId: string;
  subject: string;
  label: string;
  outlook: string;
  canAct: boolean;
}) {
  const [ack, ackAction, ackPending] = useActionState<ReminderFormState>(
    acknowledgeAction.bind(null, certificateId, subject),
    {},
  );
  const [snz, snzAction, snzPending] = useActionState<ReminderFormState, FormData>(
    snoozeAction.bind(null, certificateId, subject),
    {},
  );
  return (
    <div
      className="space-y-2 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700"
      data-testid={`reminders-${subject}`}
    >
      <p className="font-medium">Reminders about {label}</p>
      <p role="status">{outlook}</p>
      {(ack.message || snz.message) && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {ack.message ?? snz.message}
        </p>
      )}
      {canAct && (
        <div className="flex flex-wrap items-end gap-3">
          <form action={ackAction}>
            <Button type="submit" variant="secondary" disabled={ackPending}>
              Acknowledge
            </Button>
          </form>
          <form action={snzAction} className="flex flex-wrap items-end gap-2" noValidate>
            <Field
              label="Snooze until"
              name="until"
              type="date"
              error={snz.fields?.until}
              id={`snooze-until-${subject}`}
            />
            <Field
              label="Reason"
              name="reason"
              error={snz.fields?.reason}
              id={`snooze-reason-${subject}`}
            />
            <Button type="submit" variant="secondary" disabled={snzPending}>
              Snooze
            </Button>
          </form>
        </div>
      )}
    </div>
  );
}
