"use client";
import { useActionState } from "react";
import { setupAction, type SetupState } from "@/lib/auth/setup-actions";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

export function SetupForm() {
  const [state, action, pending] = useActionState<SetupState, FormData>(setupAction, {});
  const e = state.fields ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.message && (
        <p
          role="alert"
          className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {state.message}
        </p>
      )}
      <Field
        label="Setup code"
        name="setupCode"
        autoComplete="off"
        spellCheck={false}
        error={e.setupCode}
        required
      />
      <Field
        label="Your email"
        name="email"
        type="email"
        autoComplete="email"
        error={e.email}
        required
      />
      <Field label="Your name" name="name" autoComplete="name" error={e.name} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        error={e.password}
        hint="At least 12 characters."
        required
      />
      <Field
        label="Repeat the password"
        name="confirm"
        type="password"
        autoComplete="new-password"
        error={e.confirm}
        required
      />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating…" : "Create administrator"}
      </Button>
    </form>
  );
}
