"use client";
import { useActionState } from "react";
import { createUserAction, type AdminFormState } from "@/lib/auth/admin-actions";
import { Field, inputClass } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

export function CreateUserForm() {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(createUserAction, {});
  const e = state.fields ?? {};
  return (
    <form action={action} className="grid gap-4 sm:grid-cols-2" noValidate>
      {state.message && (
        <p role="alert" className="text-sm text-red-700 sm:col-span-2 dark:text-red-400">
          {state.message}
        </p>
      )}
      {state.done && (
        <p role="status" className="text-sm text-green-800 sm:col-span-2 dark:text-green-300">
          {state.done}
        </p>
      )}
      <Field label="Email" name="email" type="email" error={e.email} required />
      <Field label="Name" name="name" error={e.name} />
      <Field
        label="Initial password"
        name="password"
        type="password"
        autoComplete="new-password"
        error={e.password}
        hint="At least 12 characters; tell the person to change it."
        required
      />
      <div className="space-y-1">
        <label htmlFor="new-user-role" className="block text-sm font-medium">
          Role
        </label>
        <select id="new-user-role" name="role" defaultValue="viewer" className={inputClass}>
          <option value="viewer">viewer: reads everything</option>
          <option value="operator">
            operator: works CSRs, certificates, trust stores, checklists
          </option>
          <option value="admin">admin: users, gateways, settings, and all of operator</option>
        </select>
        {e.role && (
          <p role="alert" className="text-sm text-red-700">
            {e.role}
          </p>
        )}
      </div>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create user"}
        </Button>
      </div>
    </form>
  );
}
