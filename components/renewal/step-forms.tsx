"use client";
import { useActionState, useState } from "react";
import {
  deployRenewalAction,
  retireRenewalAction,
  submitRenewalAction,
  type RenewalState,
} from "@/lib/renewal/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { isoDay } from "@/lib/dates";

const today = () => isoDay(new Date());
const Problem = ({ state }: { state: RenewalState }) =>
  state.message ? (
    <p role="alert" className="text-sm text-red-700 dark:text-red-400">
      {state.message}
    </p>
  ) : null;

export function SubmitStepForm({ renewalId }: { renewalId: string }) {
  const [state, action, pending] = useActionState<RenewalState, FormData>(
    submitRenewalAction.bind(null, renewalId),
    {},
  );
  return (
    <form
      action={action}
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      noValidate
    >
      <Problem state={state} />
      <Field
        label="Sent to Thales on"
        name="submittedAt"
        type="date"
        defaultValue={today()}
        error={state.fields?.submittedAt}
      />
      <Field label="Reference (optional)" name="reference" error={state.fields?.reference} />
      <Button type="submit" disabled={pending}>
        Record submission
      </Button>
    </form>
  );
}

export type InstallationChoice = { id: string; label: string };

/** The old certificate's installations that still carry it: which now carry the new one? */
function InstallationChoices({
  installations,
  error,
}: {
  installations: InstallationChoice[];
  error?: string;
}) {
  return (
    <fieldset className="space-y-1 sm:col-span-3">
      <legend className="text-sm font-medium">
        Installations that now carry the new certificate
      </legend>
      {installations.map((i) => (
        <label key={i.id} className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="installationIds" value={i.id} className="h-4 w-4" />
          {i.label}
        </label>
      ))}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </fieldset>
  );
}

export function DeployStepForm({
  renewalId,
  installations,
}: {
  renewalId: string;
  installations: InstallationChoice[];
}) {
  const [state, action, pending] = useActionState<RenewalState, FormData>(
    deployRenewalAction.bind(null, renewalId),
    {},
  );
  return (
    <form
      action={action}
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      noValidate
    >
      <Problem state={state} />
      {installations.length > 0 ? (
        <InstallationChoices installations={installations} error={state.fields?.installationIds} />
      ) : (
        <p
          className="text-sm text-slate-600 sm:col-span-3 dark:text-slate-400"
          data-testid="no-installation"
        >
          No installation recorded for the old certificate: confirming records only that the new one
          is deployed. Record installations on the certificate&apos;s page to follow them here.
        </p>
      )}
      <Field
        label="Deployed on"
        name="deployedAt"
        type="date"
        defaultValue={today()}
        error={state.fields?.deployedAt}
      />
      <Field label="Note (where, change ticket)" name="note" error={state.fields?.note} />
      <Button type="submit" disabled={pending}>
        Confirm deployed
      </Button>
    </form>
  );
}

/** A later pass of the deployed step: more of the old certificate's installations now carry the new one. */
export function DeployMoreForm({
  renewalId,
  installations,
}: {
  renewalId: string;
  installations: InstallationChoice[];
}) {
  const [state, action, pending] = useActionState<RenewalState, FormData>(
    deployRenewalAction.bind(null, renewalId),
    {},
  );
  return (
    <form
      action={action}
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      noValidate
      aria-label="More installations deployed"
    >
      <Problem state={state} />
      <InstallationChoices installations={installations} error={state.fields?.installationIds} />
      <input type="hidden" name="deployedAt" value={today()} />
      <Field label="Note (optional)" name="note" error={state.fields?.note} />
      <span />
      <Button type="submit" disabled={pending}>
        Mark deployed
      </Button>
    </form>
  );
}

/** Retiring marks the old certificate superseded: confirm it first. */
export function RetireStepForm({ renewalId, oldName }: { renewalId: string; oldName: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState<RenewalState>(
    retireRenewalAction.bind(null, renewalId),
    {},
  );
  if (!confirming)
    return <Button onClick={() => setConfirming(true)}>Retire the old certificate…</Button>;
  return (
    <form action={action} className="space-y-2">
      <Problem state={state} />
      <p className="text-sm">
        The old certificate {oldName} will be marked superseded by the new one. Do it once the old
        one is no longer in use.
      </p>
      <div className="flex gap-2">
        <Button type="submit" variant="danger" disabled={pending}>
          Confirm: retire it
        </Button>
        <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>
          Not yet
        </Button>
      </div>
    </form>
  );
}
