"use client";
import { useActionState } from "react";
import { createGatewayAction, type FormState } from "@/lib/gateway/actions";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

export function CreateGatewayForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(createGatewayAction, {});
  const e = state.fields ?? {};
  return (
    <form
      action={action}
      className="grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-start"
      noValidate
    >
      {state.message && (
        <p role="alert" className="text-sm text-red-700 sm:col-span-3 dark:text-red-400">
          {state.message}
        </p>
      )}
      <Field
        label="Merchant gateway id"
        name="merchantGatewayId"
        placeholder="MGW_000001"
        pattern="[A-Za-z0-9_\-]{10}"
        maxLength={10}
        hint="The 10-character id Thales gave you."
        error={e.merchantGatewayId}
        required
      />
      <Field
        label="Display name"
        name="name"
        placeholder="EU card gateway"
        error={e.name}
        required
      />
      <Button type="submit" disabled={pending} className="sm:mt-6">
        {pending ? "Creating…" : "Create gateway"}
      </Button>
    </form>
  );
}
