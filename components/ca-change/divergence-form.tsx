"use client";
import { useSavedToast } from "@/components/ui/toast";
import { useActionState } from "react";
import { setDivergenceReasonAction, type CaChangeFormState } from "@/app/(app)/gateways/[merchantGatewayId]/[env]/ca-changes/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/** Admin: records why PPR and PRD may trust different Thales Client CAs (blank clears it). */
export function DivergenceReasonForm({ gatewayId, reason }: { gatewayId: string; reason: string | null }) {
  const [state, action, pending] = useActionState<CaChangeFormState, FormData>(setDivergenceReasonAction.bind(null, gatewayId), {});
  useSavedToast(state, "Reason saved.");
  return (
    <form action={action} className="flex flex-wrap items-end gap-2" noValidate>
      <div className="min-w-64 flex-1">
        <Field label="Why PPR and PRD may differ" name="reason" defaultValue={reason ?? ""} error={state.fields?.reason} id="divergence-reason" hint="Blank: no reason, and a difference is reported." />
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>Save reason</Button>
      {state.saved && <p role="status" className="text-sm text-green-800 dark:text-green-300">Saved.</p>}
      {state.message && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{state.message}</p>}
    </form>
  );
}
