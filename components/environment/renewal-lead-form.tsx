"use client";
import { useSavedToast } from "@/components/ui/toast";
import { useActionState } from "react";
import { setRenewalLeadAction, type LeadFormState } from "@/lib/environment/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/** Admin form: this environment's renewal lead time, or blank for the gateway's. */
export function RenewalLeadForm({
  environmentId,
  override,
  gatewayDefault,
}: {
  environmentId: string;
  override: number | null;
  gatewayDefault: number;
}) {
  const [state, action, pending] = useActionState<LeadFormState, FormData>(
    setRenewalLeadAction.bind(null, environmentId),
    {},
  );
  useSavedToast(state, "Renewal lead time saved.");
  return (
    <form action={action} className="mt-3 flex flex-wrap items-end gap-2" noValidate>
      <div className="w-44">
        <Field
          label="Override (days)"
          name="renewalLeadDaysOverride"
          inputMode="numeric"
          defaultValue={override ?? ""}
          placeholder={`${gatewayDefault} (gateway)`}
          error={state.fields?.renewalLeadDaysOverride}
        />
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Saving…" : "Save lead time"}
      </Button>
      {state.saved && (
        <p role="status" className="text-sm text-green-800 dark:text-green-300">
          Saved. Start-renewal-by dates and reminders follow it.
        </p>
      )}
      {state.message && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {state.message}
        </p>
      )}
    </form>
  );
}
