"use client";
import { useActionState, useState } from "react";
import {
  markSigningKeyOnboardedAction,
  retireSigningKeyAction,
  type SigningKeyFormState,
} from "@/lib/signing-key/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ReasonConfirmForm } from "@/components/ui/reason-confirm-form";
import { isoDay } from "@/lib/dates";

/** "Onboarded with Thales on …": opens on a first click, says which key it retires, then confirms. */
export function OnboardSigningKeyForm({
  keyId,
  replacesKid,
}: {
  keyId: string;
  replacesKid: string | null;
}) {
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState<SigningKeyFormState, FormData>(
    markSigningKeyOnboardedAction.bind(null, keyId),
    {},
  );
  if (!open) return <Button onClick={() => setOpen(true)}>Mark onboarded with Thales…</Button>;
  return (
    <form
      action={action}
      className="space-y-3 rounded-md border border-blue-300 p-4 dark:border-blue-800"
      noValidate
    >
      {state.message && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {state.message}
        </p>
      )}
      <Field
        label="Onboarded on"
        name="onboardedAt"
        type="date"
        defaultValue={isoDay(new Date())}
        error={state.fields?.onboardedAt}
        hint="The day Thales confirmed this public key is configured for your merchant gateway id."
      />
      {replacesKid ? (
        <p className="text-sm text-amber-900 dark:text-amber-200">
          This key becomes the active one. The key in use now,{" "}
          <code className="text-xs">{replacesKid}</code>, is retired: switch your backend to the new
          private key first.
        </p>
      ) : (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          This key becomes the environment&apos;s active OAuth signing key.
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Confirm onboarding"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

export function RetireSigningKeyForm({ keyId, active }: { keyId: string; active: boolean }) {
  return (
    <ReasonConfirmForm
      action={retireSigningKeyAction.bind(null, keyId)}
      openLabel="Retire this key…"
      confirmLabel="Confirm retirement"
      explanation={
        active
          ? "A retired key is kept for the record but no longer counts as onboarded: the environment has no active OAuth key until another one is marked onboarded. Ask Thales to remove it too."
          : "A retired key is kept for the record and can no longer be onboarded."
      }
    />
  );
}
