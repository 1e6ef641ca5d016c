"use client";
import { useSavedToast } from "@/components/ui/toast";
import { useActionState, useState } from "react";
import {
  tickChecklistItemAction,
  untickChecklistItemAction,
  type TickFormState,
} from "@/lib/checklist/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { isoDay } from "@/lib/dates";

/** A person ticks an item: what they checked, and when. Opens on demand to keep the list calm. */
export function TickForm({
  environmentId,
  item,
  title,
}: {
  environmentId: string;
  item: string;
  title: string;
}) {
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState<TickFormState, FormData>(
    tickChecklistItemAction.bind(null, environmentId, item),
    {},
  );
  useSavedToast(state, `Ticked: ${title}`);
  if (!open)
    return (
      <Button
        variant="secondary"
        onClick={() => setOpen(true)}
        aria-label={`Tick by hand: ${title}`}
      >
        Tick by hand…
      </Button>
    );
  return (
    <form
      action={action}
      className="mt-2 space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-700"
      noValidate
    >
      {state.message && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {state.message}
        </p>
      )}
      <Field label="What you checked" name="note" id={`note-${item}`} error={state.fields?.note} />
      <Field
        label="Done on"
        name="doneOn"
        type="date"
        id={`done-${item}`}
        defaultValue={isoDay(new Date())}
        error={state.fields?.doneOn}
      />
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Tick it"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Takes a manual tick back, after an explicit second click. */
export function UntickButton({
  environmentId,
  item,
  title,
}: {
  environmentId: string;
  item: string;
  title: string;
}) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState<TickFormState>(
    untickChecklistItemAction.bind(null, environmentId, item),
    {},
  );
  if (!confirming)
    return (
      <Button
        variant="ghost"
        onClick={() => setConfirming(true)}
        aria-label={`Take back the tick: ${title}`}
      >
        Take back…
      </Button>
    );
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <span className="text-sm">Take back this tick? It is audited.</span>
      <Button type="submit" variant="danger" disabled={pending}>
        Confirm: take it back
      </Button>
      <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>
        Keep it
      </Button>
      {state.message && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {state.message}
        </p>
      )}
    </form>
  );
}
