"use client";
import { useActionState } from "react";
import { addProbeTargetAction, type AddTargetState } from "@/lib/probe/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

const DIRECTIONS = [
  {
    value: "inbound",
    label: "Inbound",
    hint: "A D1 server that we call (we are the TLS client). Its chain is checked against this environment's D1 server roots.",
  },
  {
    value: "outbound",
    label: "Outbound",
    hint: "Our server that D1 calls (we are the TLS server). Its chain is checked against Mozilla's roots, its client CA names against the Thales Client CA store.",
  },
] as const;

/** Admins add probe targets; the server validates them again (and again at each probe). */
export function AddTargetForm({ environmentId }: { environmentId: string }) {
  const [state, action, pending] = useActionState<AddTargetState, FormData>(
    addProbeTargetAction.bind(null, environmentId),
    {},
  );
  const v = state.values;
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.message && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {state.message}
        </p>
      )}
      {state.added && (
        <p
          role="status"
          className="rounded-md bg-green-50 p-2 text-sm text-green-900 dark:bg-green-950 dark:text-green-200"
        >
          Added {state.added}. Use “Run now” to probe it.
        </p>
      )}
      <fieldset aria-describedby={state.fields?.direction ? "direction-error" : undefined}>
        <legend className="text-sm font-medium">Direction</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {DIRECTIONS.map((d) => (
            <label
              key={d.value}
              className="flex cursor-pointer gap-2 rounded-md border border-slate-300 p-3 text-sm has-[:checked]:border-blue-600 has-[:checked]:bg-blue-50 dark:border-slate-600 dark:has-[:checked]:border-blue-400 dark:has-[:checked]:bg-blue-950"
            >
              <input
                type="radio"
                name="direction"
                value={d.value}
                defaultChecked={(v?.direction ?? "outbound") === d.value}
                className="mt-1"
              />
              <span>
                <span className="font-medium">{d.label}</span>
                <span className="block text-xs text-slate-600 dark:text-slate-400">{d.hint}</span>
              </span>
            </label>
          ))}
        </div>
        {state.fields?.direction && (
          <p
            id="direction-error"
            role="alert"
            className="mt-1 text-sm text-red-700 dark:text-red-400"
          >
            {state.fields.direction}
          </p>
        )}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
        <Field
          label="Host"
          name="host"
          defaultValue={v?.host ?? ""}
          autoComplete="off"
          spellCheck={false}
          placeholder="api.example.com or 192.0.2.10"
          error={state.fields?.host}
          hint="A host name or an IP address. Loopback and private addresses are probed, but D1 cannot reach our server there (an outbound one is not counted as reachable); link-local and cloud metadata addresses are refused."
        />
        <Field
          label="Port"
          name="port"
          inputMode="numeric"
          defaultValue={v?.port ?? "443"}
          error={state.fields?.port}
          hint="443 or 8443 for D1"
        />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="daily" defaultChecked={v?.daily ?? false} />
        Probe it every day (when its latest result is more than 24 hours old)
      </label>
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add target"}
      </Button>
    </form>
  );
}
