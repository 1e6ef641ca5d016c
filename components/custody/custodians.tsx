"use client";
import { useActionState, useState } from "react";
import {
  acknowledgeCustodyAction,
  assignCustodianAction,
  removeCustodianAction,
  type CustodyFormState,
} from "@/lib/custody/actions";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

export type CustodianRow = {
  userId: string;
  name: string;
  email: string;
  disabled: boolean;
  assignedAt: string;
  assignedBy: string;
  acknowledgedAt: string | null;
};

const Problem = ({ state }: { state: CustodyFormState }) =>
  state.message ? (
    <p role="alert" className="text-sm text-red-700 dark:text-red-400">
      {state.message}
    </p>
  ) : null;
const day = (iso: string) => iso.slice(0, 10);

function RemoveCustodian({ environmentId, row }: { environmentId: string; row: CustodianRow }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState<CustodyFormState>(
    removeCustodianAction.bind(null, environmentId, row.userId),
    {},
  );
  if (!confirming)
    return (
      <Button
        variant="ghost"
        onClick={() => setConfirming(true)}
        aria-label={`Remove custodian ${row.email}…`}
      >
        Remove…
      </Button>
    );
  return (
    <form action={action} className="space-y-2">
      <Problem state={state} />
      <p className="text-sm">{row.email} will no longer be a custodian of this environment.</p>
      <div className="flex gap-2">
        <Button type="submit" variant="danger" disabled={pending}>
          Confirm: remove
        </Button>
        <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>
          Keep
        </Button>
      </div>
    </form>
  );
}

function Acknowledge({ environmentId }: { environmentId: string }) {
  const [state, action, pending] = useActionState<CustodyFormState>(
    acknowledgeCustodyAction.bind(null, environmentId),
    {},
  );
  return (
    <form action={action} className="space-y-2">
      <Problem state={state} />
      <p className="text-sm">
        As a custodian you hold this environment&apos;s keys and certificates: you know where they
        are installed, you keep them protected, and you see to their renewal and retirement.
      </p>
      <Button type="submit" disabled={pending}>
        I acknowledge my duties as custodian
      </Button>
    </form>
  );
}

function AssignCustodian({
  environmentId,
  candidates,
}: {
  environmentId: string;
  candidates: { id: string; label: string }[];
}) {
  const [state, action, pending] = useActionState<CustodyFormState, FormData>(
    assignCustodianAction.bind(null, environmentId),
    {},
  );
  if (candidates.length === 0)
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Every enabled user is already a custodian here.
      </p>
    );
  return (
    <form action={action} className="mt-3 flex flex-wrap items-end gap-2" noValidate>
      <div className="min-w-64 flex-1 space-y-1">
        <label htmlFor="custodian-user" className="block text-sm font-medium">
          Name a custodian
        </label>
        <select
          id="custodian-user"
          name="userId"
          className={inputClass}
          defaultValue=""
          aria-invalid={state.fields?.userId ? true : undefined}
        >
          <option value="" disabled>
            Choose a user…
          </option>
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
        {state.fields?.userId && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {state.fields.userId}
          </p>
        )}
      </div>
      <Button type="submit" disabled={pending}>
        Assign
      </Button>
      <div className="w-full">
        <Problem state={state} />
      </div>
    </form>
  );
}

/** The environment's custodians; admins assign and remove them, a custodian acknowledges their own duties. */
export function Custodians({
  environmentId,
  rows,
  currentUserId,
  isAdmin,
  candidates,
}: {
  environmentId: string;
  rows: CustodianRow[];
  currentUserId: string;
  isAdmin: boolean;
  candidates: { id: string; label: string }[];
}) {
  const mine = rows.find((r) => r.userId === currentUserId);
  return (
    <div className="space-y-4">
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          No custodian is named for this environment yet.{isAdmin ? "" : " An admin names them."}
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" aria-label="Custodians">
          {rows.map((row) => (
            <li
              key={row.userId}
              className="flex flex-wrap items-start justify-between gap-3 py-2 text-sm"
              data-testid="custodian"
            >
              <div>
                <p className="font-medium">
                  {row.name && row.name !== row.email ? (
                    <>
                      {row.name}{" "}
                      <span className="font-normal text-slate-600 dark:text-slate-400">
                        {row.email}
                      </span>
                    </>
                  ) : (
                    row.email
                  )}
                  {row.disabled && (
                    <strong className="ml-2 text-red-700 dark:text-red-400">
                      account disabled
                    </strong>
                  )}
                </p>
                <p className="text-xs text-slate-600 dark:text-slate-400">
                  Assigned {day(row.assignedAt)} by {row.assignedBy} ·{" "}
                  {row.acknowledgedAt ? (
                    <span className="text-green-800 dark:text-green-300">
                      acknowledged {day(row.acknowledgedAt)}
                    </span>
                  ) : (
                    <span className="text-amber-800 dark:text-amber-300">not acknowledged yet</span>
                  )}
                </p>
              </div>
              {isAdmin && <RemoveCustodian environmentId={environmentId} row={row} />}
            </li>
          ))}
        </ul>
      )}
      {mine && !mine.acknowledgedAt && <Acknowledge environmentId={environmentId} />}
      {isAdmin && (
        <AssignCustodian
          environmentId={environmentId}
          candidates={candidates.filter((c) => !rows.some((r) => r.userId === c.id))}
        />
      )}
    </div>
  );
}
