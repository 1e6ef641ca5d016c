"use client";
import { useActionState, useState } from "react";
import {
  changeUserRoleAction,
  disableUserAction,
  enableUserAction,
  type UserActionState,
} from "@/lib/auth/admin-actions";
import { inputClass } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

type Props = {
  id: string;
  email: string;
  role: "viewer" | "operator" | "admin";
  disabled: boolean;
  liveTokens: number;
};

function Result({ state }: { state: UserActionState }) {
  if (state.message)
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        {state.message}
      </p>
    );
  if (state.done)
    return (
      <p role="status" className="text-sm text-green-800 dark:text-green-300">
        {state.done}
      </p>
    );
  return null;
}

/** Role change, and disable (after an explicit confirmation) or enable, for one user row. */
export function UserActions({ id, email, role, disabled, liveTokens }: Props) {
  const [roleState, roleAction, rolePending] = useActionState<UserActionState, FormData>(
    changeUserRoleAction,
    {},
  );
  const [disableState, disableAction, disablePending] = useActionState<UserActionState, FormData>(
    disableUserAction,
    {},
  );
  const [enableState, enableAction, enablePending] = useActionState<UserActionState, FormData>(
    enableUserAction,
    {},
  );
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="space-y-2">
      <form action={roleAction} className="flex flex-wrap items-center gap-2">
        <input type="hidden" name="id" value={id} />
        {/* "Access level", not "Role": the new-user form above has the page's one "Role" field. */}
        <label htmlFor={`role-${id}`} className="sr-only">
          Access level of {email}
        </label>
        <select
          id={`role-${id}`}
          name="role"
          defaultValue={role}
          className={`${inputClass} w-auto`}
        >
          <option value="viewer">viewer</option>
          <option value="operator">operator</option>
          <option value="admin">admin</option>
        </select>
        <Button
          type="submit"
          variant="secondary"
          disabled={rolePending}
          aria-label={`Change access level of ${email}`}
        >
          {rolePending ? "Saving…" : "Change"}
        </Button>
        {disabled ? (
          <Button
            formAction={enableAction}
            variant="secondary"
            disabled={enablePending}
            aria-label={`Enable ${email}`}
          >
            {enablePending ? "Enabling…" : "Enable"}
          </Button>
        ) : (
          !confirming && (
            <Button
              type="button"
              variant="secondary"
              onClick={() => setConfirming(true)}
              aria-label={`Disable ${email}`}
            >
              Disable
            </Button>
          )
        )}
      </form>
      {confirming && !disabled && (
        <form
          action={disableAction}
          className="space-y-2 rounded-md border border-red-300 p-3 dark:border-red-800"
        >
          <input type="hidden" name="id" value={id} />
          <p className="text-sm">
            Disable {email}? Their sessions end now and{" "}
            {liveTokens === 1
              ? "the API token they made is"
              : `the ${liveTokens} API tokens they made are`}{" "}
            revoked for good. They cannot sign in until an admin enables them again.
          </p>
          <div className="flex gap-2">
            <Button type="submit" variant="danger" disabled={disablePending}>
              {disablePending ? "Disabling…" : `Disable ${email}`}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>
              Keep them
            </Button>
          </div>
        </form>
      )}
      <Result state={roleState} />
      <Result state={disableState} />
      <Result state={enableState} />
    </div>
  );
}
