"use client";
import { useActionState, useState } from "react";
import { deployRenewalAction, retireRenewalAction, submitRenewalAction, type RenewalState } from "@/app/(app)/gateways/[merchantGatewayId]/[env]/renewals/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

const today = () => new Date().toISOString().slice(0, 10);
const Problem = ({ state }: { state: RenewalState }) => (state.message ? <p role="alert" className="text-sm text-red-700 dark:text-red-400">{state.message}</p> : null);

export function SubmitStepForm({ renewalId }: { renewalId: string }) {
  const [state, action, pending] = useActionState<RenewalState, FormData>(submitRenewalAction.bind(null, renewalId), {});
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end" noValidate>
      <Problem state={state} />
      <Field label="Sent to Thales on" name="submittedAt" type="date" defaultValue={today()} error={state.fields?.submittedAt} />
      <Field label="Reference (optional)" name="reference" error={state.fields?.reference} />
      <Button type="submit" disabled={pending}>Record submission</Button>
    </form>
  );
}

export function DeployStepForm({ renewalId }: { renewalId: string }) {
  const [state, action, pending] = useActionState<RenewalState, FormData>(deployRenewalAction.bind(null, renewalId), {});
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end" noValidate>
      <Problem state={state} />
      <Field label="Deployed on" name="deployedAt" type="date" defaultValue={today()} error={state.fields?.deployedAt} />
      <Field label="Note (where, change ticket)" name="note" error={state.fields?.note} />
      <Button type="submit" disabled={pending}>Confirm deployed</Button>
    </form>
  );
}

/** Retiring marks the old certificate superseded: confirm it first. */
export function RetireStepForm({ renewalId, oldName }: { renewalId: string; oldName: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState<RenewalState>(retireRenewalAction.bind(null, renewalId), {});
  if (!confirming) return <Button onClick={() => setConfirming(true)}>Retire the old certificate…</Button>;
  return (
    <form action={action} className="space-y-2">
      <Problem state={state} />
      <p className="text-sm">The old certificate {oldName} will be marked superseded by the new one. Do it once the old one is no longer in use.</p>
      <div className="flex gap-2">
        <Button type="submit" variant="danger" disabled={pending}>Confirm: retire it</Button>
        <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>Not yet</Button>
      </div>
    </form>
  );
}
