"use client";
import { useActionState } from "react";
import { createTokenAction, type AdminFormState } from "@/lib/auth/admin-actions";
import { Field, inputClass } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { DEFAULT_TOKEN_DAYS } from "@/lib/auth/token-policy";

export function CreateTokenForm() {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(createTokenAction, {});
  const e = state.fields ?? {};
  return (
    <form action={action} className="grid gap-4 sm:grid-cols-3 sm:items-start" noValidate>
      {state.message && (
        <p role="alert" className="text-sm text-red-700 sm:col-span-3">
          {state.message}
        </p>
      )}
      <Field label="Name" name="name" placeholder="ci-pipeline" error={e.name} required />
      <div className="space-y-1">
        <label htmlFor="token-role" className="block text-sm font-medium">
          Role
        </label>
        <select id="token-role" name="role" defaultValue="viewer" className={inputClass}>
          <option value="viewer">viewer</option>
          <option value="operator">operator</option>
          <option value="admin">admin</option>
        </select>
      </div>
      <Field
        label="Expires in (days)"
        name="expiresInDays"
        type="number"
        min={1}
        max={3650}
        placeholder={String(DEFAULT_TOKEN_DAYS)}
        hint={`Empty: ${DEFAULT_TOKEN_DAYS} days.`}
        error={e.expiresInDays}
      />
      <div className="space-y-1 sm:col-span-3">
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="noExpiry"
            className="h-4 w-4"
            aria-describedby="no-expiry-hint"
          />
          No expiry (admins only)
        </label>
        <p id="no-expiry-hint" className="text-xs text-slate-600 dark:text-slate-400">
          A token that never expires works until it is revoked or its creator is disabled. Prefer a
          date.
        </p>
        {e.noExpiry && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {e.noExpiry}
          </p>
        )}
      </div>
      <div className="sm:col-span-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create token"}
        </Button>
      </div>
      {state.token && (
        <div
          role="status"
          className="rounded-md bg-amber-50 p-3 text-sm sm:col-span-3 dark:bg-amber-950"
        >
          <p className="font-medium">{state.done}</p>
          <code className="mt-2 block break-all font-mono" data-testid="new-token">
            {state.token}
          </code>
        </div>
      )}
    </form>
  );
}
